package dev.eddy.sns;

import dev.eddy.common.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/** The SNS API as typed records, decoded from the Query protocol (member names in upper camel case). */
public final class SnsModel {
    private SnsModel() {
    }

    @RegisterForReflection
    public record Tag(String key, String value) {
    }

    @RegisterForReflection
    /** A topic name: letters, digits, hyphens and underscores (a FIFO topic's with ".fifo"), 256 at most. */
    public record CreateTopicRequest(@NotNull @Pattern(regexp = "(?=.{1,256}$)[A-Za-z0-9_-]+(\\.fifo)?",
                                             message = "Topic Name", payload = Violation.InvalidParameter.class)
                                     String name, Map<String, String> attributes, List<Tag> tags) {
    }

    @RegisterForReflection
    public record TopicArnResult(String topicArn) {
    }

    @RegisterForReflection
    public record TopicRequest(@NotNull String topicArn) {
    }

    @RegisterForReflection
    public record ListTopicsRequest(String nextToken) {
    }

    @RegisterForReflection
    public record TopicEntry(String topicArn) {
    }

    @RegisterForReflection
    public record ListTopicsResult(List<TopicEntry> topics, String nextToken) {
    }

    @RegisterForReflection
    public record AttributesResult(Map<String, String> attributes) {
    }

    @RegisterForReflection
    public record SetTopicAttributesRequest(@NotNull String topicArn, @NotNull String attributeName,
                                            String attributeValue) {
    }

    @RegisterForReflection
    public record SubscribeRequest(@NotNull String topicArn, @NotNull String protocol, String endpoint,
                                   Map<String, String> attributes, Boolean returnSubscriptionArn) {
    }

    @RegisterForReflection
    public record SubscriptionArnResult(String subscriptionArn) {
    }

    @RegisterForReflection
    public record ConfirmSubscriptionRequest(@NotNull String topicArn, @NotNull String token,
                                             String authenticateOnUnsubscribe) {
    }

    @RegisterForReflection
    public record SubscriptionRequest(@NotNull String subscriptionArn) {
    }

    @RegisterForReflection
    public record ListSubscriptionsRequest(String nextToken) {
    }

    @RegisterForReflection
    public record ListSubscriptionsByTopicRequest(@NotNull String topicArn, String nextToken) {
    }

    @RegisterForReflection
    public record SubscriptionEntry(String subscriptionArn, String owner, String protocol, String endpoint,
                                    String topicArn) {
    }

    @RegisterForReflection
    public record ListSubscriptionsResult(List<SubscriptionEntry> subscriptions, String nextToken) {
    }

    @RegisterForReflection
    public record SetSubscriptionAttributesRequest(@NotNull String subscriptionArn, @NotNull String attributeName,
                                                   String attributeValue) {
    }

    @RegisterForReflection
    public record MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue) {
    }

    @RegisterForReflection
    public record PublishRequest(String topicArn, String targetArn, String phoneNumber, @NotNull String message,
                                 String subject, String messageStructure,
                                 Map<String, MessageAttributeValue> messageAttributes,
                                 String messageDeduplicationId, String messageGroupId) {
    }

    @RegisterForReflection
    public record PublishResult(String messageId, String sequenceNumber) {
    }

    @RegisterForReflection
    public record PublishBatchRequestEntry(String id, String message, String subject, String messageStructure,
                                           Map<String, MessageAttributeValue> messageAttributes,
                                           String messageDeduplicationId, String messageGroupId) {
    }

    @RegisterForReflection
    public record PublishBatchRequest(@NotNull String topicArn, List<PublishBatchRequestEntry> publishBatchRequestEntries) {
    }

    @RegisterForReflection
    public record PublishBatchResultEntry(String id, String messageId, String sequenceNumber) {
    }

    @RegisterForReflection
    public record BatchResultErrorEntry(String id, String code, String message, boolean senderFault) {
    }

    @RegisterForReflection
    public record PublishBatchResult(List<PublishBatchResultEntry> successful, List<BatchResultErrorEntry> failed) {
    }

    @RegisterForReflection
    public record TagResourceRequest(@NotNull String resourceArn, @NotNull List<Tag> tags) {
    }

    @RegisterForReflection
    public record UntagResourceRequest(@NotNull String resourceArn, @NotNull List<String> tagKeys) {
    }

    @RegisterForReflection
    public record ResourceRequest(@NotNull String resourceArn) {
    }

    @RegisterForReflection
    public record TagsResult(List<Tag> tags) {
    }

    @RegisterForReflection
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }
}
