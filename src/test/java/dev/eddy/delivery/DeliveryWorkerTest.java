package dev.eddy.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.store.OutboxEntry;
import dev.eddy.store.memory.MemoryDeliveryOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's loop on the memory outbox: claim, attempt, then acknowledge, retry or give up. */
class DeliveryWorkerTest {
    /** A payload's prefix for failing as Eddy's store does when it cannot take a delivery now. */
    private static final String UNAVAILABLE = "unavailable ";

    /**
     * Fails each entry as many times as its payload says (with ServiceUnavailable when the payload
     * starts with {@link #UNAVAILABLE}), then succeeds; retries after 50 ms, at most 2.
     */
    private static final class Flaky implements DeliveryHandler {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile CountDownLatch gate;

        @Override
        public String kind() {
            return "flaky";
        }

        @Override
        public Uni<Void> attempt(OutboxEntry entry) {
            int attempt = attempts.computeIfAbsent(entry.id(), id -> new AtomicInteger()).incrementAndGet();
            CountDownLatch wait = gate;
            boolean unavailable = entry.payload().startsWith(UNAVAILABLE);
            int failures = Integer.parseInt(unavailable ? entry.payload().substring(UNAVAILABLE.length())
                    : entry.payload());
            Uni<Void> result = attempt <= failures
                    ? Uni.createFrom().failure(unavailable ? AwsException.serviceUnavailable("the store is full")
                            : new DeliveryFailure("attempt " + attempt))
                    : Uni.createFrom().voidItem();
            if (wait != null) {
                return Uni.createFrom().completionStage(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        wait.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })).chain(() -> result);
            }
            return result;
        }

        @Override
        public long retryDelayMillis(OutboxEntry entry, int failedAttempts) {
            return failedAttempts <= 2 ? 50 : -1;
        }

        @Override
        public Uni<Void> exhausted(OutboxEntry entry, int failedAttempts, Throwable lastFailure) {
            events.add("exhausted " + entry.target() + " after " + failedAttempts + ": " + lastFailure.getMessage());
            return Uni.createFrom().voidItem();
        }

        @Override
        public void delivered(OutboxEntry entry) {
            events.add("delivered " + entry.target());
        }

        @Override
        public void retrying(OutboxEntry entry, int failedAttempts, long delayMillis, Throwable failure) {
            events.add("retrying " + entry.target() + " " + failedAttempts);
        }
    }

    private final EddyClock clock = new EddyClock();
    private final MemoryDeliveryOutbox outbox = new MemoryDeliveryOutbox();
    private final Flaky handler = new Flaky();
    private Vertx vertx;
    private DeliveryWorker worker;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // A scan interval far beyond the test: only signals and scheduled retries can wake the worker.
        worker = new DeliveryWorker(outbox, List.of(handler), clock, vertx, Duration.ofSeconds(30), Duration.ofHours(1));
        worker.start();
    }

    @AfterEach
    void stop() {
        worker.stop();
        vertx.close();
    }

    private void record(String target, int failures) {
        record(target, String.valueOf(failures));
    }

    private void record(String target, String payload) {
        outbox.record(List.of(OutboxEntry.of(UUID.randomUUID().toString(), "flaky", target, payload, clock.now())))
                .await().indefinitely();
        worker.signal();
    }

    private long pending() {
        return outbox.pending().await().indefinitely();
    }

    @Test
    void aSignalledEntryIsDeliveredAtOnceAndRemoved() throws Exception {
        record("a", 0);
        assertEquals("delivered a", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals(0, pending());
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheHandlersDelayUntilItSucceeds() throws Exception {
        record("b", 2);
        assertEquals("retrying b 1", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals("retrying b 2", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals("delivered b", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals(0, pending());
    }

    @Test
    void anEntryThatFailsEveryAttemptIsHandedBackOnceAndRemoved() throws Exception {
        record("c", 100);
        assertEquals("retrying c 1", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals("retrying c 2", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals("exhausted c after 3: attempt 3", handler.events.poll(2, TimeUnit.SECONDS));
        assertEquals(null, handler.events.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, pending());
    }

    @Test
    void anEntryEddysStoreCannotTakeNowIsRetriedWithoutSpendingItsAttempts() throws Exception {
        // More refusals than the handler's two retries: a full memory store must not exhaust it.
        record("e", UNAVAILABLE + 3);
        assertEquals("retrying e 0", handler.events.poll(3, TimeUnit.SECONDS));
        assertEquals("retrying e 0", handler.events.poll(3, TimeUnit.SECONDS));
        assertEquals("retrying e 0", handler.events.poll(3, TimeUnit.SECONDS));
        assertEquals("delivered e", handler.events.poll(3, TimeUnit.SECONDS));
        assertEquals(0, pending());
    }

    @Test
    void stopLetsTheAttemptInProgressFinishAndClaimsNothingMore() throws Exception {
        handler.gate = new CountDownLatch(1);
        record("d", 0);
        for (int i = 0; i < 100 && handler.attempts.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(1, handler.attempts.size(), "the attempt started");
        Thread stopper = new Thread(worker::stop);
        stopper.start();
        Thread.sleep(200);
        assertTrue(stopper.isAlive(), "stop waits for the attempt in progress");
        handler.gate.countDown();
        stopper.join(5_000);
        assertEquals("delivered d", handler.events.poll(2, TimeUnit.SECONDS));

        record("e", 0);
        assertEquals(null, handler.events.poll(500, TimeUnit.MILLISECONDS), "a stopped worker claims nothing");
        assertEquals(1, pending());
    }
}
