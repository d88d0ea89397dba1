package dev.eddy.sqs;

import dev.eddy.common.EddyClock;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives waiting for messages. A waiter is a callback plus a timer, never a parked thread: it
 * completes when a message is sent to its queue, when its timer fires (the next delayed or in-flight
 * message becomes due, or the wait ends), or when its client goes away.
 */
@ApplicationScoped
class LongPolls {
    private final ConcurrentHashMap<QueueId, Set<Runnable>> waiters = new ConcurrentHashMap<>();
    /** Counts wake-ups per queue, so that a send between a claim and the wait is not missed. */
    private final ConcurrentHashMap<QueueId, AtomicLong> versions = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final EddyClock clock;

    private final QueueStore store;

    LongPolls(Vertx vertx, EddyClock clock, QueueStore store) {
        this.vertx = vertx;
        this.clock = clock;
        this.store = store;
        store.onWake(this::wakeHere);
    }

    private volatile boolean closing;

    /**
     * On shutdown, waiting receives answer at once (with no messages) instead of holding the
     * shutdown for up to 20 seconds.
     */
    void close(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        waiters.values().forEach(set -> set.forEach(Runnable::run));
    }

    boolean closing() {
        return closing;
    }

    /** The wake-up count to pass to {@link #await} after a claim that found nothing. */
    long version(QueueId queue) {
        return versions.computeIfAbsent(queue, q -> new AtomicLong()).get();
    }

    /** Wakes every receive waiting on the queue, here and in other replicas: messages may be available. */
    void wake(QueueId queue) {
        wakeHere(queue);
        store.wake(queue);
    }

    private void wakeHere(QueueId queue) {
        versions.computeIfAbsent(queue, q -> new AtomicLong()).incrementAndGet();
        Set<Runnable> waiting = waiters.get(queue);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /**
     * Completes when the queue is woken after {@code seenVersion}, or at {@code until} (epoch ms on
     * the Eddy clock), whichever comes first.
     */
    Uni<Void> await(QueueId queue, long seenVersion, long until) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean done = new AtomicBoolean();
            Set<Runnable> waiting = waiters.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet());
            long[] timer = {-1};
            Runnable fire = new Runnable() {
                @Override
                public void run() {
                    if (done.compareAndSet(false, true)) {
                        waiting.remove(this);
                        if (timer[0] >= 0) {
                            vertx.cancelTimer(timer[0]);
                        }
                        emitter.complete(null);
                    }
                }
            };
            emitter.onTermination(() -> {
                if (done.compareAndSet(false, true)) {
                    waiting.remove(fire);
                    if (timer[0] >= 0) {
                        vertx.cancelTimer(timer[0]);
                    }
                }
            });
            waiting.add(fire);
            timer[0] = vertx.setTimer(Math.max(1, until - clock.now()), id -> fire.run());
            if (version(queue) != seenVersion || closing) {
                fire.run();
            }
        });
    }
}
