package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.RequestContext;
import dev.eddy.sqs.SqsModel.CreateQueueRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequestEntry;
import dev.eddy.sqs.SqsModel.Message;
import dev.eddy.sqs.SqsModel.ReceiveMessageRequest;
import dev.eddy.sqs.SqsModel.SendMessageBatchRequest;
import dev.eddy.sqs.SqsModel.SendMessageBatchRequestEntry;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.redis.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two independent Eddy stacks (service, store and Redis connections each, as two replicas have)
 * on one Redis behave as one SQS.
 */
class MultiReplicaRedisTest {
    private static final RequestContext CONTEXT = Replica.CONTEXT;
    private static final Duration WAIT = Duration.ofSeconds(30);

    static Replica a;
    static Replica b;

    @BeforeAll
    static void startReplicas() {
        a = Replica.on(RedisTestServer.url());
        b = Replica.on(RedisTestServer.url());
    }

    @AfterAll
    static void stopReplicas() {
        a.stop();
        b.stop();
    }

    /** One more replica on the same Redis. */
    Replica another() {
        return Replica.on(RedisTestServer.url());
    }

    private static String createQueue(Replica stack, String name, Map<String, String> attributes) {
        return stack.queues().createQueue(CONTEXT, new CreateQueueRequest(name, attributes, null))
                .await().atMost(WAIT).queueUrl();
    }

    private static List<Message> receive(Replica stack, String url, int wait) {
        List<Message> messages = stack.messages().receiveMessage(CONTEXT, new ReceiveMessageRequest(url,
                List.of("All"), null, null, 10, 60, wait, null)).await().atMost(WAIT).messages();
        return messages == null ? List.of() : messages;
    }

    private static void delete(Replica stack, String url, List<Message> messages) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(new DeleteMessageBatchRequestEntry("e" + i, messages.get(i).receiptHandle()));
        }
        stack.messages().deleteMessageBatch(CONTEXT, new DeleteMessageBatchRequest(url, entries))
                .await().atMost(WAIT);
    }

    @Test
    void concurrentProducersAndConsumersOnTwoReplicasReceiveEveryMessageOnce() throws Exception {
        String url = createQueue(a, "replicas-" + UUID.randomUUID(), Map.of());
        int perProducer = 400;
        ConcurrentHashMap<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
        AtomicInteger deleted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> tasks = new ArrayList<>();
        for (Replica producer : List.of(a, b)) {
            tasks.add(pool.submit(() -> {
                for (int batch = 0; batch < perProducer / 10; batch++) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        entries.add(new SendMessageBatchRequestEntry("e" + i, UUID.randomUUID().toString(), null,
                                null, null, null, null));
                    }
                    producer.messages().sendMessageBatch(CONTEXT, new SendMessageBatchRequest(url, entries))
                            .await().atMost(WAIT);
                }
            }));
        }
        for (Replica consumer : List.of(a, a, b, b)) {
            tasks.add(pool.submit(() -> {
                while (deleted.get() < 2 * perProducer) {
                    List<Message> messages = receive(consumer, url, 1);
                    for (Message m : messages) {
                        receipts.computeIfAbsent(m.body(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (!messages.isEmpty()) {
                        delete(consumer, url, messages);
                        deleted.addAndGet(messages.size());
                    }
                }
            }));
        }
        for (Future<?> task : tasks) {
            task.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(2 * perProducer, receipts.size(), "every message received");
        receipts.forEach((body, count) -> assertEquals(1, count.get(), "received twice within its visibility: " + body));
    }

    @Test
    void fifoOrderPerGroupHoldsAcrossReplicas() throws Exception {
        String url = createQueue(a, "replicas-" + UUID.randomUUID() + ".fifo",
                Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
        int groups = 4;
        int perGroup = 50;
        for (int i = 0; i < perGroup; i++) {
            for (int g = 0; g < groups; g++) {
                Replica producer = g % 2 == 0 ? a : b;
                producer.messages().sendMessage(CONTEXT, new SendMessageRequest(url, "g" + g + ":" + i, null, null,
                        null, null, "g" + g)).await().atMost(WAIT);
            }
        }
        ConcurrentHashMap<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger deleted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> consumers = new ArrayList<>();
        for (Replica consumer : List.of(a, b, a, b)) {
            consumers.add(pool.submit(() -> {
                while (deleted.get() < groups * perGroup) {
                    List<Message> messages = receive(consumer, url, 1);
                    for (Message m : messages) {
                        String[] parts = m.body().split(":");
                        synchronized (seen) {
                            seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                        }
                    }
                    if (!messages.isEmpty()) {
                        delete(consumer, url, messages);
                        deleted.addAndGet(messages.size());
                    }
                }
            }));
        }
        for (Future<?> c : consumers) {
            c.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(groups, seen.size());
        seen.forEach((group, order) -> {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                expected.add(i);
            }
            assertEquals(expected, order, "order of group " + group);
        });
    }

    @Test
    void aLongPollOnOneReplicaWakesWhenAnotherReplicaSends() throws Exception {
        String url = createQueue(a, "replicas-" + UUID.randomUUID(), Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Long> returnedAt = pool.submit(() -> {
            assertEquals(1, receive(b, url, 20).size());
            return System.nanoTime();
        });
        Thread.sleep(500);
        a.messages().sendMessage(CONTEXT, new SendMessageRequest(url, "wake", null, null, null, null, null))
                .await().atMost(WAIT);
        long sentAt = System.nanoTime();
        long latencyMillis = (returnedAt.get(30, TimeUnit.SECONDS) - sentAt) / 1_000_000;
        pool.shutdown();
        assertTrue(latencyMillis < 1_000, "the receive returned " + latencyMillis + " ms after the send");
    }

    @Test
    void messagesKeepTheirAttributesAndReceiveCountsWhenEddyStopsHardAndStartsAgain() {
        Replica doomed = another();
        String url = createQueue(doomed, "replicas-" + UUID.randomUUID(), Map.of());
        doomed.messages().sendMessage(CONTEXT, new SendMessageRequest(url, "kept", null,
                Map.of("colour", new SqsModel.MessageAttributeValue("red", null, null, null, "String")), null, null,
                null)).await().atMost(WAIT);
        Message first = receive(doomed, url, 0).get(0);
        doomed.messages().changeMessageVisibility(CONTEXT, new SqsModel.ChangeMessageVisibilityRequest(url,
                first.receiptHandle(), 0)).await().atMost(WAIT);
        // No shutdown of any kind: the process is simply gone, its connections dropped.
        doomed.vertx().closeAndAwait();

        Replica restarted = another();
        try {
            List<Message> messages = restarted.messages().receiveMessage(CONTEXT, new ReceiveMessageRequest(url,
                    List.of("All"), null, List.of("All"), 10, 60, 0, null)).await().atMost(WAIT).messages();
            assertEquals(1, messages.size());
            Message again = messages.get(0);
            assertEquals("kept", again.body());
            assertEquals(first.messageId(), again.messageId());
            assertEquals("red", again.messageAttributes().get("colour").stringValue());
            assertEquals("2", again.attributes().get("ApproximateReceiveCount"));
        } finally {
            restarted.stop();
        }
    }
}
