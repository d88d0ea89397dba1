package dev.eddy.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.FunctionInvoker;
import dev.eddy.lambda.LambdaFunctions;
import io.vertx.core.Vertx;
import dev.eddy.sns.SnsModel.MessageAttributeValue;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsModel;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.SubscriptionRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivers a published message to one subscription: the notification envelope (or, with
 * RawMessageDelivery, the bare message with its attributes) sent to the subscribed queue through
 * the SQS service, with the same validation as any SendMessage.
 */
@ApplicationScoped
class SnsDelivery {
    private static final Logger LOG = Logger.getLogger(SnsDelivery.class);
    static final String DEFAULT_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One published message, as every subscription of the topic gets it. */
    record Notification(String messageId, String topicArn, String subject, String message,
                        Map<String, MessageAttributeValue> attributes, Map<String, String> perProtocol,
                        String groupId, String deduplicationId, String sequenceNumber, long timestamp,
                        String signatureVersion) {
    }

    private final SqsMessages sqs;
    private final SnsHttpDelivery http;
    private final SnsSigning signing;
    private final LambdaFunctions functions;
    private final FunctionInvoker invoker;
    private final Vertx vertx;

    SnsDelivery(SqsMessages sqs, SnsHttpDelivery http, SnsSigning signing, LambdaFunctions functions,
                FunctionInvoker invoker, Vertx vertx) {
        this.functions = functions;
        this.invoker = invoker;
        this.vertx = vertx;
        this.sqs = sqs;
        this.http = http;
        this.signing = signing;
    }

    /** Delivers to one subscription; a failure is logged with the subscription, never thrown at Publish. */
    Uni<Void> deliver(RequestContext context, SubscriptionRecord subscription, Notification notification) {
        if (subscription.pending() || !accepts(subscription, notification)) {
            return Uni.createFrom().voidItem();
        }
        boolean raw = "true".equals(subscription.attributes().get("RawMessageDelivery"));
        String protocol = subscription.protocol();
        String message = notification.perProtocol() == null ? notification.message()
                : notification.perProtocol().getOrDefault(protocol, notification.perProtocol().get("default"));
        return signing.identity().chain(identity -> {
            String body = raw ? message : envelope(context, subscription, notification, message, identity);
            return send(context, subscription, notification, message, body, raw);
        });
    }

    private Uni<Void> send(RequestContext context, SubscriptionRecord subscription, Notification notification,
                           String message, String body, boolean raw) {
        if (subscription.protocol().equals("lambda")) {
            invokeFunction(context, subscription, notification, message);
            return Uni.createFrom().voidItem();
        }
        if (!subscription.protocol().equals("sqs")) {
            Map<String, String> headers = headers("Notification", notification.messageId(), notification.topicArn());
            headers.put("x-amz-sns-subscription-arn", subscription.arn());
            if (raw) {
                headers.put("x-amz-sns-rawdelivery", "true");
            }
            int[] retry = retryPolicy(subscription);
            http.post(subscription.endpoint(), headers, body, subscription.arn(), retry[0], retry[1] * 1000L,
                    () -> deadLetter(context, subscription, message).subscribe().with(v -> { }, e -> { }));
            return Uni.createFrom().voidItem();
        }
        Map<String, SqsModel.MessageAttributeValue> attributes = raw ? sqsAttributes(notification.attributes()) : null;
        String[] arn = subscription.endpoint().split(":");
        String queueUrl = context.baseUrl() + "/" + arn[4] + "/" + arn[5];
        boolean fifoQueue = arn[5].endsWith(".fifo");
        SendMessageRequest send = new SendMessageRequest(queueUrl, body, null, attributes, null,
                fifoQueue ? dedupId(notification) : null, fifoQueue ? groupId(notification) : null);
        return sqs.sendMessage(context, send).replaceWithVoid().onFailure().recoverWithUni(e -> {
            LOG.warnf("SNS delivery to %s (%s) failed: %s", subscription.endpoint(), subscription.arn(), e.getMessage());
            return deadLetter(context, subscription, message);
        });
    }

