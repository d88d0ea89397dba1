package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A subscriber slower than its share of connections: deliveries queue for a connection, and that
 * wait is not a failed attempt (issue 14: 185 of 200 were dropped, timed out while waiting).
 */
@QuarkusTest
@TestProfile(SlowSubscriberTest.FewConnections.class)
class SlowSubscriberTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class FewConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eddy.sns.http-timeout", "2s", "eddy.sns.http-connections-per-host", "2");
        }
    }

    @Test
    void messagesWaitingForAConnectionAreDeliveredNotDropped() throws Exception {
        BlockingQueue<JsonNode> confirmations = new LinkedBlockingQueue<>();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        BlockingQueue<String> posts = new LinkedBlockingQueue<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(Executors.newFixedThreadPool(8));
        endpoint.createContext("/slow", exchange -> {
            JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (body.path("Type").asText().equals("Notification")) {
                try {
                    Thread.sleep(600); // well inside the 2 s attempt, but 20 of them share 2 connections
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delivered.add(body.path("Message").asText());
                posts.add(body.path("Message").asText());
            } else {
                confirmations.add(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        try {
            SnsClient sns = SnsClients.sns();
            String topic = sns.createTopic(b -> b.name("slow-" + UUID.randomUUID())).topicArn();
            String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/slow";
            // No retries: any attempt counted as failed would drop its message.
            sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url).attributes(Map.of(
                    "DeliveryPolicy", "{\"healthyRetryPolicy\":{\"numRetries\":0,\"minDelayTarget\":1}}")));
            JsonNode confirmation = confirmations.poll(10, TimeUnit.SECONDS);
            assertNotNull(confirmation);
            sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.get("Token").asText()));

            for (int i = 0; i < 20; i++) {
                String message = "m" + i;
                sns.publish(b -> b.topicArn(topic).message(message));
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (delivered.size() < 20 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(20, delivered.size(), "delivered: " + delivered);
            Thread.sleep(1_000);
            assertEquals(20, posts.size(), "each message was POSTed once");
        } finally {
            endpoint.stop(0);
        }
    }
}
