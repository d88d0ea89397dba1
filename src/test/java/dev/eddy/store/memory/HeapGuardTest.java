package dev.eddy.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.AwsException;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The guard's marks: refused from the full mark, accepted again below the resume mark, nothing in between. */
class HeapGuardTest {
    private final AdjustableHeap heap = new AdjustableHeap();
    private final HeapGuard guard = new HeapGuard(90, 80, heap);

    private String write() {
        return guard.admit(() -> Uni.createFrom().item("stored")).await().indefinitely();
    }

    private AwsException refused() {
        return assertThrows(AwsException.class, this::write);
    }

    @Test
    void writesPassWhileCollectionsLeaveTheHeapBelowTheFullMark() {
        heap.fill(0.89);
        assertEquals("stored", write());
    }

    @Test
    void aCollectionLeavingTheHeapAboveTheFullMarkRefusesWritesWithServiceUnavailable() {
        heap.fill(0.93);
        AwsException refusal = refused();
        assertEquals("ServiceUnavailable", refusal.code());
        assertEquals(503, refusal.status());
        assertFalse(refusal.senderFault());
        assertEquals("Eddy's memory store is full: the heap is 93% used after collection. Receive and delete "
                + "messages or delete objects, or give Eddy more memory.", refusal.getMessage());
    }

    @Test
    void aRefusedWriteDoesNotRun() {
        heap.fill(0.95);
        AtomicBoolean ran = new AtomicBoolean();
        assertThrows(AwsException.class, () -> guard.admit(() -> {
            ran.set(true);
            return Uni.createFrom().item("stored");
        }).await().indefinitely());
        assertFalse(ran.get());
    }

    @Test
    void writesStayRefusedUntilTheHeapIsBelowTheResumeMark() {
        heap.fill(0.93);
        refused();
        heap.fill(0.85);
        refused();
        heap.fill(0.79);
        assertEquals("stored", write());
        // Below the full mark once more: no collection announced it full, so writes go on.
        heap.fill(0.85);
        assertEquals("stored", write());
        heap.fill(0.91);
        refused();
    }

    @Test
    void aRefusedWriteAsksForACollectionSoThatWhatADrainFreedIsSeen() {
        heap.fill(0.95);
        heap.fillAfterCollection(0.40);
        refused();
        assertTrue(heap.collectionsAsked() > 0);
        assertEquals("stored", write());
    }

    @Test
    void theMarksMustBeOrderedWithinZeroToOneHundred() {
        assertThrows(IllegalArgumentException.class, () -> new HeapGuard(80, 80, new AdjustableHeap()));
        assertThrows(IllegalArgumentException.class, () -> new HeapGuard(101, 90, new AdjustableHeap()));
        assertThrows(IllegalArgumentException.class, () -> new HeapGuard(90, 0, new AdjustableHeap()));
    }

    @Test
    void aFullMarkOfOneHundredPercentTurnsTheGuardOff() {
        AdjustableHeap unwatched = new AdjustableHeap();
        HeapGuard off = new HeapGuard(100, 90, unwatched);
        unwatched.fill(1.0);
        assertEquals("stored", off.admit(() -> Uni.createFrom().item("stored")).await().indefinitely());
    }
}
