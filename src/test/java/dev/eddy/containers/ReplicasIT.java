package dev.eddy.containers;

import static dev.eddy.containers.Podman.EDDY_IMAGE;
import static dev.eddy.containers.Podman.REDIS_IMAGE;
import static dev.eddy.containers.Podman.podman;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Two Eddy containers on one Redis container, as the Kubernetes Deployment runs them: one SQS to
 * their clients, through a replica's SIGTERM and restart and through a replica's {@code kill -9}.
 */
class ReplicasIT {
    private static final String NETWORK = Podman.uniqueName("eddy-replicas");
    private static final String REDIS = NETWORK + "-redis";
    private static final List<String> REPLICAS = List.of(NETWORK + "-a", NETWORK + "-b");
    private static final Map<String, URI> ENDPOINTS = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        podman("network", "create", NETWORK);
        podman("run", "-d", "--name", REDIS, "--network", NETWORK, "--network-alias", "redis", REDIS_IMAGE,
                "redis-server", "--appendonly", "yes");
        for (String replica : REPLICAS) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            // A fixed host port: clients keep their endpoint across the replica's restarts.
            podman("run", "-d", "--name", replica, "--network", NETWORK, "-p", "127.0.0.1:" + port + ":4566",
                    "-e", "EDDY_STORE=redis", "-e", "QUARKUS_REDIS_HOSTS=redis://redis:6379", EDDY_IMAGE);
            ENDPOINTS.put(replica, URI.create("http://127.0.0.1:" + port));
        }
        for (String replica : REPLICAS) {
            Podman.awaitReady(ENDPOINTS.get(replica), Duration.ofSeconds(90));
        }
    }

    @AfterAll
    static void stop() {
        REPLICAS.forEach(r -> Podman.removeQuietly("container", r));
        Podman.removeQuietly("container", REDIS);
        Podman.removeQuietly("network", NETWORK);
    }

    @Test
    void aMessageSentThroughOneReplicaIsReceivedThroughTheOther() {
        try (SqsClient a = AwsClients.sqs(endpoint(0)); SqsClient b = AwsClients.sqs(endpoint(1))) {
            String url = a.createQueue(q -> q.queueName("across-replicas")).queueUrl();
            a.sendMessage(m -> m.queueUrl(url).messageBody("sent through a"));
            List<Message> got = b.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
            assertEquals(1, got.size(), "replica b sees the message sent through a");
            assertEquals("sent through a", got.get(0).body());
            b.deleteMessage(d -> d.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
            assertTrue(a.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages().isEmpty(),
                    "deleted through b, gone through a");
        }
    }

    @Test
    void aFifoGroupStaysInOrderAcrossReplicas() {
        try (SqsClient a = AwsClients.sqs(endpoint(0)); SqsClient b = AwsClients.sqs(endpoint(1))) {
            List<SqsClient> clients = List.of(a, b);
            String url = a.createQueue(q -> q.queueName("across-replicas.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            int perGroup = 40;
            for (int i = 0; i < perGroup; i++) {
                for (String group : List.of("g1", "g2")) {
                    String body = group + ":" + i;
                    // Sends alternate between the replicas; each is acknowledged before the next.
                    clients.get(i % 2).sendMessage(m -> m.queueUrl(url).messageBody(body).messageGroupId(group)
                            .messageDeduplicationId(body));
                }
            }
            Map<String, List<Integer>> seen = new HashMap<>();
            int total = 0;
            for (int round = 0; total < 2 * perGroup && round < 400; round++) {
                SqsClient client = clients.get(round % 2);
                int max = 1 + round % 3;
                List<Message> got = client.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(1))
                        .messages();
                for (Message m : got) {
                    String[] parts = m.body().split(":");
                    seen.computeIfAbsent(parts[0], g -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                    // Deleted through the other replica from the one that received it.
                    clients.get((round + 1) % 2).deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
                    total++;
                }
            }
            List<Integer> expected = java.util.stream.IntStream.range(0, perGroup).boxed().toList();
            assertEquals(expected, seen.get("g1"), "group g1 in send order");
            assertEquals(expected, seen.get("g2"), "group g2 in send order");
        }
    }

    @Test
    void aRollingRestartLosesNoAcknowledgedMessageAndShowsClientsNoError() {
        Traffic traffic = new Traffic("rolling-restart");
        traffic.runWhile(() -> {
            for (String replica : REPLICAS) {
                // What Kubernetes does to each pod of a rolling update: SIGTERM, a grace period, a new pod.
                podman("stop", "--time", "30", replica);
                podman("start", replica);
                Podman.awaitReady(ENDPOINTS.get(replica), Duration.ofSeconds(90));
                Podman.pause(Duration.ofSeconds(1));
            }
        });
        traffic.assertNothingLostAndNoErrors();
    }

    @Test
    void killMinus9OfAReplicaLosesNoAcknowledgedMessage() {
        Traffic traffic = new Traffic("kill-9");
        traffic.runWhile(() -> {
            String victim = REPLICAS.get(1);
            podman("kill", "--signal", "KILL", victim);
            Podman.pause(Duration.ofSeconds(1));
            podman("start", victim);
            Podman.awaitReady(ENDPOINTS.get(victim), Duration.ofSeconds(90));
        });
        traffic.assertNothingLostAndNoErrors();
        String state = podman("inspect", "--format", "{{.RestartCount}}", REPLICAS.get(1));
        assertTrue(state.matches("\\d+"), state);
    }

    private static URI endpoint(int i) {
        return ENDPOINTS.get(REPLICAS.get(i));
    }

    /**
     * A producer and a consumer on each replica, all on one standard queue, around a disruption. A
     * message counts as acknowledged when SendMessage returned to its producer; a consumer records a
     * body when it receives it and deletes it after. Clients retry as {@link AwsClients#patientSqs} does.
     */
    private static final class Traffic {
        private final String queue;
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final Set<String> received = ConcurrentHashMap.newKeySet();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final AtomicBoolean producing = new AtomicBoolean(true);
        private final AtomicBoolean consuming = new AtomicBoolean(true);
        private int acknowledgedDuringDisruption;

        Traffic(String queue) {
            this.queue = queue;
        }

        void runWhile(Runnable disruption) {
            List<SqsClient> clients = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> producers = new ArrayList<>();
            try {
                SqsClient setup = AwsClients.sqs(endpoint(0));
                clients.add(setup);
                // A short visibility timeout: what a killed replica had handed out comes back soon.
                String url = setup.createQueue(q -> q.queueName(queue)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))).queueUrl();
                for (int r = 0; r < REPLICAS.size(); r++) {
                    SqsClient producer = AwsClients.patientSqs(endpoint(r));
                    SqsClient consumer = AwsClients.patientSqs(endpoint(r));
                    clients.add(producer);
                    clients.add(consumer);
                    String prefix = "r" + r + "-";
                    producers.add(threads.submit(() -> produce(producer, url, prefix)));
                    threads.submit(() -> consume(consumer, url));
                }
                Podman.pause(Duration.ofSeconds(2));
                int before = acknowledged.size();
                disruption.run();
                acknowledgedDuringDisruption = acknowledged.size() - before;
                Podman.pause(Duration.ofSeconds(2));
                producing.set(false);
                // A send still in flight (the SDK retrying it) is acknowledged after this point: wait for
                // it, or the drain below could end before that message is owed.
                for (java.util.concurrent.Future<?> producer : producers) {
                    try {
                        producer.get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        errors.add("a producer did not finish: " + e);
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!received.containsAll(acknowledged) && System.nanoTime() < deadline) {
                    Podman.pause(Duration.ofMillis(200));
                }
            } finally {
                producing.set(false);
                consuming.set(false);
                threads.shutdown();
                try {
                    if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                        errors.add("the clients did not stop within 60 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clients.forEach(SqsClient::close);
            }
        }

        private void produce(SqsClient sqs, String url, String prefix) {
            for (int i = 0; producing.get(); i++) {
                String body = prefix + i;
                try {
                    sqs.sendMessage(m -> m.queueUrl(url).messageBody(body));
                    acknowledged.add(body);
                } catch (RuntimeException e) {
                    errors.add("send " + body + ": " + e);
                }
            }
        }

        private void consume(SqsClient sqs, String url) {
            while (consuming.get()) {
                try {
                    List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                    if (got.isEmpty()) {
                        continue;
                    }
                    got.forEach(m -> received.add(m.body()));
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < got.size(); i++) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id("m" + i).receiptHandle(got.get(i).receiptHandle()).build());
                    }
                    DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(d -> d.queueUrl(url).entries(entries));
                    deleted.failed().forEach(f -> errors.add("delete: " + f));
                } catch (RuntimeException e) {
                    errors.add("receive or delete: " + e);
                }
            }
        }

        void assertNothingLostAndNoErrors() {
            assertEquals(List.of(), errors, "the SDK absorbed every connection failure; the callers saw no error");
            assertTrue(acknowledged.size() > 200, "traffic ran: " + acknowledged.size() + " messages acknowledged");
            assertTrue(acknowledgedDuringDisruption > 0, "messages were acknowledged while replicas went away");
            Set<String> lost = new java.util.TreeSet<>(acknowledged);
            lost.removeAll(received);
            assertEquals(Set.of(), lost, "every acknowledged message was received (" + acknowledged.size() + " acknowledged)");
            System.out.printf("%s: %d messages acknowledged (%d while replicas went away), %d received, none lost%n",
                    queue, acknowledged.size(), acknowledgedDuringDisruption, received.size());
        }
    }
}
