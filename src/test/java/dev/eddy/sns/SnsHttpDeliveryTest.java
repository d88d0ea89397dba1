package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/** HTTP subscriptions: the confirmation handshake, then notifications POSTed with AWS's headers. */
@QuarkusTest
class SnsHttpDeliveryTest {
    private record Delivery(Map<String, String> headers, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private HttpServer endpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            deliveries.add(new Delivery(headers, JSON.readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.createContext("/fail", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(Map.of(), JSON.readTree(body)));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    @Test
    void anHttpSubscriptionIsConfirmedThroughItsSubscribeUrlAndThenReceivesNotifications() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        assertEquals("pending confirmation",
                sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url)).subscriptionArn());

        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation, "a SubscriptionConfirmation was POSTed");
        assertEquals("SubscriptionConfirmation", confirmation.headers().get("x-amz-sns-message-type"));
        assertEquals("SubscriptionConfirmation", confirmation.body().get("Type").asText());
        assertEquals(topic, confirmation.body().get("TopicArn").asText());
        assertEquals("PendingConfirmation", sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()
                .get(0).subscriptionArn());

        HttpResponse<String> confirmed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(confirmation.body().get("SubscribeURL").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode());
        Subscription subscription = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().get(0);
        assertTrue(subscription.subscriptionArn().startsWith(topic + ":"));

        sns.publish(b -> b.topicArn(topic).message("over http").subject("greeting"));
        Delivery notification = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(notification, "the notification was POSTed");
        assertEquals("Notification", notification.headers().get("x-amz-sns-message-type"));
        assertEquals(topic, notification.headers().get("x-amz-sns-topic-arn"));
        assertEquals(subscription.subscriptionArn(), notification.headers().get("x-amz-sns-subscription-arn"));
        assertEquals("Amazon Simple Notification Service Agent", notification.headers().get("user-agent"));
        assertEquals("over http", notification.body().get("Message").asText());
        assertEquals("greeting", notification.body().get("Subject").asText());
    }

    @Test
    void aPendingSubscriptionGetsNoNotifications() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url));
        assertNotNull(deliveries.poll(10, TimeUnit.SECONDS));
        sns.publish(b -> b.topicArn(topic).message("not yet"));
        assertEquals(null, deliveries.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void aMessageTheEndpointKeepsRefusingGoesToTheSubscriptionsDeadLetterQueue() throws Exception {
        SnsClient sns = SnsClients.sns();
        var sqs = dev.eddy.sqs.SqsClients.json();
        String dlqUrl = sqs.createQueue(b -> b.queueName("sns-dlq-" + UUID.randomUUID())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/fail";
        String subscription = sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url)
                .returnSubscriptionArn(true).attributes(Map.of(
                        "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\"}",
                        "DeliveryPolicy", "{\"healthyRetryPolicy\":{\"numRetries\":0,\"minDelayTarget\":1}}")))
                .subscriptionArn();
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation);
        sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.body().get("Token").asText()));

        sns.publish(b -> b.topicArn(topic).message("refused"));
        var received = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, received.size(), "the refused message reached " + subscription + "'s dead-letter queue");
        assertTrue(received.get(0).body().contains("refused"));
    }
}
