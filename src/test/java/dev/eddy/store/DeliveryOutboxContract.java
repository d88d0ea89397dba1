package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryOutbox} must do; each store runs it through a subclass. Time is passed
 * in, so leases and retries are tested without waiting. Each test starts from an empty outbox.
 */
public abstract class DeliveryOutboxContract {
    private static final long LEASE = 60_000;

    protected abstract DeliveryOutbox outbox();

    private DeliveryOutbox outbox;
    private long now;

    @BeforeEach
    void empty() {
        outbox = outbox();
        outbox.clear().await().indefinitely();
        now = 1_800_000_000_000L;
    }

    private OutboxEntry entry(String payload, long due) {
        return OutboxEntry.of(UUID.randomUUID().toString(), "test", "arn:target", payload, due);
    }

    private List<OutboxEntry> claim(int max, long at) {
        return outbox.claim(max, at, LEASE).await().indefinitely();
    }

    @Test
    void aRecordedEntryIsClaimedWithItsKindTargetAndPayload() {
        OutboxEntry recorded = entry("{\"a\":1}", now);
        outbox.record(List.of(recorded)).await().indefinitely();
        List<OutboxEntry> claimed = claim(10, now);
        assertEquals(1, claimed.size());
        OutboxEntry entry = claimed.get(0);
        assertEquals(recorded.id(), entry.id());
        assertEquals("test", entry.kind());
        assertEquals("arn:target", entry.target());
        assertEquals("{\"a\":1}", entry.payload());
        assertEquals(0, entry.attempts());
        assertTrue(entry.lease() != null && !entry.lease().isEmpty());
        assertEquals(1L, outbox.pending().await().indefinitely());
    }

    @Test
    void anEntryIsNotClaimedBeforeItIsDue() {
        outbox.record(List.of(entry("later", now + 5_000))).await().indefinitely();
        assertEquals(List.of(), claim(10, now));
        assertEquals(1, claim(10, now + 5_000).size());
    }

    @Test
    void claimsTakeTheEarliestDueFirstAndAtMostMax() {
        OutboxEntry second = entry("second", now - 1_000);
        OutboxEntry first = entry("first", now - 2_000);
        OutboxEntry third = entry("third", now);
        outbox.record(List.of(second, first, third)).await().indefinitely();
        List<OutboxEntry> claimed = claim(2, now);
        assertEquals(List.of("first", "second"), claimed.stream().map(OutboxEntry::payload).toList());
        assertEquals(List.of("third"), claim(10, now).stream().map(OutboxEntry::payload).toList());
    }

    @Test
    void aClaimedEntryIsHiddenUntilItsLeaseEndsThenClaimedAgainWithANewLease() {
        outbox.record(List.of(entry("leased", now))).await().indefinitely();
        OutboxEntry first = claim(10, now).get(0);
        assertEquals(List.of(), claim(10, now + LEASE - 1));
        List<OutboxEntry> again = claim(10, now + LEASE);
        assertEquals(1, again.size(), "a dead claimer's entry comes back when its lease ends");
        assertEquals(first.id(), again.get(0).id());
        assertNotEquals(first.lease(), again.get(0).lease());
    }

    @Test
    void acknowledgeRemovesTheEntry() {
        outbox.record(List.of(entry("done", now))).await().indefinitely();
        OutboxEntry claimed = claim(10, now).get(0);
        assertTrue(outbox.acknowledge(claimed.id(), claimed.lease()).await().indefinitely());
        assertEquals(0L, outbox.pending().await().indefinitely());
        assertEquals(List.of(), claim(10, now + 10 * LEASE));
        assertFalse(outbox.acknowledge(claimed.id(), claimed.lease()).await().indefinitely());
    }

    @Test
    void aStaleLeaseCanNeitherAcknowledgeNorReschedule() {
        outbox.record(List.of(entry("taken over", now))).await().indefinitely();
        OutboxEntry stale = claim(10, now).get(0);
        OutboxEntry current = claim(10, now + LEASE).get(0);
        assertFalse(outbox.acknowledge(stale.id(), stale.lease()).await().indefinitely());
        assertFalse(outbox.reschedule(stale.id(), stale.lease(), 1, now).await().indefinitely());
        assertFalse(outbox.acknowledge(stale.id(), null).await().indefinitely());
        assertEquals(1L, outbox.pending().await().indefinitely());
        assertTrue(outbox.acknowledge(current.id(), current.lease()).await().indefinitely());
    }

    @Test
    void rescheduleCountsTheFailedAttemptAndMakesTheEntryDueLater() {
        outbox.record(List.of(entry("retry", now))).await().indefinitely();
        OutboxEntry claimed = claim(10, now).get(0);
        assertTrue(outbox.reschedule(claimed.id(), claimed.lease(), 1, now + 20_000).await().indefinitely());
        assertEquals(List.of(), claim(10, now + 19_999));
        OutboxEntry retried = claim(10, now + 20_000).get(0);
        assertEquals(1, retried.attempts());
        assertEquals("retry", retried.payload());
        assertFalse(outbox.acknowledge(claimed.id(), claimed.lease()).await().indefinitely(),
                "the lease before the reschedule no longer holds the entry");
        assertTrue(outbox.acknowledge(retried.id(), retried.lease()).await().indefinitely());
    }

    @Test
    void recordAddsEveryEntryOfTheList() {
        List<OutboxEntry> entries = List.of(entry("a", now), entry("b", now), entry("c", now));
        outbox.record(entries).await().indefinitely();
        assertEquals(3L, outbox.pending().await().indefinitely());
        assertEquals(3, claim(10, now).size());
    }
}
