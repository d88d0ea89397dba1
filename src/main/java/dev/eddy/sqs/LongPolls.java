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
 * message becomes due, or the wait ends), or when its client goes away. A send wakes as many
 * waiters as it sent messages, and one more, on each replica, not every waiter of the queue: with
 * thousands waiting, waking all of them made each send cost thousands of claims.
 */
@ApplicationScoped
class LongPolls {
    /** A waiting receive; {@link #fire} is true when this call completed it. */
    private interface Waiter {
        boolean fire();
    }

    private final ConcurrentHashMap<QueueId, Set<Waiter>> waiters = new ConcurrentHashMap<>();
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
        waiters.values().forEach(set -> set.forEach(Waiter::fire));
    }

    boolean closing() {
        return closing;
    }

    /** The wake-up count to pass to {@link #await} after a claim that found nothing. */
    long version(QueueId queue) {
        return versions.computeIfAbsent(queue, q -> new AtomicLong()).get();
    }

    /** Wakes receives waiting on the queue, here and in other replicas: {@code messages} may be available. */
    void wake(QueueId queue, int messages) {
        wakeHere(queue, messages);
        store.wake(queue, messages);
    }

    private void wakeHere(QueueId queue, int messages) {
        versions.computeIfAbsent(queue, q -> new AtomicLong()).incrementAndGet();
        Set<Waiter> waiting = waiters.get(queue);
        if (waiting == null) {
            return;
        }
        // One more than the messages: a woken receive whose client leaves at that moment claims nothing.
        int left = messages + 1;
        for (Waiter waiter : waiting) {
            if (left <= 0) {
                break;
            }
            if (waiter.fire()) {
                left--;
            }
        }
    }

    /**
     * Completes when the queue is woken after {@code seenVersion}, or at {@code until} (epoch ms on
     * the Eddy clock), whichever comes first.
     */
    Uni<Void> await(QueueId queue, long seenVersion, long until) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean done = new AtomicBoolean();
            Set<Waiter> waiting = waiters.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet());
            long[] timer = {-1};
            Waiter fire = new Waiter() {
                @Override
                public boolean fire() {
                    if (!done.compareAndSet(false, true)) {
                        return false;
                    }
                    waiting.remove(this);
                    if (timer[0] >= 0) {
                        vertx.cancelTimer(timer[0]);
                    }
                    emitter.complete(null);
                    return true;
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
            timer[0] = vertx.setTimer(Math.max(1, until - clock.now()), id -> fire.fire());
            if (version(queue) != seenVersion || closing) {
                fire.fire();
            }
        });
    }
}
