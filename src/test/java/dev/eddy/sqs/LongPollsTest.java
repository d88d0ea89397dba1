package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.common.EddyClock;
import dev.eddy.store.QueueId;
import dev.eddy.store.memory.HeapGuard;
import dev.eddy.store.memory.MemoryQueueStore;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting receives: a send wakes about as many as it sent messages, not every waiter (issue 14). */
class LongPollsTest {
    private final Vertx vertx = Vertx.vertx();
    private final EddyClock clock = new EddyClock();
    private final LongPolls polls = new LongPolls(vertx, clock, new MemoryQueueStore(new HeapGuard(100, 90, null)));
    private final QueueId queue = new QueueId("000000000000", "waiting");

    @AfterEach
    void close() {
        vertx.close();
    }

    private AtomicInteger wait(int receives) {
        AtomicInteger woken = new AtomicInteger();
        long version = polls.version(queue);
        for (int i = 0; i < receives; i++) {
            polls.await(queue, version, clock.now() + 20_000).subscribe().with(v -> woken.incrementAndGet());
        }
        return woken;
    }

    @Test
    void oneMessageWakesTwoOfAThousandWaitingReceives() {
        AtomicInteger woken = wait(1000);
        polls.wake(queue, 1);
        assertEquals(2, woken.get());
    }

    @Test
    void aBatchWakesOneMoreReceiveThanItsMessages() {
        AtomicInteger woken = wait(100);
        polls.wake(queue, 10);
        assertEquals(11, woken.get());
        polls.wake(queue, 10);
        assertEquals(22, woken.get());
    }

    @Test
    void aReceiveThatStartsWaitingAfterAWakeItMissedReturnsAtOnce() {
        long before = polls.version(queue);
        polls.wake(queue, 1);
        AtomicInteger woken = new AtomicInteger();
        polls.await(queue, before, clock.now() + 20_000).subscribe().with(v -> woken.incrementAndGet());
        assertEquals(1, woken.get());
    }
}
