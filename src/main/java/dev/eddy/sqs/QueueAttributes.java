package dev.eddy.sqs;

import dev.eddy.common.AwsException;
import dev.eddy.common.Json;
import dev.eddy.store.QueueRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queue attributes: the settable ones with their AWS ranges and defaults, the read-only ones, and
 * typed access to a queue's effective values.
 */
final class QueueAttributes {
    static final String DELAY_SECONDS = "DelaySeconds";
    static final String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";
    static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
    static final String RECEIVE_WAIT_TIME = "ReceiveMessageWaitTimeSeconds";
    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String REDRIVE_POLICY = "RedrivePolicy";
    static final String REDRIVE_ALLOW_POLICY = "RedriveAllowPolicy";
    static final String POLICY = "Policy";
    static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
    static final String KMS_DATA_KEY_REUSE = "KmsDataKeyReusePeriodSeconds";
    static final String SQS_MANAGED_SSE = "SqsManagedSseEnabled";
    static final String FIFO_QUEUE = "FifoQueue";
    static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
    static final String DEDUPLICATION_SCOPE = "DeduplicationScope";
    static final String FIFO_THROUGHPUT_LIMIT = "FifoThroughputLimit";

    static final String APPROXIMATE_NUMBER_OF_MESSAGES = "ApproximateNumberOfMessages";
    static final String APPROXIMATE_NOT_VISIBLE = "ApproximateNumberOfMessagesNotVisible";
    static final String APPROXIMATE_DELAYED = "ApproximateNumberOfMessagesDelayed";
    static final String CREATED_TIMESTAMP = "CreatedTimestamp";
    static final String LAST_MODIFIED_TIMESTAMP = "LastModifiedTimestamp";
    static final String QUEUE_ARN = "QueueArn";

    static final int MAX_MESSAGE_SIZE = 1_048_576;

    private static final Set<String> FIFO_ONLY =
            Set.of(FIFO_QUEUE, CONTENT_BASED_DEDUPLICATION, DEDUPLICATION_SCOPE, FIFO_THROUGHPUT_LIMIT);
    static final List<String> READ_ONLY = List.of(APPROXIMATE_NUMBER_OF_MESSAGES, APPROXIMATE_NOT_VISIBLE,
            APPROXIMATE_DELAYED, CREATED_TIMESTAMP, LAST_MODIFIED_TIMESTAMP, QUEUE_ARN);
    private static final Set<String> SETTABLE = Set.of(DELAY_SECONDS, MAXIMUM_MESSAGE_SIZE,
            MESSAGE_RETENTION_PERIOD, RECEIVE_WAIT_TIME, VISIBILITY_TIMEOUT, REDRIVE_POLICY, REDRIVE_ALLOW_POLICY,
            POLICY, KMS_MASTER_KEY_ID, KMS_DATA_KEY_REUSE, SQS_MANAGED_SSE, FIFO_QUEUE,
            CONTENT_BASED_DEDUPLICATION, DEDUPLICATION_SCOPE, FIFO_THROUGHPUT_LIMIT);

    private QueueAttributes() {
    }

    static boolean isKnown(String name) {
        return SETTABLE.contains(name) || READ_ONLY.contains(name);
    }

    static boolean isFifoOnly(String name) {
        return FIFO_ONLY.contains(name);
    }

