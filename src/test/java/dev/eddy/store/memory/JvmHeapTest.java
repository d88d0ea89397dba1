package dev.eddy.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.EddyClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real heap of the JVM running the tests, whichever collector it has. */
class JvmHeapTest {
    private final JvmHeap heap = new JvmHeap(new EddyClock());
    /** The marks before the test: an Eddy started in this JVM by another test may have set them. */
    private final Map<MemoryPoolMXBean, Long> collectionMarks = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(MemoryPoolMXBean::isCollectionUsageThresholdSupported)
            .collect(Collectors.toMap(pool -> pool, MemoryPoolMXBean::getCollectionUsageThreshold));
    private final Map<MemoryPoolMXBean, Long> usageMarks = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(MemoryPoolMXBean::isUsageThresholdSupported)
            .collect(Collectors.toMap(pool -> pool, MemoryPoolMXBean::getUsageThreshold));

    @AfterEach
    void close() {
        heap.close();
        collectionMarks.forEach(MemoryPoolMXBean::setCollectionUsageThreshold);
        usageMarks.forEach(MemoryPoolMXBean::setUsageThreshold);
    }

    @Test
    void theFullMarkIsSetOnTheLongLivedHeapPoolsOnly() {
        heap.onCollectionAbove(0.9, () -> { });
        assertFalse(heap.poolNames().isEmpty(), "no pool watched");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (heap.poolNames().contains(pool.getName())) {
                assertFalse(pool.getName().matches("(?i).*(eden|survivor|young).*"), pool.getName());
                long mark = (long) (pool.getUsage().getMax() * 0.9);
                assertEquals(mark, pool.getCollectionUsageThreshold(), pool.getName());
                if (pool.isUsageThresholdSupported()) {
                    // Filling past the mark asks for a collection: Serial and Parallel would only collect when full.
                    assertEquals(mark, pool.getUsageThreshold(), pool.getName());
                }
            }
        }
    }

    @Test
    void aCollectionThatLeavesMoreThanTheMarkInUseIsAnnounced() throws Exception {
        CountDownLatch announced = new CountDownLatch(1);
        // A mark of one byte: whatever survives a full collection is above it.
        heap.onCollectionAbove(Double.MIN_VALUE, announced::countDown);
        System.gc();
        assertTrue(announced.await(10, TimeUnit.SECONDS), "no MEMORY_COLLECTION_THRESHOLD_EXCEEDED");
        double used = heap.usedAfterCollection();
        assertTrue(used > 0 && used < 1, "used after collection: " + used);
    }
}