    /**
     * Invokes a subscribed function asynchronously with the SNS event Lambda sends, off the
     * publisher's path; a failed invocation is retried twice, then dead-lettered.
     */
    private void invokeFunction(RequestContext context, SubscriptionRecord subscription, Notification n,
                                String message) {
        signing.identity().subscribe().with(identity -> {
            ObjectNode event = Json.MAPPER.createObjectNode();
            ObjectNode record = event.putArray("Records").addObject();
            record.put("EventSource", "aws:sns");
            record.put("EventVersion", "1.0");
            record.put("EventSubscriptionArn", subscription.arn());
            ObjectNode sns = record.putObject("Sns");
            com.fasterxml.jackson.databind.JsonNode envelope =
                    Json.parseOrNull(envelope(context, subscription, n, message, identity));
            envelope.fields().forEachRemaining(field -> {
                String name = switch (field.getKey()) {
                    case "SigningCertURL" -> "SigningCertUrl";
                    case "UnsubscribeURL" -> "UnsubscribeUrl";
                    default -> field.getKey();
                };
                sns.set(name, field.getValue());
            });
            if (!sns.has("Subject")) {
                sns.putNull("Subject");
            }
            if (!sns.has("MessageAttributes")) {
                sns.putObject("MessageAttributes");
            }
            byte[] payload = event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            invoke(context, subscription, payload, message, 0);
        }, e -> LOG.warnf("SNS delivery to %s (%s) failed: %s", subscription.endpoint(), subscription.arn(),
                e.getMessage()));
    }

    private void invoke(RequestContext context, SubscriptionRecord subscription, byte[] payload, String message,
                        int attempt) {
        functions.function(context, subscription.endpoint()).chain(f -> invoker.invoke(f, payload))
                .subscribe().with(result -> {
                    if (!result.error()) {
                        return;
                    }
                    retryOrDeadLetter(context, subscription, payload, message, attempt, result.text());
                }, e -> retryOrDeadLetter(context, subscription, payload, message, attempt, e.getMessage()));
    }

    private void retryOrDeadLetter(RequestContext context, SubscriptionRecord subscription, byte[] payload,
                                   String message, int attempt, String reason) {
        if (attempt < 2) {
            vertx.setTimer(attempt == 0 ? 1_000 : 2_000, t -> invoke(context, subscription, payload, message,
                    attempt + 1));
            return;
        }
        LOG.warnf("SNS delivery to %s (%s) failed: %s", subscription.endpoint(), subscription.arn(), reason);
        deadLetter(context, subscription, message).subscribe().with(v -> { }, e -> { });
    }

