package dev.eddy.store.memory;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A heap whose use after collection the test sets, announcing the full mark as the JVM does after a
 * collection; a collection asked for drops it to what {@link #fillAfterCollection} set. The
 * {@code @Alternative} a test profile enables in place of {@link JvmHeap}.
 */
@Alternative
@Singleton
public class AdjustableHeap implements HeapGuard.Heap {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile double threshold = Double.MAX_VALUE;
    private volatile double used;
    private volatile double afterCollection = Double.NaN;
    private volatile int collectionsAsked;

    /** A collection just left {@code fraction} of the heap in use. */
    public void fill(double fraction) {
        used = fraction;
        if (fraction >= threshold) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The next collection asked for leaves {@code fraction} in use (the garbage a drain left is freed). */
    public void fillAfterCollection(double fraction) {
        afterCollection = fraction;
    }

    public int collectionsAsked() {
        return collectionsAsked;
    }

    @Override
    public double usedAfterCollection() {
        return used;
    }

    @Override
    public void onCollectionAbove(double fraction, Runnable listener) {
        threshold = fraction;
        listeners.add(listener);
    }

    @Override
    public synchronized void collectSoon() {
        collectionsAsked++;
        if (!Double.isNaN(afterCollection)) {
            fill(afterCollection);
            afterCollection = Double.NaN;
        }
    }
}
