package dev.eddy.sns;

import dev.eddy.common.Concurrently;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.EddyClock;
import dev.eddy.common.FifoToken;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.delivery.DeliveryWorker;
import dev.eddy.sns.SnsDelivery.Notification;
import dev.eddy.sns.SnsModel.BatchResultErrorEntry;
import dev.eddy.sns.SnsModel.MessageAttributeValue;
import dev.eddy.sns.SnsModel.PublishBatchRequest;
import dev.eddy.sns.SnsModel.PublishBatchRequestEntry;
import dev.eddy.sns.SnsModel.PublishBatchResult;
import dev.eddy.sns.SnsModel.PublishBatchResultEntry;
import dev.eddy.sns.SnsModel.PublishRequest;
import dev.eddy.sns.SnsModel.PublishResult;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.OutboxEntry;
import dev.eddy.store.SubscriptionRecord;
import dev.eddy.store.TopicRecord;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Publish and PublishBatch: validate, number (FIFO), and fan out to every subscription. */
@ApplicationScoped
public class SnsPublishing {
    private static final int MAX_MESSAGE_BYTES = 262_144;
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");

    private final SnsTopics topics;
    private final TopicStore store;
    private final SnsDelivery delivery;
    private final DeliveryOutbox outbox;
    private final DeliveryWorker worker;
    private final EddyClock clock;

    SnsPublishing(SnsTopics topics, TopicStore store, SnsDelivery delivery, DeliveryOutbox outbox,
                  DeliveryWorker worker, EddyClock clock) {
        this.topics = topics;
        this.store = store;
        this.delivery = delivery;
        this.outbox = outbox;
        this.worker = worker;
        this.clock = clock;
    }

