package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.delivery.DeliveryWorker;
import dev.eddy.lambda.FunctionInvoker;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.redis.RedisDeliveryOutbox;
import dev.eddy.store.redis.RedisStoreProfile;
import dev.eddy.store.redis.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * With the Redis store, a Publish that returned reaches its HTTP subscriber even when the replica
 * that accepted it never delivers it: the test Eddy (replica A) has its delivery worker stopped, as
 * if killed right after Publish returned, and a second replica (its own Vert.x, Redis connection,
 * outbox, worker and HTTP client) delivers what A recorded.
 */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class SnsDurableDeliveryRedisTest {
    private record Delivery(Map<String, String> headers, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveryWorker replicaA;
    @Inject
    DeliveryOutbox outbox;
    @Inject
    EddyConfig config;
    @Inject
    LambdaFunctions functions;
    @Inject
    FunctionInvoker invoker;
    @Inject
    SnsDelivery delivery;

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private HttpServer endpoint;

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            deliveries.add(new Delivery(headers, JSON.readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void restoreReplicaA() {
        endpoint.stop(0);
        replicaA.start();
    }

    @Test
    void aNotificationRecordedByAReplicaThatStoppedIsDeliveredByAnother() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("durable-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        String subscription = sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url)
                .returnSubscriptionArn(true)).subscriptionArn();
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation, "replica A delivered the confirmation request");
        sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.body().get("Token").asText()));

        replicaA.stop();
        long before = outbox.pending().await().indefinitely();
        String messageId = sns.publish(b -> b.topicArn(topic).message("survives its replica")).messageId();
        assertEquals(before + 1, outbox.pending().await().indefinitely(), "recorded before Publish returned");
        assertNull(deliveries.poll(1500, TimeUnit.MILLISECONDS), "replica A delivers nothing once stopped");

        Vertx vertx = Vertx.vertx();
        DeliveryWorker replicaB = null;
        try {
            DeliveryOutbox outboxB = new RedisDeliveryOutbox(Redis.createClient(vertx, RedisTestServer.url()));
            SnsEndpointDelivery handlerB = new SnsEndpointDelivery(new SnsHttpDelivery(vertx.getDelegate(),
                    new SimpleMeterRegistry(), config),
                    functions, invoker, delivery, new SnsMetrics(new SimpleMeterRegistry()));
            replicaB = new DeliveryWorker(outboxB, List.of(handlerB), new EddyClock(), vertx.getDelegate(),
                    Duration.ofSeconds(60), Duration.ofMillis(200));
            replicaB.start();

            Delivery notification = deliveries.poll(10, TimeUnit.SECONDS);
            assertNotNull(notification, "replica B delivered what replica A recorded");
            assertEquals("Notification", notification.headers().get("x-amz-sns-message-type"));
            assertEquals(subscription, notification.headers().get("x-amz-sns-subscription-arn"));
            assertEquals(messageId, notification.body().get("MessageId").asText());
            assertEquals("survives its replica", notification.body().get("Message").asText());
            assertTrue(notification.body().get("Signature").asText().length() > 0);
            assertNull(deliveries.poll(1, TimeUnit.SECONDS), "delivered once");
            assertEquals(before, outbox.pending().await().indefinitely(), "acknowledged: the outbox is back as it was");
        } finally {
            if (replicaB != null) {
                replicaB.stop();
            }
            vertx.closeAndAwait();
        }
    }
}
