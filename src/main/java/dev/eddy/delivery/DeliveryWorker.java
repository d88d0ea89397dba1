package dev.eddy.delivery;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.OutboxEntry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Works the {@link DeliveryOutbox} on this replica: claims due entries with a lease, has their
 * handler attempt them, then acknowledges, reschedules (the handler's backoff) or gives up (the
 * handler's dead-letter step). It claims at once when this replica records an entry
 * ({@link #signal()}), when a retry it scheduled is due, and every scan interval for what other
 * replicas recorded or left behind. On shutdown it stops claiming and lets the attempts in
 * progress finish; whatever it could not finish returns to another replica when its lease ends.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int BATCH = 32;
    private static final int MAX_IN_FLIGHT = 256;
    private static final long SHUTDOWN_WAIT_MILLIS = 20_000;
    private static final long UNAVAILABLE_RETRY_MILLIS = 1_000;

    private final DeliveryOutbox outbox;
    private final Map<String, DeliveryHandler> handlers = new HashMap<>();
    private final EddyClock clock;
    private final Vertx vertx;
    private final long leaseMillis;
    private final long scanMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private volatile boolean again;
    private volatile boolean running;
    private long timer = -1;

    @Inject
    DeliveryWorker(DeliveryOutbox outbox, @Any Instance<DeliveryHandler> handlers, EddyClock clock, Vertx vertx,
                   EddyConfig config) {
        this(outbox, handlers, clock, vertx, config.delivery().lease(), config.delivery().scanInterval());
    }

    /** A worker outside CDI (a second replica in tests). */
    public DeliveryWorker(DeliveryOutbox outbox, Iterable<? extends DeliveryHandler> handlers, EddyClock clock,
                          Vertx vertx, Duration lease, Duration scanInterval) {
        this.outbox = outbox;
        handlers.forEach(h -> this.handlers.put(h.kind(), h));
        this.clock = clock;
        this.vertx = vertx;
        this.leaseMillis = lease.toMillis();
        this.scanMillis = scanInterval.toMillis();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        timer = vertx.setPeriodic(scanMillis, id -> signal());
        signal();
    }

    /** Stops claiming and waits (boundedly) for the attempts in progress to finish. */
    public void stop() {
        synchronized (this) {
            running = false;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MILLIS;
        while ((inFlight.get() > 0 || claiming.get()) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Something may be due now (an entry was just recorded): claim without waiting for the next scan. */
    public void signal() {
        if (!running) {
            return;
        }
        again = true;
        if (claiming.compareAndSet(false, true)) {
            claimNext();
        }
    }

    /** Runs while holding {@code claiming}; releases it when nothing more is to be claimed now. */
    private void claimNext() {
        int room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.get());
        if (!running || room <= 0) {
            // At capacity: a finishing attempt claims again.
            again = true;
            claiming.set(false);
            return;
        }
        again = false;
        outbox.claim(room, clock.now(), leaseMillis).subscribe().with(entries -> {
            entries.forEach(this::deliver);
            if (entries.size() == room) {
                claimNext();
            } else {
                release();
            }
        }, failure -> {
            LOG.debugf("Could not claim deliveries: %s", failure.getMessage());
            again = false;
            release();
        });
    }

    private void release() {
        claiming.set(false);
        if (again) {
            signal();
        }
    }

    private void deliver(OutboxEntry entry) {
        DeliveryHandler handler = handlers.get(entry.kind());
        if (handler == null) {
            // Another replica's version may know it; the lease brings it back.
            LOG.warnf("No handler for %s deliveries (entry %s to %s)", entry.kind(), entry.id(), entry.target());
            return;
        }
        inFlight.incrementAndGet();
        Uni.createFrom().deferred(() -> handler.attempt(entry))
                // An attempt must end within the lease, or the entry's bookkeeping would race a takeover.
                .ifNoItem().after(Duration.ofMillis(Math.max(1, leaseMillis - 1_000))).fail()
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? outbox.acknowledge(entry.id(), entry.lease()).invoke(() -> handler.delivered(entry))
                                .replaceWithVoid()
                        : failed(handler, entry, failure))
                .subscribe().with(v -> finished(), e -> {
                    LOG.warnf("Could not record the outcome of delivery %s to %s: %s", entry.id(), entry.target(),
                            e.getMessage());
                    finished();
                });
    }

    private Uni<Void> failed(DeliveryHandler handler, OutboxEntry entry, Throwable failure) {
        if (AwsException.isServiceUnavailable(failure)
                || (failure instanceof DeliveryFailure f && !f.attempted())) {
            return unavailable(handler, entry, failure);
        }
        int failedAttempts = entry.attempts() + 1;
        boolean permanent = failure instanceof DeliveryFailure f && !f.retryable();
        long delay = permanent ? -1 : handler.retryDelayMillis(entry, failedAttempts);
        if (delay < 0) {
            return handler.exhausted(entry, failedAttempts, failure)
                    .chain(() -> outbox.acknowledge(entry.id(), entry.lease())).replaceWithVoid()
                    // A dead-letter queue Eddy's store cannot take it in now: not given up on either.
                    .onFailure(AwsException::isServiceUnavailable).recoverWithUni(e -> unavailable(handler, entry, e));
        }
        return reschedule(handler, entry, failedAttempts, delay, failure);
    }

    /**
     * The delivery was not tried: Eddy's own store could not take it now (the memory store is full,
     * Redis is unreachable) or no connection to the destination was free in time. The destination
     * did not fail, so the attempt is not counted, and the entry is tried again soon for as long as
     * that lasts rather than exhausted and lost.
     */
    private Uni<Void> unavailable(DeliveryHandler handler, OutboxEntry entry, Throwable failure) {
        return reschedule(handler, entry, entry.attempts(), UNAVAILABLE_RETRY_MILLIS, failure);
    }

    private Uni<Void> reschedule(DeliveryHandler handler, OutboxEntry entry, int failedAttempts, long delay,
                                 Throwable failure) {
        return outbox.reschedule(entry.id(), entry.lease(), failedAttempts, clock.now() + delay).invoke(rescheduled -> {
            handler.retrying(entry, failedAttempts, delay, failure);
            vertx.setTimer(Math.max(1, delay), t -> signal());
        }).replaceWithVoid();
    }

    private void finished() {
        inFlight.decrementAndGet();
        if (again) {
            signal();
        }
    }
}
