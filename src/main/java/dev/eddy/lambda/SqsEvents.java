package dev.eddy.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.Arn;
import dev.eddy.common.Json;
import dev.eddy.filter.FilterPolicy;
import dev.eddy.sqs.SqsModel.Message;
import dev.eddy.sqs.SqsModel.MessageAttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQS event Lambda sends a function, the filters applied to its records, and the function's answer. */
final class SqsEvents {
    private SqsEvents() {
    }

    /** One record of the event, as Lambda writes it (camelCase, {@code eventSourceARN}). */
    static ObjectNode record(Message message, String queueArn, String region) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        if (message.attributes() != null) {
            message.attributes().forEach(attributes::put);
        }
        ObjectNode messageAttributes = record.putObject("messageAttributes");
        if (message.messageAttributes() != null) {
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
        }
        record.put("md5OfBody", message.md5OfBody());
        if (message.md5OfMessageAttributes() != null) {
            record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        }
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", region);
        return record;
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue()));
        }
        node.putArray("stringListValues");
        node.putArray("binaryListValues");
        node.put("dataType", value.dataType());
        return node;
    }

    static byte[] event(List<ObjectNode> records) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.putArray("Records").addAll(records);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a record passes the mapping's filters (ORed; none means all pass). Patterns see the
     * record with its body parsed when the body is a JSON object, else the body as a string.
     */
    static boolean passes(ObjectNode record, List<FilterPolicy> filters) {
        if (filters.isEmpty()) {
            return true;
        }
        ObjectNode document = record.deepCopy();
        JsonNode body = Json.parseOrNull(record.path("body").asText());
        if (body != null && body.isObject()) {
            document.set("body", body);
        }
        for (FilterPolicy filter : filters) {
            if (filter.matches(document)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message ids a partial batch response reports as failed: empty for a complete success
     * (no body, {@code null}, {@code {}}, an empty or null list), null for a response that makes the
     * whole batch a failure (not JSON, a failure without a valid itemIdentifier, an id not in the
     * batch).
     */
    static Set<String> failedItems(byte[] payload, Set<String> batch) {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) {
            return Set.of();
        }
        JsonNode response = Json.parseOrNull(text);
        if (response == null || !response.isObject()) {
            return null;
        }
        JsonNode failures = response.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return null;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batch.contains(id.asText())) {
                return null;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    /** Bytes a record adds to the invocation payload (Lambda's limit is 6 MB per invocation). */
    static int size(ObjectNode record) {
        return record.toString().getBytes(StandardCharsets.UTF_8).length + 1;
    }

    static Map<String, String> names(String queueArn, String functionArn) {
        return Map.of("queue", Arn.parseOrNull(queueArn).lastSegment(),
                "function", Arn.parseOrNull(functionArn).functionName());
    }
}
