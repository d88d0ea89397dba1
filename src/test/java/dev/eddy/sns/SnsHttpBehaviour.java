package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * HTTP subscriptions: the confirmation handshake, then notifications POSTed with AWS's headers,
 * retried by the delivery policy, dead-lettered when every attempt fails, and counted in
 * {@code eddy.sns.deliveries}; function subscriptions retried twice, then dead-lettered. Run by {@code SnsHttpDeliveryTest} (memory) and
 * {@code SnsHttpDeliveryRedisTest} (Redis).
 */
public abstract class SnsHttpBehaviour {
    private record Delivery(Map<String, String> headers, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    /** How many more POSTs to /flaky fail with 503 before it accepts one. */
    private final AtomicInteger flakyFailures = new AtomicInteger();
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
        endpoint.createContext("/reject", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = JSON.readTree(body);
            boolean reject = json.path("Type").asText().equals("Notification");
            deliveries.add(new Delivery(Map.of("status", reject ? "403" : "200"), json));
            exchange.sendResponseHeaders(reject ? 403 : 200, -1);
            exchange.close();
        });
        endpoint.createContext("/flaky", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = JSON.readTree(body);
            boolean fail = json.path("Type").asText().equals("Notification") && flakyFailures.getAndDecrement() > 0;
            deliveries.add(new Delivery(Map.of("status", fail ? "503" : "200"), json));
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
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

        double deadLettered = deliveries("http", "dead-lettered");
        sns.publish(b -> b.topicArn(topic).message("refused"));
        var received = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, received.size(), "the refused message reached " + subscription + "'s dead-letter queue");
        assertTrue(received.get(0).body().contains("refused"));
        assertEquals(deadLettered + 1, deliveries("http", "dead-lettered"));
    }

    @Test
    void aFailedPostIsRetriedAsTheDeliveryPolicySaysUntilTheEndpointAcceptsIt() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/flaky";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url).attributes(Map.of("DeliveryPolicy",
                "{\"healthyRetryPolicy\":{\"numRetries\":3,\"minDelayTarget\":1,\"maxDelayTarget\":1}}")));
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation);
        sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.body().get("Token").asText()));
        double retried = deliveries("http", "retried");
        double delivered = deliveries("http", "delivered");

        flakyFailures.set(2);
        long published = System.nanoTime();
        String messageId = sns.publish(b -> b.topicArn(topic).message("third time lucky")).messageId();
        for (String status : new String[] {"503", "503", "200"}) {
            Delivery attempt = deliveries.poll(10, TimeUnit.SECONDS);
            assertNotNull(attempt, "attempt answered " + status);
            assertEquals(status, attempt.headers().get("status"));
            assertEquals(messageId, attempt.body().get("MessageId").asText(), "every attempt carries the same message");
        }
        long elapsedMillis = (System.nanoTime() - published) / 1_000_000;
        assertTrue(elapsedMillis >= 1_900, "two retries one second apart took " + elapsedMillis + " ms");
        assertEquals(null, deliveries.poll(2, TimeUnit.SECONDS), "no attempt after the accepted one");
        assertEquals(retried + 2, deliveries("http", "retried"));
        assertEquals(delivered + 1, deliveries("http", "delivered"));
    }

    @Test
    void aClientErrorAnswerIsAPermanentFailureNotRetriedAndDeadLettered() throws Exception {
        SnsClient sns = SnsClients.sns();
        var sqs = dev.eddy.sqs.SqsClients.json();
        String dlqUrl = sqs.createQueue(b -> b.queueName("sns-dlq-" + UUID.randomUUID())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/reject";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url).attributes(Map.of(
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\"}",
                "DeliveryPolicy", "{\"healthyRetryPolicy\":{\"numRetries\":3,\"numNoDelayRetries\":3}}")));
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation);
        sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.body().get("Token").asText()));

        sns.publish(b -> b.topicArn(topic).message("forbidden"));
        Delivery attempt = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(attempt);
        assertEquals("403", attempt.headers().get("status"));
        var received = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, received.size(), "dead-lettered after the one attempt");
        assertEquals(null, deliveries.poll(1, TimeUnit.SECONDS), "a 4xx other than 429 is not retried");
    }

    @Test
    void anEndpointThatNeverAcceptsGetsTheFirstAttemptAndEveryRetryThenNothing() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/flaky";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url).attributes(Map.of("DeliveryPolicy",
                "{\"healthyRetryPolicy\":{\"numRetries\":2,\"numNoDelayRetries\":2}}")));
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation);
        sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.body().get("Token").asText()));
        double failed = deliveries("http", "failed");

        flakyFailures.set(100);
        sns.publish(b -> b.topicArn(topic).message("never accepted"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertNotNull(deliveries.poll(10, TimeUnit.SECONDS), "attempt " + attempt);
        }
        assertEquals(null, deliveries.poll(2, TimeUnit.SECONDS), "two retries, then no more attempts");
        assertEquals(failed + 1, deliveries("http", "failed"), "no dead-letter queue: counted as failed");
    }

    @Test
    void aFunctionThatKeepsFailingIsInvokedThreeTimesThenTheMessageIsDeadLettered() throws Exception {
        SnsClient sns = SnsClients.sns();
        var sqs = dev.eddy.sqs.SqsClients.json();
        String dlqUrl = sqs.createQueue(b -> b.queueName("fn-dlq-" + UUID.randomUUID())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String name = "failing-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                dev.eddy.sqs.SqsClients.endpoint().resolve("/_eddy/functions")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:" + endpoint.getAddress().getPort()
                        + "/fail\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(registered.statusCode() / 100 == 2, registered.body());
        String topic = sns.createTopic(b -> b.name("fn-" + UUID.randomUUID())).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("lambda")
                .endpoint("arn:aws:lambda:us-east-1:000000000000:function:" + name)
                .attributes(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\"}")));
        double retried = deliveries("lambda", "retried");
        double deadLettered = deliveries("lambda", "dead-lettered");

        sns.publish(b -> b.topicArn(topic).message("the function fails"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Delivery invocation = deliveries.poll(10, TimeUnit.SECONDS);
            assertNotNull(invocation, "invocation " + attempt);
            assertEquals("the function fails", invocation.body().get("Records").get(0).get("Sns").get("Message").asText());
        }
        var received = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, received.size(), "the message reached the dead-letter queue");
        assertEquals("the function fails", received.get(0).body());
        assertEquals(null, deliveries.poll(1, TimeUnit.SECONDS), "no fourth invocation");
        assertEquals(retried + 2, deliveries("lambda", "retried"));
        assertEquals(deadLettered + 1, deliveries("lambda", "dead-lettered"));
    }

    /** Subscribes the /hook endpoint, confirms it through its SubscribeURL and returns its ARN. */
    private String subscribeAndConfirm(SnsClient sns, String topic) throws Exception {
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url));
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation, "a SubscriptionConfirmation was POSTed");
        assertEquals(200, get(confirmation.body().get("SubscribeURL").asText()));
        return sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().get(0).subscriptionArn();
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Checks a confirmation's signature as SNS validators do: its fields, each name and value on a line. */
    private static boolean verifies(JsonNode message) throws Exception {
        HttpResponse<byte[]> pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(message.get("SigningCertURL").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        java.security.cert.Certificate certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.body()));
        StringBuilder signed = new StringBuilder();
        for (String field : new String[] {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn",
                "Type"}) {
            signed.append(field).append('\n').append(message.get(field).asText()).append('\n');
        }
        java.security.Signature verifier = java.security.Signature.getInstance(
                message.get("SignatureVersion").asText().equals("2") ? "SHA256withRSA" : "SHA1withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(signed.toString().getBytes(StandardCharsets.UTF_8));
        return verifier.verify(java.util.Base64.getDecoder().decode(message.get("Signature").asText()));
    }

    @Test
    void unsubscribingAConfirmedHttpSubscriptionPostsAnUnsubscribeConfirmationThatCanRestoreIt() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String arn = subscribeAndConfirm(sns, topic);

        sns.unsubscribe(b -> b.subscriptionArn(arn));
        Delivery goodbye = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(goodbye, "an UnsubscribeConfirmation was POSTed");
        assertEquals("UnsubscribeConfirmation", goodbye.headers().get("x-amz-sns-message-type"));
        assertEquals("UnsubscribeConfirmation", goodbye.body().get("Type").asText());
        assertEquals(topic, goodbye.body().get("TopicArn").asText());
        assertTrue(goodbye.body().get("Message").asText().contains(arn), goodbye.body().toString());
        assertEquals("1", goodbye.body().get("SignatureVersion").asText());
        assertTrue(verifies(goodbye.body()), "signed like a SubscriptionConfirmation");
        assertTrue(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());
        sns.publish(b -> b.topicArn(topic).message("while unsubscribed"));
        assertEquals(null, deliveries.poll(1, TimeUnit.SECONDS), "no notification after Unsubscribe");

        // Its SubscribeURL brings the subscription back, under the same ARN.
        assertEquals(200, get(goodbye.body().get("SubscribeURL").asText()));
        assertEquals(arn, sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().get(0).subscriptionArn());
        sns.publish(b -> b.topicArn(topic).message("restored"));
        Delivery notification = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(notification);
        assertEquals("restored", notification.body().get("Message").asText());
    }

    @Test
    void aTokenEddyDidNotIssueRestoresNothing() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        String arn = subscribeAndConfirm(sns, topic);
        sns.unsubscribe(b -> b.subscriptionArn(arn));
        String token = deliveries.poll(10, TimeUnit.SECONDS).body().get("Token").asText();
        String forged = token.substring(0, token.indexOf('.')) + ".AAAA" + token.substring(token.indexOf('.') + 5);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.sns.model.InvalidParameterException.class,
                () -> sns.confirmSubscription(b -> b.topicArn(topic).token(forged)));
        assertEquals(400, refused.statusCode());
        String otherTopic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())).topicArn();
        org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.sns.model.InvalidParameterException.class,
                () -> sns.confirmSubscription(b -> b.topicArn(otherTopic).token(token)));
        assertTrue(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());
    }

    @Test
    void aSignatureVersion2TopicSignsItsConfirmationsWithSha256() throws Exception {
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("http-" + UUID.randomUUID())
                .attributes(Map.of("SignatureVersion", "2"))).topicArn();
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url));
        Delivery confirmation = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(confirmation);
        assertEquals("2", confirmation.body().get("SignatureVersion").asText());
        assertTrue(verifies(confirmation.body()), "SHA256withRSA over the confirmation's fields");
        assertEquals(200, get(confirmation.body().get("SubscribeURL").asText()));
        String arn = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().get(0).subscriptionArn();
        sns.unsubscribe(b -> b.subscriptionArn(arn));
        Delivery goodbye = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(goodbye);
        assertEquals("2", goodbye.body().get("SignatureVersion").asText());
        assertTrue(verifies(goodbye.body()));
    }

    private static final Pattern METRIC = Pattern.compile(
            "eddy_sns_deliveries_total\\{outcome=\"([^\"]+)\",protocol=\"([^\"]+)\",?\\} ([0-9.E+-]+)");

    /** The counter {@code eddy.sns.deliveries{protocol, outcome}} as Prometheus shows it (0 before the first). */
    static double deliveries(String protocol, String outcome) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                dev.eddy.sqs.SqsClients.endpoint().resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = METRIC.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(outcome) && m.group(2).equals(protocol)) {
                return Double.parseDouble(m.group(3));
            }
        }
        return 0;
    }
}
