package dev.eddy.sqs;

import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.FifoToken;
import dev.eddy.common.RequestContext;
import dev.eddy.sqs.SqsModel.MessageAttributeValue;
import dev.eddy.store.MessageAttribute;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.StoredMessage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** What makes a message valid for a queue, and the stored form of a valid one. */
final class MessageRules {
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");
    private static final Pattern DATA_TYPE = Pattern.compile("(String|Number|Binary)(\\..+)?");
    static final String AWS_TRACE_HEADER = "AWSTraceHeader";

    /** The fields of one message to send, from SendMessage or a batch entry. */
    record Draft(String body, Integer delaySeconds, Map<String, MessageAttributeValue> attributes,
                 Map<String, MessageAttributeValue> systemAttributes, String deduplicationId, String groupId) {
    }

    private MessageRules() {
    }

    /** Validates a draft against the queue and returns the message to store; throws the AWS error. */
    static StoredMessage prepare(QueueRecord queue, Draft draft, RequestContext context, long now) {
        String body = draft.body();
        if (body == null || body.isEmpty()) {
            throw AwsException.missingParameter("MessageBody");
        }
        checkCharacters(body);
        Map<String, MessageAttribute> attributes = attributes(draft.attributes());
        String traceHeader = traceHeader(draft.systemAttributes());
        String systemDigest = null;
        if (traceHeader != null) {
            systemDigest = MessageDigests.ofAttributes(Map.of(AWS_TRACE_HEADER,
                    new MessageAttribute("String", traceHeader, null)));
        } else {
            traceHeader = context.traceHeader();
        }
        int maxSize = QueueAttributes.intValue(queue, QueueAttributes.MAXIMUM_MESSAGE_SIZE);
        if (size(body, attributes) > maxSize) {
            throw AwsException.invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than "
                    + maxSize + " bytes.");
        }
        long delayMillis = delayMillis(queue, draft.delaySeconds());
        String groupId = draft.groupId();
        String deduplicationId = draft.deduplicationId();
        if (groupId != null) {
            checkFifoToken("MessageGroupId", groupId);
        }
        if (queue.fifo()) {
            if (groupId == null) {
                throw AwsException.missingParameter("MessageGroupId");
            }
            if (deduplicationId != null) {
                checkFifoToken("MessageDeduplicationId", deduplicationId);
            } else if (QueueAttributes.contentBasedDeduplication(queue)) {
                deduplicationId = Digest.hex("SHA-256", body);
            } else {
                throw AwsException.invalidParameterValue("The queue should either have ContentBasedDeduplication "
                        + "enabled or MessageDeduplicationId provided explicitly");
            }
        } else if (deduplicationId != null) {
            throw AwsException.invalidParameterValue("MessageDeduplicationId", deduplicationId,
                    "The request includes a parameter that is not valid for this queue type.");
        }
        return new StoredMessage(UUID.randomUUID().toString(), body, MessageDigests.ofBody(body), attributes,
                MessageDigests.ofAttributes(attributes), traceHeader, systemDigest,
                context.accessKeyId() != null ? context.accessKeyId() : context.accountId(), now, groupId,
                deduplicationId, null, null, delayMillis);
    }

    /** The bytes a message counts toward MaximumMessageSize: body plus attribute names, types and values. */
    static long size(String body, Map<String, MessageAttribute> attributes) {
        long size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttribute> entry : attributes.entrySet()) {
            MessageAttribute value = entry.getValue();
            size += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
            size += value.dataType().getBytes(StandardCharsets.UTF_8).length;
            size += value.binaryValue() != null ? value.binaryValue().length
                    : value.stringValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    static void checkFifoToken(String parameter, String value) {
        if (!FifoToken.valid(value)) {
            throw AwsException.invalidParameterValue(parameter, value, FifoToken.reason(parameter));
        }
    }

    private static long delayMillis(QueueRecord queue, Integer delaySeconds) {
        if (delaySeconds == null) {
            return QueueAttributes.intValue(queue, QueueAttributes.DELAY_SECONDS) * 1000L;
        }
        if (queue.fifo() && delaySeconds != 0) {
            throw AwsException.invalidParameterValue("DelaySeconds", delaySeconds,
                    "The request include parameter that is not valid for this queue type.");
        }
        if (delaySeconds < 0 || delaySeconds > 900) {
            throw AwsException.invalidParameterValue("DelaySeconds", delaySeconds,
                    "DelaySeconds must be >= 0 and <= 900.");
        }
        return queue.fifo() ? QueueAttributes.intValue(queue, QueueAttributes.DELAY_SECONDS) * 1000L
                : delaySeconds * 1000L;
    }

    private static Map<String, MessageAttribute> attributes(Map<String, MessageAttributeValue> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        if (given.size() > 10) {
            throw AwsException.invalidParameterValue("Number of message attributes [" + given.size()
                    + "] exceeds the allowed maximum [10].");
        }
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        given.forEach((name, value) -> attributes.put(name, attribute(name, value, false)));
        return attributes;
    }

    private static MessageAttribute attribute(String name, MessageAttributeValue value, boolean system) {
        String kind = system ? "system attribute" : "attribute";
        if (!system) {
            String lower = name.toLowerCase();
            if (!ATTRIBUTE_NAME.matcher(name).matches() || lower.startsWith("aws.") || lower.startsWith("amazon.")
                    || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw AwsException.invalidParameterValue("Message (user) attribute name '" + name + "' is invalid. "
                        + "Names can contain alphanumeric characters, hyphens, underscores and periods, must not "
                        + "start or end with a period or contain consecutive periods, and must not start with "
                        + "'AWS.' or 'Amazon.'.");
            }
        }
        if (value == null || value.dataType() == null || value.dataType().isEmpty()) {
            throw AwsException.invalidParameterValue("The message " + kind + " '" + name
                    + "' must contain non-empty message attribute type.");
        }
        String dataType = value.dataType();
        if (!DATA_TYPE.matcher(dataType).matches() || dataType.length() > 256) {
            throw AwsException.invalidParameterValue("The type of message (user) attribute '" + name
                    + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        }
        if (dataType.startsWith("Binary")) {
            if (value.binaryValue() == null) {
                throw AwsException.invalidParameterValue("The message " + kind + " '" + name
                        + "' with type 'Binary' must use field 'Binary'.");
            }
            return new MessageAttribute(dataType, null, value.binaryValue());
        }
        String base = dataType.startsWith("Number") ? "Number" : "String";
        if (value.stringValue() == null || value.stringValue().isEmpty()) {
            throw AwsException.invalidParameterValue("The message " + kind + " '" + name + "' with type '" + base
                    + "' must use field 'String'.");
        }
        if (base.equals("Number")) {
            try {
                new BigDecimal(value.stringValue().trim());
            } catch (NumberFormatException e) {
                throw AwsException.invalidParameterValue("Can't cast the value of message (user) attribute '" + name
                        + "' to a number.");
            }
        }
        checkCharacters(value.stringValue());
        return new MessageAttribute(dataType, value.stringValue(), null);
    }

    private static String traceHeader(Map<String, MessageAttributeValue> systemAttributes) {
        if (systemAttributes == null || systemAttributes.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, MessageAttributeValue> entry : systemAttributes.entrySet()) {
            if (!entry.getKey().equals(AWS_TRACE_HEADER)) {
                throw AwsException.invalidParameterValue("Message system attribute name '" + entry.getKey()
                        + "' is invalid.");
            }
        }
        MessageAttribute trace = attribute(AWS_TRACE_HEADER, systemAttributes.get(AWS_TRACE_HEADER), true);
        if (!trace.dataType().equals("String")) {
            throw AwsException.invalidParameterValue("Message system attribute 'AWSTraceHeader' must have type 'String'.");
        }
        return trace.stringValue();
    }

    /** Only #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF may appear. */
    static void checkCharacters(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                throw SqsErrors.invalidMessageContents(c);
            }
            i += Character.charCount(c);
        }
    }
}