    public Uni<PublishResult> publish(RequestContext context, PublishRequest request) {
        if (request.phoneNumber() != null && request.topicArn() == null && request.targetArn() == null) {
            throw SnsErrors.invalidParameter("PhoneNumber: SMS is not available in Eddy");
        }
        String arn = request.topicArn() != null ? request.topicArn() : request.targetArn();
        if (arn == null) {
            throw SnsErrors.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        return topics.topic(arn).chain(topic -> publish(context, topic, new Draft(request.message(),
                request.subject(), request.messageStructure(), request.messageAttributes(),
                request.messageDeduplicationId(), request.messageGroupId())))
                .map(n -> new PublishResult(n.messageId(), n.sequenceNumber()));
    }

    public Uni<PublishBatchResult> publishBatch(RequestContext context, PublishBatchRequest request) {
        List<PublishBatchRequestEntry> entries = request.publishBatchRequestEntries();
        if (entries == null || entries.isEmpty()) {
            throw SnsErrors.batch("EmptyBatchRequest", "The batch request doesn't contain any entries");
        }
        if (entries.size() > 10) {
            throw SnsErrors.batch("TooManyEntriesInBatchRequest", "The batch request contains more entries than "
                    + "permissible");
        }
        Set<String> ids = new HashSet<>();
        long total = 0;
        for (PublishBatchRequestEntry entry : entries) {
            if (entry == null || entry.id() == null || !BATCH_ENTRY_ID.matcher(entry.id()).matches()) {
                throw SnsErrors.batch("InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't "
                        + "abide by the specification");
            }
            if (!ids.add(entry.id())) {
                throw SnsErrors.batch("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have "
                        + "the same Id");
            }
            total += entry.message() == null ? 0 : entry.message().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_MESSAGE_BYTES) {
            throw SnsErrors.batch("BatchRequestTooLong", "The length of all the messages put together is more than "
                    + "the limit");
        }
        return topics.topic(request.topicArn()).chain(topic -> {
            List<Uni<Object>> outcomes = new ArrayList<>();
            for (PublishBatchRequestEntry entry : entries) {
                Uni<Notification> published;
                try {
                    published = publish(context, topic, new Draft(entry.message(), entry.subject(),
                            entry.messageStructure(), entry.messageAttributes(), entry.messageDeduplicationId(),
                            entry.messageGroupId()));
                } catch (AwsException e) {
                    published = Uni.createFrom().failure(e);
                }
                outcomes.add(published.<Object>map(n -> new PublishBatchResultEntry(entry.id(), n.messageId(),
                        n.sequenceNumber())).onFailure(AwsException.class).recoverWithItem(e -> {
                            AwsException error = (AwsException) e;
                            return new BatchResultErrorEntry(entry.id(), error.code(), error.getMessage(),
                                    error.senderFault());
                        }));
            }
            // FIFO entries are numbered and delivered in order.
            return Concurrently.all(outcomes, 1).map(results -> {
                List<PublishBatchResultEntry> successful = new ArrayList<>();
                List<BatchResultErrorEntry> failed = new ArrayList<>();
                for (Object r : results) {
                    if (r instanceof PublishBatchResultEntry ok) {
                        successful.add(ok);
                    } else {
                        failed.add((BatchResultErrorEntry) r);
                    }
                }
                return new PublishBatchResult(successful, failed);
            });
        });
    }

    private record Draft(String message, String subject, String structure,
                         Map<String, MessageAttributeValue> attributes, String deduplicationId, String groupId) {
    }

    private Uni<Notification> publish(RequestContext context, TopicRecord topic, Draft draft) {
        String message = draft.message();
        if (message == null || message.isEmpty()) {
            throw SnsErrors.invalidParameter("Empty message");
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw SnsErrors.invalidParameter("Message too long");
        }
        if (draft.subject() != null && (draft.subject().isEmpty() || draft.subject().length() >= 100
                || draft.subject().chars().anyMatch(c -> c < 0x20))) {
            throw SnsErrors.invalidParameter("Subject");
        }
        Map<String, String> perProtocol = null;
        if (draft.structure() != null) {
            if (!draft.structure().equals("json")) {
                throw SnsErrors.invalidParameter("MessageStructure");
            }
            JsonNode structured = Json.parseOrNull(message);
            if (structured == null || !structured.isObject()) {
                throw SnsErrors.invalidParameter("Message Structure - JSON message body failed to parse");
            }
            if (!structured.has("default")) {
                throw SnsErrors.invalidParameter("Message Structure - No default entry in JSON message body");
            }
            perProtocol = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = structured.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                perProtocol.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        checkAttributes(draft.attributes());
        String groupId = draft.groupId();
        String deduplicationId = draft.deduplicationId();
        if (topic.fifo()) {
            if (groupId == null) {
                throw SnsErrors.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (deduplicationId == null) {
                if (!"true".equals(topic.attributes().get("ContentBasedDeduplication"))) {
                    throw SnsErrors.invalidParameter("The topic should either have ContentBasedDeduplication "
                            + "enabled or MessageDeduplicationId provided explicitly");
                }
                deduplicationId = Digest.hex("SHA-256", message);
            }
        } else if (deduplicationId != null) {
            throw SnsErrors.invalidParameter("MessageDeduplicationId Reason: The request includes "
                    + "MessageDeduplicationId parameter that is not valid for this topic type");
        }
        // A standard topic takes a MessageGroupId too, for fair queues, validated as a FIFO topic's.
        checkFifoToken("MessageGroupId", groupId);
        if (draft.deduplicationId() != null) {
            checkFifoToken("MessageDeduplicationId", deduplicationId);
        }
        String messageId = UUID.randomUUID().toString();
        String dedup = deduplicationId;
        Map<String, String> structured = perProtocol;
        Uni<String> sequence = topic.fifo()
                ? store.nextSequence(topic.account(), topic.arn()).map(n -> String.format("1%019d", n))
                : Uni.createFrom().nullItem();
        return sequence.chain(seq -> {
            Notification notification = new Notification(messageId, topic.arn(), draft.subject(), message,
                    draft.attributes(), structured, groupId, dedup, seq, clock.now(),
                    topic.attributes().get("SignatureVersion"), topic.attributes().get("DeliveryPolicy"),
                    new ConcurrentHashMap<>());
            return store.subscriptions(topic.account(), topic.arn()).chain(subs -> fanOut(context, subs, notification))
                    .replaceWith(notification);
        });
    }

    /**
     * Queues get the message now; deliveries to HTTP endpoints and functions are recorded in the
     * outbox before Publish returns, so a success survives this replica.
     */
    private Uni<Void> fanOut(RequestContext context, List<SubscriptionRecord> subscriptions, Notification notification) {
        if (subscriptions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(subscriptions.stream().map(s -> delivery.deliver(context, s, notification)
                        .map(entry -> entry == null ? List.<OutboxEntry>of() : List.of(entry))).toList())
                .andFailFast().chain(lists -> {
                    List<OutboxEntry> entries = lists.stream().flatMap(List::stream).toList();
                    return entries.isEmpty() ? Uni.createFrom().voidItem()
                            : outbox.record(entries).invoke(worker::signal);
                });
    }

    private static void checkFifoToken(String parameter, String value) {
        if (value != null && !FifoToken.valid(value)) {
            throw SnsErrors.invalidParameter(parameter + " Reason: " + FifoToken.reason(parameter));
        }
    }

    private static void checkAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes == null) {
            return;
        }
        for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
            String name = entry.getKey();
            MessageAttributeValue value = entry.getValue();
            if (!ATTRIBUTE_NAME.matcher(name).matches() || name.toLowerCase().startsWith("aws.")
                    || name.toLowerCase().startsWith("amazon.")) {
                throw SnsErrors.invalidParameter("MessageAttributes: Message attribute name " + name + " is invalid");
            }
            String type = value == null ? null : value.dataType();
            if (type == null || !(type.startsWith("String") || type.startsWith("Number") || type.startsWith("Binary"))) {
                throw SnsErrors.invalidParameter("The message attribute '" + name + "' has an invalid message "
                        + "attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }
            if (type.startsWith("Binary") ? value.binaryValue() == null : value.stringValue() == null) {
                throw SnsErrors.invalidParameter("The message attribute '" + name + "' must contain non-empty "
                        + "message attribute value for message attribute type '" + type + "'.");
            }
            if (type.equals("String.Array")) {
                JsonNode array = Json.parseOrNull(value.stringValue());
                if (array == null || !array.isArray()) {
                    throw SnsErrors.invalidParameter("The message attribute '" + name + "' with type 'String.Array' "
                            + "has an invalid value: it must be a JSON array");
                }
            } else if (type.startsWith("Number")) {
                try {
                    new java.math.BigDecimal(value.stringValue().trim());
                } catch (NumberFormatException e) {
                    throw SnsErrors.invalidParameter("Could not cast message attribute '" + name
                            + "' value to number.");
                }
            }
        }
    }
}
