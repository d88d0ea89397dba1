package dev.eddy.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.eddy.common.EddyClock;
import dev.eddy.sqs.Replica;
import dev.eddy.sqs.SqsModel.CreateQueueRequest;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.MappingRecord;
import dev.eddy.store.redis.RedisFunctionStore;
import dev.eddy.store.redis.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.redis.client.Redis;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one Redis run the same mappings: MaximumConcurrency holds across both, and a
 * mapping disabled through the store stops on both within a couple of seconds.
 */
class MultiReplicaMappingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A replica's SQS stack plus its function store and pollers. */
    private record Node(Replica replica, RedisFunctionStore functions, SqsPollers pollers) {
        static Node start() {
            Replica replica = Replica.on(RedisTestServer.url());
            RedisFunctionStore functions = new RedisFunctionStore(Redis.createClient(replica.vertx(),
                    RedisTestServer.url()));
            SqsPollers pollers = new SqsPollers(functions, replica.messages(),
                    new FunctionInvoker(replica.vertx().getDelegate(),
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), java.time.Duration.ofSeconds(60)), new EddyClock(), replica.vertx().getDelegate(),
                    new SimpleMeterRegistry(), Replica.CONFIG);
            pollers.start(null);
            return new Node(replica, functions, pollers);
        }

        void stop() {
            pollers.stop(null);
            replica.stop();
        }
    }

    private Node a;
    private Node b;
    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        a = Node.start();
        b = Node.start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/slow", exchange -> {
            String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            for (String part : event.split("\"body\":\"")) {
                if (part.startsWith("m-")) {
                    deliveries.computeIfAbsent(part.substring(0, part.indexOf('"')), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
        server.stop(0);
    }

    private String setUp(String queue, boolean enabled) {
        a.replica().queues().createQueue(Replica.CONTEXT, new CreateQueueRequest(queue, Map.of(), null))
                .await().atMost(WAIT);
        String function = "multi-" + UUID.randomUUID().toString().substring(0, 8);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
        a.functions().putFunction(new FunctionRecord(function, "arn:aws:lambda:us-east-1:000000000000:function:"
                + function, "000000000000", "java17", "r", "h", "", 3, 128, Map.of(), url, "sha", 0,
                "2026-01-01T00:00:00.000+0000", "Zip", Map.of())).await().atMost(WAIT);
        MappingRecord mapping = mapping(UUID.randomUUID().toString(), queue, function, enabled);
        a.functions().createMapping(mapping).await().atMost(WAIT);
        return mapping.uuid();
    }

    private static MappingRecord mapping(String uuid, String queue, String function, boolean enabled) {
        return new MappingRecord(uuid, "000000000000", "us-east-1", "arn:aws:sqs:us-east-1:000000000000:" + queue,
                "arn:aws:lambda:us-east-1:000000000000:function:" + function, 1, 0, List.of(), List.of(), 2,
                enabled ? "Enabled" : "Disabled", "USER_INITIATED", 1.0, null, null, List.of(), Map.of());
    }

    private void send(String queue, String body) {
        a.replica().messages().sendMessage(Replica.CONTEXT, new SendMessageRequest(
                "http://localhost:4566/000000000000/" + queue, body, null, null, null, null, null)).await().atMost(WAIT);
    }

    private void awaitRunning(String uuid, boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while ((a.pollers().isRunning(uuid) != running || b.pollers().isRunning(uuid) != running)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(running, a.pollers().isRunning(uuid), "replica a");
        assertEquals(running, b.pollers().isRunning(uuid), "replica b");
    }

    @Test
    void maximumConcurrencyHoldsAcrossReplicasAndEveryMessageIsDeliveredOnce() throws Exception {
        String queue = "multi-esm-" + UUID.randomUUID();
        String uuid = setUp(queue, true);
        awaitRunning(uuid, true);
        for (int i = 0; i < 30; i++) {
            send(queue, "m-" + i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (deliveries.size() < 30 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(30, deliveries.size(), "every message was delivered");
        assertTrue(deliveries.values().stream().allMatch(n -> n.get() == 1), "no message was delivered twice");
        assertTrue(mostInFlight.get() <= 2, "MaximumConcurrency 2 held across replicas: " + mostInFlight.get());
        assertEquals(2, mostInFlight.get(), "the backlog used both slots");
    }

    @Test
    void aMappingDisabledThroughAnyReplicaStopsOnAll() throws Exception {
        String queue = "multi-esm-" + UUID.randomUUID();
        String uuid = setUp(queue, true);
        awaitRunning(uuid, true);
        MappingRecord current = b.functions().mapping(uuid).await().atMost(WAIT);
        b.functions().updateMapping(mapping(uuid, queue, current.functionArn().substring(
                current.functionArn().lastIndexOf(':') + 1), false)).await().atMost(WAIT);
        awaitRunning(uuid, false);
        send(queue, "m-while-disabled");
        Thread.sleep(1_500);
        assertEquals(Set.of(), deliveries.keySet(), "no replica invoked the function");
    }
}
