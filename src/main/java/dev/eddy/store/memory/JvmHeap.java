package dev.eddy.store.memory;

import dev.eddy.common.EddyClock;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.jboss.logging.Logger;

/**
 * The JVM's heap, as its memory pool MXBeans report it (Serial, Parallel and G1 collectors alike).
 * Only long-lived pools count: eden and survivor spaces hold young objects the next minor collection
 * empties or promotes, and a survivor space is often nearly full right after one. What predicts an
 * OutOfMemoryError is the old generation (or the one pool of a single-pool collector) after a
 * collection.
 *
 * <p>Serial and Parallel collect the old generation only once it is full, too late to refuse
 * anything: so when it fills past the mark, a collection is asked for to learn how much of it is
 * live, as G1 starts marking once its old generation fills past a mark of its own.
 */
@Singleton
public class JvmHeap implements HeapGuard.Heap {
    private static final Logger LOG = Logger.getLogger(JvmHeap.class);
    private static final Pattern YOUNG = Pattern.compile("eden|survivor|young|nursery", Pattern.CASE_INSENSITIVE);
    /** A full collection of a nearly full heap takes a while: at most one asked for in this time. */
    private static final long COLLECTION_INTERVAL_MILLIS = 5_000;

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(JvmHeap::longLived).toList();
    private final EddyClock clock;
    private final AtomicLong lastCollection = new AtomicLong();
    private NotificationListener listener;

    JvmHeap(EddyClock clock) {
        this.clock = clock;
    }

    static boolean longLived(MemoryPoolMXBean pool) {
        return pool.getType() == MemoryType.HEAP && pool.isValid() && pool.isCollectionUsageThresholdSupported()
                && pool.getUsage().getMax() > 0 && !YOUNG.matcher(pool.getName()).find();
    }

    /** The pools watched, by name (a JVM without any leaves the guard off). */
    Set<String> poolNames() {
        return pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    }

    @Override
    public double usedAfterCollection() {
        double used = 0;
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getCollectionUsage();
            if (usage != null && usage.getMax() > 0) {
                used = Math.max(used, (double) usage.getUsed() / usage.getMax());
            }
        }
        return used;
    }

    @Override
    public synchronized void onCollectionAbove(double fraction, Runnable onFull) {
        if (pools.isEmpty()) {
            LOG.warn("No heap pool of this JVM reports its use after collection: the memory store cannot tell when "
                    + "the heap is full");
            return;
        }
        for (MemoryPoolMXBean pool : pools) {
            long mark = Math.max(1, (long) (pool.getUsage().getMax() * fraction));
            pool.setCollectionUsageThreshold(mark);
            if (pool.isUsageThresholdSupported()) {
                pool.setUsageThreshold(mark);
            }
        }
        Set<String> names = poolNames();
        listener = (notification, handback) -> {
            String type = notification.getType();
            boolean collected = type.equals(MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED);
            boolean filled = type.equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED);
            if (!(collected || filled) || !names.contains(
                    MemoryNotificationInfo.from((CompositeData) notification.getUserData()).getPoolName())) {
                return;
            }
            if (collected) {
                onFull.run();
            } else {
                // Filled past the mark, by live objects or dead ones: a collection tells which.
                collectSoon();
            }
        };
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(listener, null, null);
    }

    @Override
    public void collectSoon() {
        long now = clock.now();
        long last = lastCollection.get();
        if (Math.abs(now - last) < COLLECTION_INTERVAL_MILLIS || !lastCollection.compareAndSet(last, now)) {
            return;
        }
        Thread collection = new Thread(System::gc, "eddy-heap-collection");
        collection.setDaemon(true);
        collection.start();
    }

    /** A stopped Eddy stops listening: the JVM may go on (tests start several Eddys in one). */
    @PreDestroy
    synchronized void close() {
        if (listener == null) {
            return;
        }
        try {
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(listener);
        } catch (ListenerNotFoundException e) {
            // Already gone.
        }
        listener = null;
    }
}