    /**
     * A message SNS could not deliver goes to the subscription's RedrivePolicy dead-letter queue, if
     * it has one; otherwise it is dropped, as AWS drops it.
     */
    private Uni<Void> deadLetter(RequestContext context, SubscriptionRecord subscription, String message) {
        com.fasterxml.jackson.databind.JsonNode policy = Json.parseOrNull(subscription.attributes().get("RedrivePolicy"));
        String target = policy == null ? null : policy.path("deadLetterTargetArn").asText(null);
        if (target == null || !target.matches("arn:aws:sqs:[^:]+:[^:]+:[^:]+")) {
            return Uni.createFrom().voidItem();
        }
        String[] arn = target.split(":");
        SendMessageRequest send = new SendMessageRequest(context.baseUrl() + "/" + arn[4] + "/" + arn[5], message,
                null, null, null, null, null);
        return sqs.sendMessage(context, send).replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("SNS dead-lettering for %s to %s failed: %s", subscription.arn(), target, e.getMessage());
            return null;
        });
    }

    /** Asks an HTTP endpoint to confirm its subscription: a POST with the token and the SubscribeURL. */
    void requestConfirmation(RequestContext context, SubscriptionRecord subscription) {
        signing.identity().subscribe().with(identity -> requestConfirmation(context, subscription, identity),
                e -> LOG.warnf("No confirmation request for %s: %s", subscription.arn(), e.getMessage()));
    }

    private void requestConfirmation(RequestContext context, SubscriptionRecord subscription,
                                     SnsSigning.Identity identity) {
        String messageId = java.util.UUID.randomUUID().toString();
        String timestamp = TIMESTAMP.format(Instant.now());
        String subscribeUrl = context.baseUrl() + "/?Action=ConfirmSubscription&TopicArn=" + subscription.topicArn()
                + "&Token=" + subscription.token();
        String message = "You have chosen to subscribe to the topic " + subscription.topicArn()
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Message", message);
        signed.put("MessageId", messageId);
        signed.put("SubscribeURL", subscribeUrl);
        signed.put("Timestamp", timestamp);
        signed.put("Token", subscription.token());
        signed.put("TopicArn", subscription.topicArn());
        signed.put("Type", "SubscriptionConfirmation");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("Type", "SubscriptionConfirmation");
        body.put("MessageId", messageId);
        body.put("Token", subscription.token());
        body.put("TopicArn", subscription.topicArn());
        body.put("Message", message);
        body.put("SubscribeURL", subscribeUrl);
        body.put("Timestamp", timestamp);
        body.put("SignatureVersion", "1");
        body.put("Signature", SnsSigning.sign(identity, "1", signed));
        body.put("SigningCertURL", context.baseUrl() + SnsSigning.CERTIFICATE_PATH);
        http.post(subscription.endpoint(), headers("SubscriptionConfirmation", messageId, subscription.topicArn()),
                body.toString(), subscription.arn(), 3, 20_000, () -> { });
    }

    private static Map<String, String> headers(String type, String messageId, String topicArn) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        headers.put("User-Agent", "Amazon Simple Notification Service Agent");
        headers.put("x-amz-sns-message-type", type);
        headers.put("x-amz-sns-message-id", messageId);
        headers.put("x-amz-sns-topic-arn", topicArn);
        return headers;
    }

    /** {numRetries, delay seconds} from the subscription's DeliveryPolicy, else AWS's defaults (3, 20). */
    private static int[] retryPolicy(SubscriptionRecord subscription) {
        com.fasterxml.jackson.databind.JsonNode policy = Json.parseOrNull(subscription.attributes().get("DeliveryPolicy"));
        com.fasterxml.jackson.databind.JsonNode retry = policy == null ? null : policy.path("healthyRetryPolicy");
        if (retry == null || retry.isMissingNode()) {
            return new int[] {3, 20};
        }
        return new int[] {retry.path("numRetries").asInt(3), Math.max(1, retry.path("minDelayTarget").asInt(20))};
    }

    private static String groupId(Notification notification) {
        return notification.groupId() != null ? notification.groupId() : "default";
    }

    private static String dedupId(Notification notification) {
        return notification.deduplicationId() != null ? notification.deduplicationId() : notification.messageId();
    }

    private static boolean accepts(SubscriptionRecord subscription, Notification notification) {
        String policy = subscription.attributes().get("FilterPolicy");
        if (policy == null || policy.isEmpty()) {
            return true;
        }
        return FilterPolicy.parse(policy, subscription.attributes().get("FilterPolicyScope"))
                .matches(notification.attributes(), notification.message());
    }

    /** The JSON document AWS delivers, its members in AWS's order. */
    private static String envelope(RequestContext context, SubscriptionRecord subscription, Notification n,
                                   String message, SnsSigning.Identity identity) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", n.messageId());
        if (n.sequenceNumber() != null) {
            envelope.put("SequenceNumber", n.sequenceNumber());
        }
        envelope.put("TopicArn", n.topicArn());
        if (n.subject() != null) {
            envelope.put("Subject", n.subject());
        }
        envelope.put("Message", message);
        String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(n.timestamp()));
        envelope.put("Timestamp", timestamp);
        String version = n.signatureVersion() == null ? "1" : n.signatureVersion();
        envelope.put("SignatureVersion", version);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("Message", message);
        signed.put("MessageId", n.messageId());
        if (n.subject() != null) {
            signed.put("Subject", n.subject());
        }
        signed.put("Timestamp", timestamp);
        signed.put("TopicArn", n.topicArn());
        signed.put("Type", "Notification");
        envelope.put("Signature", SnsSigning.sign(identity, version, signed));
        envelope.put("SigningCertURL", context.baseUrl() + SnsSigning.CERTIFICATE_PATH);
        envelope.put("UnsubscribeURL", context.baseUrl() + "/?Action=Unsubscribe&SubscriptionArn="
                + subscription.arn());
        if (n.attributes() != null && !n.attributes().isEmpty()) {
            ObjectNode attributes = envelope.putObject("MessageAttributes");
            n.attributes().forEach((name, value) -> {
                ObjectNode a = attributes.putObject(name);
                a.put("Type", value.dataType());
                a.put("Value", value.binaryValue() != null
                        ? Base64.getEncoder().encodeToString(value.binaryValue()) : value.stringValue());
            });
        }
        return envelope.toString();
    }

    /** Raw delivery: SNS attributes become SQS attributes (String.Array travels as a String). */
    private static Map<String, SqsModel.MessageAttributeValue> sqsAttributes(Map<String, MessageAttributeValue> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        Map<String, SqsModel.MessageAttributeValue> attributes = new LinkedHashMap<>();
        given.forEach((name, value) -> attributes.put(name, new SqsModel.MessageAttributeValue(value.stringValue(),
                value.binaryValue(), null, null,
                "String.Array".equals(value.dataType()) ? "String" : value.dataType())));
        return attributes;
    }
}
