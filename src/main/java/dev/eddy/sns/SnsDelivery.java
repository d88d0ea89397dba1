package dev.eddy.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.filter.FilterPolicy;
import dev.eddy.sns.SnsModel.MessageAttributeValue;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsModel;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.OutboxEntry;
import dev.eddy.store.QueueId;
import dev.eddy.store.SubscriptionRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Delivers a published message to one subscription. A queue gets it at once, through the SQS
 * service with the same validation as any SendMessage: the notification envelope, or with
 * RawMessageDelivery the bare message with its attributes. An HTTP/HTTPS endpoint or a function
 * gets it through the delivery outbox: rendered and signed here, recorded before Publish returns,
 * and POSTed (or invoked) by {@link SnsEndpointDelivery} on whichever replica claims it.
 */
@ApplicationScoped
class SnsDelivery {
    private static final Logger LOG = Logger.getLogger(SnsDelivery.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One published message, as every subscription of the topic gets it.
     *
     * @param signatures the envelope's signature by delivered message text, filled as subscriptions
     *                   are delivered: the signed fields do not depend on the subscription, so one
     *                   RSA signature serves them all
     */
    record Notification(String messageId, String topicArn, String subject, String message,
                        Map<String, MessageAttributeValue> attributes, Map<String, String> perProtocol,
                        String groupId, String deduplicationId, String sequenceNumber, long timestamp,
                        String signatureVersion, String topicDeliveryPolicy, Map<String, String> signatures) {
    }

    private final SqsMessages sqs;
    private final SnsSigning signing;
    private final SnsMetrics metrics;
    private final EddyClock clock;

    SnsDelivery(SqsMessages sqs, SnsSigning signing, SnsMetrics metrics, EddyClock clock) {
        this.sqs = sqs;
        this.signing = signing;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Delivers to one subscription: to a queue now, or else returns the outbox entry that will
     * deliver it (null when there is nothing to deliver). A queue that refuses the message never
     * fails Publish: the message goes to the subscription's dead-letter queue, if any. Only Eddy's
     * store being unable to take it now (ServiceUnavailable: full, unreachable) fails Publish, as a
     * retry later would succeed where dropping would lose the message.
     */
    Uni<OutboxEntry> deliver(RequestContext context, SubscriptionRecord subscription, Notification notification) {
        if (subscription.pending()) {
            return Uni.createFrom().nullItem();
        }
        String protocol = subscription.protocol();
        if (!accepts(subscription, notification)) {
            metrics.delivery(protocol, SnsMetrics.FILTERED);
            return Uni.createFrom().nullItem();
        }
        boolean raw = "true".equals(subscription.attributes().get("RawMessageDelivery"));
        String message = notification.perProtocol() == null ? notification.message()
                : notification.perProtocol().getOrDefault(protocol, notification.perProtocol().get("default"));
        return signing.identity().chain(identity -> {
            String envelope = raw && !protocol.equals("lambda") ? null
                    : envelope(context, subscription, notification, message, identity);
            return switch (protocol) {
                case "sqs" -> sendToQueue(context, subscription, notification, message, raw ? message : envelope)
                        .replaceWith((OutboxEntry) null);
                case "lambda" -> Uni.createFrom().item(pending(context, subscription, "Notification", Map.of(),
                        functionEvent(subscription, envelope), message, notification.topicDeliveryPolicy()));
                default -> {
                    Map<String, String> headers = headers("Notification", notification.messageId(),
                            notification.topicArn());
                    headers.put("x-amz-sns-subscription-arn", subscription.arn());
                    if (raw) {
                        headers.put("x-amz-sns-rawdelivery", "true");
                    }
                    yield Uni.createFrom().item(pending(context, subscription, "Notification", headers,
                            raw ? message : envelope, message, notification.topicDeliveryPolicy()));
                }
            };
        });
    }

    private OutboxEntry pending(RequestContext context, SubscriptionRecord subscription, String type,
                                Map<String, String> headers, String body, String message, String topicPolicy) {
        SnsEndpointDelivery.Pending pending = new SnsEndpointDelivery.Pending(type, subscription.protocol(),
                subscription.endpoint(), headers, body, message, topicPolicy,
                subscription.attributes().get("DeliveryPolicy"), subscription.attributes().get("RedrivePolicy"),
                context.region(), context.accountId(), context.baseUrl());
        return OutboxEntry.of(UUID.randomUUID().toString(), SnsEndpointDelivery.KIND, subscription.arn(),
                Json.write(pending), clock.now());
    }

    private Uni<Void> sendToQueue(RequestContext context, SubscriptionRecord subscription, Notification notification,
                                  String message, String body) {
        boolean raw = "true".equals(subscription.attributes().get("RawMessageDelivery"));
        Map<String, SqsModel.MessageAttributeValue> attributes = raw ? sqsAttributes(delivered(notification)) : null;
        QueueId queue = QueueId.ofArn(subscription.endpoint());
        boolean fifoQueue = queue.name().endsWith(".fifo");
        // A standard queue gets the group too: with it SQS serves the queue fairly across groups.
        SendMessageRequest send = new SendMessageRequest(null, body, null, attributes, null,
                fifoQueue ? dedupId(notification) : null, fifoQueue ? groupId(notification) : notification.groupId());
        return sqs.sendMessage(context, queue, send).invoke(() -> metrics.delivery("sqs", SnsMetrics.DELIVERED))
                .replaceWithVoid().onFailure(e -> !AwsException.isServiceUnavailable(e))
                .recoverWithUni(e -> deadLetter(context,
                        subscription.attributes().get("RedrivePolicy"), subscription.arn(), message).invoke(sent -> {
                            metrics.delivery("sqs", sent ? SnsMetrics.DEAD_LETTERED : SnsMetrics.FAILED);
                            LOG.warnf("SNS delivery for %s to %s failed: %s; %s", subscription.arn(),
                                    subscription.endpoint(), e.getMessage(), sent ? "dead-lettered" : "dropped");
                        }).replaceWithVoid());
    }

    /** The event Lambda gets from SNS: the envelope under {@code Records[0].Sns}, with Lambda's member names. */
    private static String functionEvent(SubscriptionRecord subscription, String envelope) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscription.arn());
        ObjectNode sns = record.putObject("Sns");
        Json.parseOrNull(envelope).fields().forEachRemaining(field -> {
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
        return event.toString();
    }

    /**
     * A message SNS could not deliver goes to the subscription's RedrivePolicy dead-letter queue, if
     * it has one; otherwise it is dropped, as AWS drops it. True when it reached the queue; fails
     * with ServiceUnavailable when Eddy's store cannot take it now, for the caller to try again.
     */
    Uni<Boolean> deadLetter(RequestContext context, String redrivePolicy, String subscriptionArn, String message) {
        com.fasterxml.jackson.databind.JsonNode policy = Json.parseOrNull(redrivePolicy);
        String target = policy == null ? null : policy.path("deadLetterTargetArn").asText(null);
        if (target == null || !target.matches("arn:aws:sqs:[^:]+:[^:]+:[^:]+")) {
            return Uni.createFrom().item(false);
        }
        SendMessageRequest send = new SendMessageRequest(null, message, null, null, null, null, null);
        return sqs.sendMessage(context, QueueId.ofArn(target), send).replaceWith(true)
                .onFailure(e -> !AwsException.isServiceUnavailable(e)).recoverWithItem(e -> {
            LOG.warnf("SNS dead-lettering for %s to %s failed: %s", subscriptionArn, target, e.getMessage());
            return false;
        });
    }

    /**
     * The request asking an HTTP endpoint to confirm its subscription (a POST with the token and the
     * SubscribeURL), as an outbox entry: retried like a notification, never dead-lettered. Signed
     * with the topic's SignatureVersion, as notifications are.
     */
    Uni<OutboxEntry> confirmationRequest(RequestContext context, SubscriptionRecord subscription,
                                         String signatureVersion) {
        return confirmation(context, subscription, "SubscriptionConfirmation", subscription.token(),
                "You have chosen to subscribe to the topic " + subscription.topicArn()
                        + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
                signatureVersion);
    }

    /**
     * The message an HTTP endpoint gets after its confirmed subscription is deleted: its
     * SubscribeURL carries a token that restores the subscription.
     */
    Uni<OutboxEntry> unsubscribeConfirmation(RequestContext context, SubscriptionRecord subscription,
                                             String restoreToken, String signatureVersion) {
        return confirmation(context, subscription, "UnsubscribeConfirmation", restoreToken,
                "You have chosen to deactivate subscription " + subscription.arn()
                        + ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
                        + "included in this message.", signatureVersion);
    }

    private Uni<OutboxEntry> confirmation(RequestContext context, SubscriptionRecord subscription, String type,
                                          String token, String message, String signatureVersion) {
        String version = signatureVersion == null ? "1" : signatureVersion;
        return signing.identity().map(identity -> {
            String messageId = UUID.randomUUID().toString();
            String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(clock.now()));
            String subscribeUrl = context.baseUrl() + "/?Action=ConfirmSubscription&TopicArn=" + subscription.topicArn()
                    + "&Token=" + token;
            Map<String, String> signed = new LinkedHashMap<>();
            signed.put("Message", message);
            signed.put("MessageId", messageId);
            signed.put("SubscribeURL", subscribeUrl);
            signed.put("Timestamp", timestamp);
            signed.put("Token", token);
            signed.put("TopicArn", subscription.topicArn());
            signed.put("Type", type);
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("Type", type);
            body.put("MessageId", messageId);
            body.put("Token", token);
            body.put("TopicArn", subscription.topicArn());
            body.put("Message", message);
            body.put("SubscribeURL", subscribeUrl);
            body.put("Timestamp", timestamp);
            body.put("SignatureVersion", version);
            body.put("Signature", SnsSigning.sign(identity, version, signed));
            body.put("SigningCertURL", context.baseUrl() + SnsSigning.CERTIFICATE_PATH);
            return pending(context, subscription, type, headers(type, messageId, subscription.topicArn()),
                    body.toString(), null, null);
        });
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

    private static String groupId(Notification notification) {
        return notification.groupId() != null ? notification.groupId() : "default";
    }

    private static String dedupId(Notification notification) {
        return notification.deduplicationId() != null ? notification.deduplicationId() : notification.messageId();
    }

    private static boolean accepts(SubscriptionRecord subscription, Notification notification) {
        FilterPolicy policy = filterPolicy(subscription.attributes());
        if (policy == null) {
            return true;
        }
        Map<String, FilterPolicy.Attribute> attributes = new LinkedHashMap<>();
        if (notification.attributes() != null) {
            notification.attributes().forEach((name, value) -> attributes.put(name,
                    value == null ? null : new FilterPolicy.Attribute(value.dataType(), value.stringValue())));
        }
        return policy.matches(attributes, notification.message());
    }

    /**
     * A subscription's FilterPolicy (with its FilterPolicyScope) from its attributes, null when it
     * has none; InvalidParameter when it is not well formed.
     */
    static FilterPolicy filterPolicy(Map<String, String> attributes) {
        String policy = attributes.get("FilterPolicy");
        if (policy == null || policy.isEmpty()) {
            return null;
        }
        try {
            return FilterPolicy.parse(policy, attributes.get("FilterPolicyScope"));
        } catch (FilterPolicy.Invalid e) {
            throw SnsErrors.invalidParameter("FilterPolicy: " + e.getMessage());
        }
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
        envelope.put("Signature", n.signatures().computeIfAbsent(message,
                m -> SnsSigning.sign(identity, version, signed)));
        envelope.put("SigningCertURL", context.baseUrl() + SnsSigning.CERTIFICATE_PATH);
        envelope.put("UnsubscribeURL", context.baseUrl() + "/?Action=Unsubscribe&SubscriptionArn="
                + subscription.arn());
        Map<String, MessageAttributeValue> delivered = delivered(n);
        if (delivered != null && !delivered.isEmpty()) {
            ObjectNode attributes = envelope.putObject("MessageAttributes");
            delivered.forEach((name, value) -> {
                ObjectNode a = attributes.putObject(name);
                a.put("Type", value.dataType());
                a.put("Value", value.binaryValue() != null
                        ? Base64.getEncoder().encodeToString(value.binaryValue()) : value.stringValue());
            });
        }
        return envelope.toString();
    }

    /**
     * The attributes subscribers get. SNS: "Message attributes are sent only when the message
     * structure is String, not JSON"; filter policies still see them.
     */
    private static Map<String, MessageAttributeValue> delivered(Notification notification) {
        return notification.perProtocol() == null ? notification.attributes() : null;
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
