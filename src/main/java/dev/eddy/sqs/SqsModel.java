package dev.eddy.sqs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eddy.common.FifoToken;
import dev.eddy.common.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The SQS API as typed records: one request and one result per operation, shared by the JSON and
 * Query codecs. Java names are the AWS member names in lower camel case (the codecs map them to
 * AWS's upper camel case); the few members AWS spells otherwise carry {@code @JsonProperty}.
 * Single-field limits live here as constraints; rules that need the queue live in the service.
 */
public final class SqsModel {
    private SqsModel() {
    }

    // AWS's reasons for the limits below, word for word.
    private static final String MAX_MESSAGES = "Must be between 1 and 10, if provided.";
    private static final String WAIT_TIME = "Must be >= 0 and <= 20, if provided.";
    private static final String VISIBILITY = "Must be between 0 and 43200, if provided.";
    private static final String TAG_KEY = "Tag keys must be between 1 and 128 characters in length.";
    private static final String TAG_VALUE = "Tag values may only be up to 256 characters in length.";
    private static final String LABEL = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";

    // ---- queues ----------------------------------------------------------------------------

    @RegisterForReflection
    public record CreateQueueRequest(@NotNull String queueName, Map<String, String> attributes,
                                     @JsonProperty("tags") Map<
                                             @Size(min = 1, max = 128, message = TAG_KEY, payload = Violation.WholeMessage.class) String,
                                             @Size(max = 256, message = TAG_VALUE, payload = Violation.WholeMessage.class) String> tags) {
    }

    @RegisterForReflection
    public record QueueUrlResult(String queueUrl) {
    }

    @RegisterForReflection
    public record GetQueueUrlRequest(@NotNull String queueName,
                                     @JsonProperty("QueueOwnerAWSAccountId") String queueOwnerAwsAccountId) {
    }

    @RegisterForReflection
    public record ListQueuesRequest(String queueNamePrefix, String nextToken,
                                    @Min(1) @Max(1000) Integer maxResults) {
    }

    @RegisterForReflection
    public record ListQueuesResult(List<String> queueUrls, String nextToken) {
    }

    @RegisterForReflection
    public record QueueRequest(@NotNull String queueUrl) {
    }

    @RegisterForReflection
    public record GetQueueAttributesRequest(@NotNull String queueUrl, List<String> attributeNames) {
    }

    @RegisterForReflection
    public record AttributesResult(Map<String, String> attributes) {
    }

    @RegisterForReflection
    public record SetQueueAttributesRequest(@NotNull String queueUrl, @NotNull Map<String, String> attributes) {
    }

    @RegisterForReflection
    public record TagQueueRequest(@NotNull String queueUrl, @NotNull Map<
            @Size(min = 1, max = 128, message = TAG_KEY, payload = Violation.WholeMessage.class) String,
            @Size(max = 256, message = TAG_VALUE, payload = Violation.WholeMessage.class) String> tags) {
    }

    @RegisterForReflection
    public record UntagQueueRequest(@NotNull String queueUrl, @NotNull List<String> tagKeys) {
    }

    @RegisterForReflection
    public record TagsResult(Map<String, String> tags) {
    }

    @RegisterForReflection
    public record AddPermissionRequest(@NotNull String queueUrl,
                                       @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,80}", message = LABEL) String label,
                                       @JsonProperty("AWSAccountIds") @NotEmpty List<String> awsAccountIds,
                                       @NotEmpty List<String> actions) {
    }

    @RegisterForReflection
    public record RemovePermissionRequest(@NotNull String queueUrl, @NotNull String label) {
    }

    @RegisterForReflection
    public record ListDeadLetterSourceQueuesRequest(@NotNull String queueUrl, String nextToken,
                                                    @Min(1) @Max(1000) Integer maxResults) {
    }

    @RegisterForReflection
    public record ListDeadLetterSourceQueuesResult(@JsonProperty("queueUrls") List<String> queueUrls,
                                                   String nextToken) {
    }

    // ---- messages --------------------------------------------------------------------------

    @RegisterForReflection
    public record MessageAttributeValue(String stringValue, byte[] binaryValue, List<String> stringListValues,
                                        List<byte[]> binaryListValues, String dataType) {
    }

    /** Its body, attributes, delay and FIFO ids are checked by MessageRules, as a batch entry's are. */
    @RegisterForReflection
    public record SendMessageRequest(@NotNull String queueUrl, String messageBody, Integer delaySeconds,
                                     Map<String, MessageAttributeValue> messageAttributes,
                                     Map<String, MessageAttributeValue> messageSystemAttributes,
                                     String messageDeduplicationId, String messageGroupId) {
    }

    @RegisterForReflection
    public record SendMessageResult(@JsonProperty("MD5OfMessageBody") String md5OfMessageBody,
                                    @JsonProperty("MD5OfMessageAttributes") String md5OfMessageAttributes,
                                    @JsonProperty("MD5OfMessageSystemAttributes") String md5OfMessageSystemAttributes,
                                    String messageId, String sequenceNumber) {
    }

    @RegisterForReflection
    public record SendMessageBatchRequestEntry(String id, String messageBody, Integer delaySeconds,
                                               Map<String, MessageAttributeValue> messageAttributes,
                                               Map<String, MessageAttributeValue> messageSystemAttributes,
                                               String messageDeduplicationId, String messageGroupId) {
    }

    /** Batch requests without entries are answered EmptyBatchRequest, by the service. */
    @RegisterForReflection
    public record SendMessageBatchRequest(@NotNull String queueUrl, List<SendMessageBatchRequestEntry> entries) {
    }

    @RegisterForReflection
    public record SendMessageBatchResultEntry(String id, String messageId,
                                              @JsonProperty("MD5OfMessageBody") String md5OfMessageBody,
                                              @JsonProperty("MD5OfMessageAttributes") String md5OfMessageAttributes,
                                              @JsonProperty("MD5OfMessageSystemAttributes") String md5OfMessageSystemAttributes,
                                              String sequenceNumber) {
    }

    @RegisterForReflection
    public record BatchResultErrorEntry(String id, boolean senderFault, String code, String message) {
    }

    @RegisterForReflection
    public record SendMessageBatchResult(List<SendMessageBatchResultEntry> successful, List<BatchResultErrorEntry> failed) {
    }

    @RegisterForReflection
    public record ReceiveMessageRequest(@NotNull String queueUrl, List<String> attributeNames,
                                        List<String> messageSystemAttributeNames, List<String> messageAttributeNames,
                                        @Min(value = 1, message = MAX_MESSAGES) @Max(value = 10, message = MAX_MESSAGES)
                                        Integer maxNumberOfMessages,
                                        @Min(value = 0, message = VISIBILITY) @Max(value = 43_200, message = VISIBILITY)
                                        Integer visibilityTimeout,
                                        @Min(value = 0, message = WAIT_TIME) @Max(value = 20, message = WAIT_TIME)
                                        Integer waitTimeSeconds,
                                        @FifoToken.Form String receiveRequestAttemptId) {
    }

    @RegisterForReflection
    public record Message(String messageId, String receiptHandle,
                          @JsonProperty("MD5OfBody") String md5OfBody, String body,
                          Map<String, String> attributes,
                          @JsonProperty("MD5OfMessageAttributes") String md5OfMessageAttributes,
                          Map<String, MessageAttributeValue> messageAttributes) {
    }

    @RegisterForReflection
    public record ReceiveMessageResult(List<Message> messages) {
    }

    @RegisterForReflection
    public record DeleteMessageRequest(@NotNull String queueUrl, @NotNull String receiptHandle) {
    }

    @RegisterForReflection
    public record DeleteMessageBatchRequestEntry(String id, String receiptHandle) {
    }

    @RegisterForReflection
    public record DeleteMessageBatchRequest(@NotNull String queueUrl, List<DeleteMessageBatchRequestEntry> entries) {
    }

    @RegisterForReflection
    public record BatchResultEntry(String id) {
    }

    @RegisterForReflection
    public record BatchResult(List<BatchResultEntry> successful, List<BatchResultErrorEntry> failed) {
    }

    @RegisterForReflection
    public record ChangeMessageVisibilityRequest(@NotNull String queueUrl, @NotNull String receiptHandle,
                                                 @NotNull @Min(value = 0, message = VISIBILITY)
                                                 @Max(value = 43_200, message = VISIBILITY) Integer visibilityTimeout) {
    }

    @RegisterForReflection
    public record ChangeMessageVisibilityBatchRequestEntry(String id, String receiptHandle, Integer visibilityTimeout) {
    }

    @RegisterForReflection
    public record ChangeMessageVisibilityBatchRequest(@NotNull String queueUrl,
                                                      List<ChangeMessageVisibilityBatchRequestEntry> entries) {
    }

    // ---- message move tasks ----------------------------------------------------------------

    @RegisterForReflection
    public record StartMessageMoveTaskRequest(@NotNull String sourceArn, String destinationArn,
                                              @Min(1) @Max(500) Integer maxNumberOfMessagesPerSecond) {
    }

    @RegisterForReflection
    public record StartMessageMoveTaskResult(String taskHandle) {
    }

    @RegisterForReflection
    public record ListMessageMoveTasksRequest(@NotNull String sourceArn, @Min(1) @Max(10) Integer maxResults) {
    }

    @RegisterForReflection
    public record ListMessageMoveTasksResultEntry(String taskHandle, String status, String sourceArn,
                                                  String destinationArn, Integer maxNumberOfMessagesPerSecond,
                                                  Long approximateNumberOfMessagesMoved,
                                                  Long approximateNumberOfMessagesToMove,
                                                  String failureReason, Long startedTimestamp) {
    }

    @RegisterForReflection
    public record ListMessageMoveTasksResult(List<ListMessageMoveTasksResultEntry> results) {
    }

    @RegisterForReflection
    public record CancelMessageMoveTaskRequest(@NotNull String taskHandle) {
    }

    @RegisterForReflection
    public record CancelMessageMoveTaskResult(long approximateNumberOfMessagesMoved) {
    }

    /** The result of operations that return nothing but response metadata. */
    @RegisterForReflection
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }
}