    /** The attributes of a new queue before any are given. */
    static Map<String, String> defaults(boolean fifo) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(DELAY_SECONDS, "0");
        attributes.put(MAXIMUM_MESSAGE_SIZE, String.valueOf(MAX_MESSAGE_SIZE));
        attributes.put(MESSAGE_RETENTION_PERIOD, "345600");
        attributes.put(RECEIVE_WAIT_TIME, "0");
        attributes.put(VISIBILITY_TIMEOUT, "30");
        attributes.put(SQS_MANAGED_SSE, "true");
        if (fifo) {
            attributes.put(FIFO_QUEUE, "true");
            attributes.put(CONTENT_BASED_DEDUPLICATION, "false");
            attributes.put(DEDUPLICATION_SCOPE, "queue");
            attributes.put(FIFO_THROUGHPUT_LIMIT, "perQueue");
        }
        return attributes;
    }

    /**
     * Checks given attributes one by one and returns them in their normalized form. Rules that need
     * other queues (the redrive target) are the service's.
     */
    static Map<String, String> normalize(Map<String, String> given, boolean fifo) {
        Map<String, String> result = new LinkedHashMap<>();
        if (given == null) {
            return result;
        }
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue();
            if (!SETTABLE.contains(name) || (FIFO_ONLY.contains(name) && !fifo)) {
                throw SqsErrors.invalidAttributeName(name);
            }
            result.put(name, switch (name) {
                case DELAY_SECONDS -> range(name, value, 0, 900);
                case MAXIMUM_MESSAGE_SIZE -> range(name, value, 1024, MAX_MESSAGE_SIZE);
                case MESSAGE_RETENTION_PERIOD -> range(name, value, 60, 1_209_600);
                case RECEIVE_WAIT_TIME -> range(name, value, 0, 20);
                case VISIBILITY_TIMEOUT -> range(name, value, 0, 43_200);
                case KMS_DATA_KEY_REUSE -> range(name, value, 60, 86_400);
                case SQS_MANAGED_SSE, CONTENT_BASED_DEDUPLICATION -> bool(name, value);
                case FIFO_QUEUE -> {
                    // Only FIFO queues know the attribute; true is their type, which cannot change.
                    String flag = bool(name, value);
                    if (!flag.equals("true")) {
                        throw SqsErrors.invalidAttributeValue(name, "Modifying queue type is not supported.");
                    }
                    yield flag;
                }
                case DEDUPLICATION_SCOPE -> oneOf(name, value, "messageGroup", "queue");
                case FIFO_THROUGHPUT_LIMIT -> oneOf(name, value, "perQueue", "perMessageGroupId");
                case REDRIVE_POLICY -> {
                    RedrivePolicy policy = RedrivePolicy.parse(value);
                    yield policy == null ? "" : policy.toJson();
                }
                case REDRIVE_ALLOW_POLICY -> value.isEmpty() ? "" : RedriveAllowPolicy.parse(value).toJson();
                case POLICY -> {
                    if (!value.isEmpty() && (Json.parseOrNull(value) == null || !Json.parseOrNull(value).isObject())) {
                        throw SqsErrors.invalidAttributeValue(name);
                    }
                    yield value;
                }
                default -> value;
            });
        }
        if ("true".equals(result.get(SQS_MANAGED_SSE)) && !result.getOrDefault(KMS_MASTER_KEY_ID, "").isEmpty()) {
            throw AwsException.sender("InvalidAttributeName", 400, "You can use one type of server-side encryption "
                    + "(SSE) at one time. You can either enable KMS SSE or SQS SSE.");
        }
        return result;
    }

    /** Applies normalized changes to a queue's attributes; an empty policy value removes it. */
    static Map<String, String> merge(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((name, value) -> {
            if (value.isEmpty() && (name.equals(REDRIVE_POLICY) || name.equals(REDRIVE_ALLOW_POLICY)
                    || name.equals(POLICY) || name.equals(KMS_MASTER_KEY_ID))) {
                merged.remove(name);
            } else {
                merged.put(name, value);
            }
        });
        if (changes.containsKey(KMS_MASTER_KEY_ID) && merged.containsKey(KMS_MASTER_KEY_ID)) {
            merged.put(SQS_MANAGED_SSE, "false");
            merged.putIfAbsent(KMS_DATA_KEY_REUSE, "300");
        } else if ("true".equals(changes.get(SQS_MANAGED_SSE))) {
            merged.remove(KMS_MASTER_KEY_ID);
            merged.remove(KMS_DATA_KEY_REUSE);
        }
        if ("perMessageGroupId".equals(merged.get(FIFO_THROUGHPUT_LIMIT))
                && !"messageGroup".equals(merged.get(DEDUPLICATION_SCOPE))) {
            throw SqsErrors.invalidAttributeValue(FIFO_THROUGHPUT_LIMIT,
                    "The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.");
        }
        return merged;
    }

    static AwsException fifoNameRule() {
        return AwsException.invalidParameterValue("The name of a FIFO queue can only include alphanumeric characters, "
                + "hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
    }

    private static String range(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return String.valueOf(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SqsErrors.invalidAttributeValue(name);
    }

    private static String bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return value.toLowerCase();
        }
        throw SqsErrors.invalidAttributeValue(name);
    }

    private static String oneOf(String name, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw SqsErrors.invalidAttributeValue(name);
    }

    // ---- typed access to a stored queue ---------------------------------------------------

    static int intValue(QueueRecord queue, String name) {
        return Integer.parseInt(queue.attributes().get(name));
    }

    static boolean contentBasedDeduplication(QueueRecord queue) {
        return "true".equals(queue.attributes().get(CONTENT_BASED_DEDUPLICATION));
    }

    static boolean deduplicationPerGroup(QueueRecord queue) {
        return "messageGroup".equals(queue.attributes().get(DEDUPLICATION_SCOPE));
    }

    static long retentionMillis(QueueRecord queue) {
        return intValue(queue, MESSAGE_RETENTION_PERIOD) * 1000L;
    }

    static RedrivePolicy redrivePolicy(QueueRecord queue) {
        return RedrivePolicy.parse(queue.attributes().get(REDRIVE_POLICY));
    }

    static RedriveAllowPolicy redriveAllowPolicy(QueueRecord queue) {
        return RedriveAllowPolicy.parse(queue.attributes().get(REDRIVE_ALLOW_POLICY));
    }
}
