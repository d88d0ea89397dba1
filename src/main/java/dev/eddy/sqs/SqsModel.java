package dev.eddy.sqs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

    // ---- queues ----------------------------------------------------------------------------

    @RegisterForReflection
    public record CreateQueueRequest(@NotNull String queueName, Map<String, String> attributes,
                                     @JsonProperty("tags") Map<String, String> tags) {
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
    public record TagQueueRequest(@NotNull String queueUrl, @NotNull Map<String, String> tags) {
    }

    @RegisterForReflection
    public record UntagQueueRequest(@NotNull String queueUrl, @NotNull List<String> tagKeys) {
    }

    @RegisterForReflection
    public record TagsResult(Map<String, String> tags) {
    }

    @RegisterForReflection
    public record AddPermissionRequest(@NotNull String queueUrl, @NotNull String label,
                                       @JsonProperty("AWSAccountIds") @NotNull List<String> awsAccountIds,
                                       @NotNull List<String> actions) {
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
                                        Integer maxNumberOfMessages, Integer visibilityTimeout,
                                        Integer waitTimeSeconds, String receiveRequestAttemptId) {
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
                                                 @NotNull Integer visibilityTimeout) {
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
