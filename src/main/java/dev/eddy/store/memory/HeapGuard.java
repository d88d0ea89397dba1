package dev.eddy.store.memory;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps the memory store from running the heap out: once a collection leaves the heap above the
 * full mark, writes that add data fail with ServiceUnavailable (as AWS answers when it cannot take
 * a request now) until a collection finds it below the resume mark. Everything else goes on, so
 * consumers can drain what is stored. The JVM announces the full mark, so while there is room a
 * check is one volatile read.
 */
@Singleton
public class HeapGuard {
    private static final Logger LOG = Logger.getLogger(HeapGuard.class);

    /** The heap as the guard sees it: {@link JvmHeap} in Eddy, one whose fill a test sets in tests. */
    public interface Heap {
        /** Use of the fullest long-lived heap pool after its last collection, as a fraction of its maximum. */
        double usedAfterCollection();

        /** Calls {@code listener} (on any thread) when a collection leaves more than {@code fraction} in use. */
        void onCollectionAbove(double fraction, Runnable listener);

        /**
         * Asks for a collection, off the caller's thread: a generational collector measures the old
         * generation only when it collects it, and a draining Eddy allocates too little to make it.
         */
        void collectSoon();
    }

    private final Heap heap;
    private final double resumeBelow;
    private final AtomicBoolean full = new AtomicBoolean();

    @Inject
    HeapGuard(EddyConfig config, Heap heap) {
        this(config.memory().fullHeapPercent(),
                config.memory().resumeHeapPercent().orElse(config.memory().fullHeapPercent() - 10), heap);
    }

    /** Refuses writes from {@code fullPercent} of the heap used after collection until below {@code resumePercent}. */
    public HeapGuard(int fullPercent, int resumePercent, Heap heap) {
        if (fullPercent > 100 || resumePercent <= 0 || resumePercent >= fullPercent) {
            throw new IllegalArgumentException("eddy.memory.resume-heap-percent (" + resumePercent + ") must be "
                    + "above 0 and below eddy.memory.full-heap-percent (" + fullPercent + "), itself at most 100");
        }
        this.heap = heap;
        this.resumeBelow = resumePercent / 100.0;
        if (fullPercent < 100) {
            heap.onCollectionAbove(fullPercent / 100.0, this::collectionLeftHeapFull);
        }
    }

    /** Runs {@code write}, one that adds stored data, unless the heap is full: then fails with ServiceUnavailable. */
    public <T> Uni<T> admit(Supplier<Uni<T>> write) {
        if (full.get()) {
            double used = heap.usedAfterCollection();
            if (used >= resumeBelow || !resumed()) {
                heap.collectSoon();
                return Uni.createFrom().failure(AwsException.serviceUnavailable("Eddy's memory store is full: the "
                        + "heap is " + percent(used) + "% used after collection. Receive and delete messages or delete "
                        + "objects, or give Eddy more memory."));
            }
        }
        return write.get();
    }

    /** Clears the flag, the heap being below the resume mark; false if it is full again already. */
    private boolean resumed() {
        boolean cleared = full.compareAndSet(true, false);
        // A collection that ended since the caller's read may have announced the heap full, a flag
        // this clearing would lose: read again.
        double used = heap.usedAfterCollection();
        if (used >= resumeBelow) {
            full.set(true);
            return false;
        }
        if (cleared) {
            LOG.infof("The memory store accepts writes again: the heap is %d%% used after collection", percent(used));
        }
        return true;
    }

    private void collectionLeftHeapFull() {
        if (!full.getAndSet(true)) {
            LOG.warnf("The memory store is full: the heap is %d%% used after collection. Writes that add data fail "
                    + "with ServiceUnavailable until it is below %d%%", percent(heap.usedAfterCollection()),
                    percent(resumeBelow));
        }
    }

    private static long percent(double fraction) {
        return Math.round(fraction * 100);
    }
}
