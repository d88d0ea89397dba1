package dev.eddy.sqs;

import com.amazonaws.AmazonClientException;
import com.amazonaws.AmazonServiceException;
import com.amazonaws.AmazonWebServiceResult;
import com.amazonaws.ClientConfiguration;
import com.amazonaws.ResponseMetadata;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.util.AwsHeader;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.AddPermissionRequest;
import software.amazon.awssdk.services.sqs.model.AddPermissionResponse;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.InvalidAddressException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsRequest;
import software.amazon.awssdk.services.sqs.model.ListQueueTagsResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.OverLimitException;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.RemovePermissionRequest;
import software.amazon.awssdk.services.sqs.model.RemovePermissionResponse;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.SqsResponse;
import software.amazon.awssdk.services.sqs.model.SqsResponseMetadata;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.TagQueueRequest;
import software.amazon.awssdk.services.sqs.model.TagQueueResponse;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.model.UntagQueueRequest;
import software.amazon.awssdk.services.sqs.model.UntagQueueResponse;

/**
 * The AWS SDK for Java v2 {@link SqsClient} interface, served by an AWS SDK for Java v1 (1.12.500)
 * {@link AmazonSQS} client.
 *
 * <p>SDK v2 speaks only the SQS JSON protocol; SDK v1 speaks the older Query protocol (form-encoded
 * requests, XML responses). Wrapping v1 behind the v2 interface lets the one test suite, written against
 * {@link SqsClient}, run unchanged over both protocols. Each operation converts the v2 request into a v1
 * request, calls v1, and converts the v1 result back into the v2 response; v1 service errors become the
 * v2 exception the JSON client would have thrown, with the same error code, message and status.
 *
 * <p>All 23 operations are delegated, including StartMessageMoveTask, ListMessageMoveTasks and
 * CancelMessageMoveTask, which 1.12.500 already has. v1's ReceiveMessage has no MessageSystemAttributeNames,
 * so those names are merged into its AttributeNames (the Query protocol's AttributeName.N).
 */
public final class V1QuerySqsClient implements SqsClient {
    private final AmazonSQS v1;

    public V1QuerySqsClient(URI endpoint) {
        ClientConfiguration config = new ClientConfiguration()
                .withSocketTimeout(40_000)
                .withRetryPolicy(PredefinedRetryPolicies.NO_RETRY_POLICY)
                .withMaxErrorRetry(0);
        this.v1 = AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("AKIDTEST", "secret")))
                .withClientConfiguration(config)
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        v1.shutdown();
    }

    // ---------------------------------------------------------------- queues

    @Override
    public CreateQueueResponse createQueue(CreateQueueRequest request) {
        var in = new com.amazonaws.services.sqs.model.CreateQueueRequest();
        in.setQueueName(request.queueName());
        if (request.hasAttributes()) {
            in.setAttributes(request.attributesAsStrings());
        }
        if (request.hasTags()) {
            in.setTags(request.tags());
        }
        var out = call(() -> v1.createQueue(in));
        return meta(CreateQueueResponse.builder().queueUrl(out.getQueueUrl()), out).build();
    }

    @Override
    public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
        var in = new com.amazonaws.services.sqs.model.GetQueueUrlRequest();
        in.setQueueName(request.queueName());
        if (request.queueOwnerAWSAccountId() != null) {
            in.setQueueOwnerAWSAccountId(request.queueOwnerAWSAccountId());
        }
        var out = call(() -> v1.getQueueUrl(in));
        return meta(GetQueueUrlResponse.builder().queueUrl(out.getQueueUrl()), out).build();
    }

    @Override
    public ListQueuesResponse listQueues(ListQueuesRequest request) {
        var in = new com.amazonaws.services.sqs.model.ListQueuesRequest();
        if (request.queueNamePrefix() != null) {
            in.setQueueNamePrefix(request.queueNamePrefix());
        }
        if (request.maxResults() != null) {
            in.setMaxResults(request.maxResults());
        }
        if (request.nextToken() != null) {
            in.setNextToken(request.nextToken());
        }
        var out = call(() -> v1.listQueues(in));
        var b = ListQueuesResponse.builder().nextToken(out.getNextToken());
        if (notEmpty(out.getQueueUrls())) {
            b.queueUrls(out.getQueueUrls());
        }
        return meta(b, out).build();
    }

    @Override
    public DeleteQueueResponse deleteQueue(DeleteQueueRequest request) {
        var in = new com.amazonaws.services.sqs.model.DeleteQueueRequest();
        in.setQueueUrl(request.queueUrl());
        var out = call(() -> v1.deleteQueue(in));
        return meta(DeleteQueueResponse.builder(), out).build();
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
        var in = new com.amazonaws.services.sqs.model.GetQueueAttributesRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasAttributeNames()) {
            in.setAttributeNames(request.attributeNamesAsStrings());
        }
        var out = call(() -> v1.getQueueAttributes(in));
        var b = GetQueueAttributesResponse.builder();
        if (notEmpty(out.getAttributes())) {
            b.attributesWithStrings(out.getAttributes());
        }
        return meta(b, out).build();
    }

    @Override
    public SetQueueAttributesResponse setQueueAttributes(SetQueueAttributesRequest request) {
        var in = new com.amazonaws.services.sqs.model.SetQueueAttributesRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasAttributes()) {
            in.setAttributes(request.attributesAsStrings());
        }
        var out = call(() -> v1.setQueueAttributes(in));
        return meta(SetQueueAttributesResponse.builder(), out).build();
    }

    @Override
    public PurgeQueueResponse purgeQueue(PurgeQueueRequest request) {
        var in = new com.amazonaws.services.sqs.model.PurgeQueueRequest();
        in.setQueueUrl(request.queueUrl());
        var out = call(() -> v1.purgeQueue(in));
        return meta(PurgeQueueResponse.builder(), out).build();
    }

    @Override
    public ListDeadLetterSourceQueuesResponse listDeadLetterSourceQueues(ListDeadLetterSourceQueuesRequest request) {
        var in = new com.amazonaws.services.sqs.model.ListDeadLetterSourceQueuesRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.maxResults() != null) {
            in.setMaxResults(request.maxResults());
        }
        if (request.nextToken() != null) {
            in.setNextToken(request.nextToken());
        }
        var out = call(() -> v1.listDeadLetterSourceQueues(in));
        var b = ListDeadLetterSourceQueuesResponse.builder().nextToken(out.getNextToken());
        if (notEmpty(out.getQueueUrls())) {
            b.queueUrls(out.getQueueUrls());
        }
        return meta(b, out).build();
    }

    // ---------------------------------------------------------------- tags and permissions

    @Override
    public TagQueueResponse tagQueue(TagQueueRequest request) {
        var in = new com.amazonaws.services.sqs.model.TagQueueRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasTags()) {
            in.setTags(request.tags());
        }
        var out = call(() -> v1.tagQueue(in));
        return meta(TagQueueResponse.builder(), out).build();
    }

    @Override
    public UntagQueueResponse untagQueue(UntagQueueRequest request) {
        var in = new com.amazonaws.services.sqs.model.UntagQueueRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasTagKeys()) {
            in.setTagKeys(request.tagKeys());
        }
        var out = call(() -> v1.untagQueue(in));
        return meta(UntagQueueResponse.builder(), out).build();
    }

    @Override
    public ListQueueTagsResponse listQueueTags(ListQueueTagsRequest request) {
        var in = new com.amazonaws.services.sqs.model.ListQueueTagsRequest();
        in.setQueueUrl(request.queueUrl());
        var out = call(() -> v1.listQueueTags(in));
        var b = ListQueueTagsResponse.builder();
        if (notEmpty(out.getTags())) {
            b.tags(out.getTags());
        }
        return meta(b, out).build();
    }

    @Override
    public AddPermissionResponse addPermission(AddPermissionRequest request) {
        var in = new com.amazonaws.services.sqs.model.AddPermissionRequest();
        in.setQueueUrl(request.queueUrl());
        in.setLabel(request.label());
        if (request.hasAwsAccountIds()) {
            in.setAWSAccountIds(request.awsAccountIds());
        }
        if (request.hasActions()) {
            in.setActions(request.actions());
        }
        var out = call(() -> v1.addPermission(in));
        return meta(AddPermissionResponse.builder(), out).build();
    }

    @Override
    public RemovePermissionResponse removePermission(RemovePermissionRequest request) {
        var in = new com.amazonaws.services.sqs.model.RemovePermissionRequest();
        in.setQueueUrl(request.queueUrl());
        in.setLabel(request.label());
        var out = call(() -> v1.removePermission(in));
        return meta(RemovePermissionResponse.builder(), out).build();
    }

    // ---------------------------------------------------------------- messages

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        var in = new com.amazonaws.services.sqs.model.SendMessageRequest();
        in.setQueueUrl(request.queueUrl());
        in.setMessageBody(request.messageBody());
        if (request.delaySeconds() != null) {
            in.setDelaySeconds(request.delaySeconds());
        }
        if (request.hasMessageAttributes()) {
            in.setMessageAttributes(toV1Attributes(request.messageAttributes()));
        }
        if (request.hasMessageSystemAttributes()) {
            in.setMessageSystemAttributes(toV1SystemAttributes(request.messageSystemAttributesAsStrings()));
        }
        if (request.messageGroupId() != null) {
            in.setMessageGroupId(request.messageGroupId());
        }
        if (request.messageDeduplicationId() != null) {
            in.setMessageDeduplicationId(request.messageDeduplicationId());
        }
        var out = call(() -> v1.sendMessage(in));
        return meta(SendMessageResponse.builder()
                .messageId(out.getMessageId())
                .md5OfMessageBody(out.getMD5OfMessageBody())
                .md5OfMessageAttributes(out.getMD5OfMessageAttributes())
                .md5OfMessageSystemAttributes(out.getMD5OfMessageSystemAttributes())
                .sequenceNumber(out.getSequenceNumber()), out).build();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
        var in = new com.amazonaws.services.sqs.model.SendMessageBatchRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasEntries()) {
            in.setEntries(map(request.entries(), V1QuerySqsClient::toV1));
        }
        var out = call(() -> v1.sendMessageBatch(in));
        var b = SendMessageBatchResponse.builder();
        if (notEmpty(out.getSuccessful())) {
            b.successful(map(out.getSuccessful(), e -> SendMessageBatchResultEntry.builder()
                    .id(e.getId())
                    .messageId(e.getMessageId())
                    .md5OfMessageBody(e.getMD5OfMessageBody())
                    .md5OfMessageAttributes(e.getMD5OfMessageAttributes())
                    .md5OfMessageSystemAttributes(e.getMD5OfMessageSystemAttributes())
                    .sequenceNumber(e.getSequenceNumber())
                    .build()));
        }
        if (notEmpty(out.getFailed())) {
            b.failed(map(out.getFailed(), V1QuerySqsClient::toV2));
        }
        return meta(b, out).build();
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        var in = new com.amazonaws.services.sqs.model.ReceiveMessageRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasAttributeNames() || request.hasMessageSystemAttributeNames()) {
            // v1 predates MessageSystemAttributeNames: the Query protocol's AttributeName.N carries both.
            Set<String> names = new LinkedHashSet<>();
            if (request.hasAttributeNames()) {
                names.addAll(request.attributeNamesAsStrings());
            }
            if (request.hasMessageSystemAttributeNames()) {
                names.addAll(request.messageSystemAttributeNamesAsStrings());
            }
            in.setAttributeNames(names);
        }
        if (request.hasMessageAttributeNames()) {
            in.setMessageAttributeNames(request.messageAttributeNames());
        }
        if (request.maxNumberOfMessages() != null) {
            in.setMaxNumberOfMessages(request.maxNumberOfMessages());
        }
        if (request.visibilityTimeout() != null) {
            in.setVisibilityTimeout(request.visibilityTimeout());
        }
        if (request.waitTimeSeconds() != null) {
            in.setWaitTimeSeconds(request.waitTimeSeconds());
        }
        if (request.receiveRequestAttemptId() != null) {
            in.setReceiveRequestAttemptId(request.receiveRequestAttemptId());
        }
        var out = call(() -> v1.receiveMessage(in));
        var b = ReceiveMessageResponse.builder();
        if (notEmpty(out.getMessages())) {
            b.messages(map(out.getMessages(), V1QuerySqsClient::toV2));
        }
        return meta(b, out).build();
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        var in = new com.amazonaws.services.sqs.model.DeleteMessageRequest();
        in.setQueueUrl(request.queueUrl());
        in.setReceiptHandle(request.receiptHandle());
        var out = call(() -> v1.deleteMessage(in));
        return meta(DeleteMessageResponse.builder(), out).build();
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        var in = new com.amazonaws.services.sqs.model.DeleteMessageBatchRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasEntries()) {
            in.setEntries(map(request.entries(), e -> {
                var entry = new com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry();
                entry.setId(e.id());
                entry.setReceiptHandle(e.receiptHandle());
                return entry;
            }));
        }
        var out = call(() -> v1.deleteMessageBatch(in));
        var b = DeleteMessageBatchResponse.builder();
        if (notEmpty(out.getSuccessful())) {
            b.successful(map(out.getSuccessful(),
                    e -> DeleteMessageBatchResultEntry.builder().id(e.getId()).build()));
        }
        if (notEmpty(out.getFailed())) {
            b.failed(map(out.getFailed(), V1QuerySqsClient::toV2));
        }
        return meta(b, out).build();
    }

    @Override
    public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
        var in = new com.amazonaws.services.sqs.model.ChangeMessageVisibilityRequest();
        in.setQueueUrl(request.queueUrl());
        in.setReceiptHandle(request.receiptHandle());
        if (request.visibilityTimeout() != null) {
            in.setVisibilityTimeout(request.visibilityTimeout());
        }
        var out = call(() -> v1.changeMessageVisibility(in));
        return meta(ChangeMessageVisibilityResponse.builder(), out).build();
    }

    @Override
    public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
            ChangeMessageVisibilityBatchRequest request) {
        var in = new com.amazonaws.services.sqs.model.ChangeMessageVisibilityBatchRequest();
        in.setQueueUrl(request.queueUrl());
        if (request.hasEntries()) {
            in.setEntries(map(request.entries(), e -> {
                var entry = new com.amazonaws.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry();
                entry.setId(e.id());
                entry.setReceiptHandle(e.receiptHandle());
                if (e.visibilityTimeout() != null) {
                    entry.setVisibilityTimeout(e.visibilityTimeout());
                }
                return entry;
            }));
        }
        var out = call(() -> v1.changeMessageVisibilityBatch(in));
        var b = ChangeMessageVisibilityBatchResponse.builder();
        if (notEmpty(out.getSuccessful())) {
            b.successful(map(out.getSuccessful(),
                    e -> ChangeMessageVisibilityBatchResultEntry.builder().id(e.getId()).build()));
        }
        if (notEmpty(out.getFailed())) {
            b.failed(map(out.getFailed(), V1QuerySqsClient::toV2));
        }
        return meta(b, out).build();
    }

    // ---------------------------------------------------------------- message move tasks

    @Override
    public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest request) {
        var in = new com.amazonaws.services.sqs.model.StartMessageMoveTaskRequest();
        in.setSourceArn(request.sourceArn());
        if (request.destinationArn() != null) {
            in.setDestinationArn(request.destinationArn());
        }
        if (request.maxNumberOfMessagesPerSecond() != null) {
            in.setMaxNumberOfMessagesPerSecond(request.maxNumberOfMessagesPerSecond());
        }
        var out = call(() -> v1.startMessageMoveTask(in));
        return meta(StartMessageMoveTaskResponse.builder().taskHandle(out.getTaskHandle()), out).build();
    }

    @Override
    public ListMessageMoveTasksResponse listMessageMoveTasks(ListMessageMoveTasksRequest request) {
        var in = new com.amazonaws.services.sqs.model.ListMessageMoveTasksRequest();
        in.setSourceArn(request.sourceArn());
        if (request.maxResults() != null) {
            in.setMaxResults(request.maxResults());
        }
        var out = call(() -> v1.listMessageMoveTasks(in));
        var b = ListMessageMoveTasksResponse.builder();
        if (notEmpty(out.getResults())) {
            b.results(map(out.getResults(), e -> ListMessageMoveTasksResultEntry.builder()
                    .taskHandle(e.getTaskHandle())
                    .status(e.getStatus())
                    .sourceArn(e.getSourceArn())
                    .destinationArn(e.getDestinationArn())
                    .maxNumberOfMessagesPerSecond(e.getMaxNumberOfMessagesPerSecond())
                    .approximateNumberOfMessagesMoved(e.getApproximateNumberOfMessagesMoved())
                    .approximateNumberOfMessagesToMove(e.getApproximateNumberOfMessagesToMove())
                    .failureReason(e.getFailureReason())
                    .startedTimestamp(e.getStartedTimestamp())
                    .build()));
        }
        return meta(b, out).build();
    }

    @Override
    public CancelMessageMoveTaskResponse cancelMessageMoveTask(CancelMessageMoveTaskRequest request) {
        var in = new com.amazonaws.services.sqs.model.CancelMessageMoveTaskRequest();
        in.setTaskHandle(request.taskHandle());
        var out = call(() -> v1.cancelMessageMoveTask(in));
        return meta(CancelMessageMoveTaskResponse.builder()
                .approximateNumberOfMessagesMoved(out.getApproximateNumberOfMessagesMoved()), out).build();
    }

    // ---------------------------------------------------------------- model conversion

    private static com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry toV1(SendMessageBatchRequestEntry e) {
        var entry = new com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry();
        entry.setId(e.id());
        entry.setMessageBody(e.messageBody());
        if (e.delaySeconds() != null) {
            entry.setDelaySeconds(e.delaySeconds());
        }
        if (e.hasMessageAttributes()) {
            entry.setMessageAttributes(toV1Attributes(e.messageAttributes()));
        }
        if (e.hasMessageSystemAttributes()) {
            entry.setMessageSystemAttributes(toV1SystemAttributes(e.messageSystemAttributesAsStrings()));
        }
        if (e.messageGroupId() != null) {
            entry.setMessageGroupId(e.messageGroupId());
        }
        if (e.messageDeduplicationId() != null) {
            entry.setMessageDeduplicationId(e.messageDeduplicationId());
        }
        return entry;
    }

    private static Map<String, com.amazonaws.services.sqs.model.MessageAttributeValue> toV1Attributes(
            Map<String, MessageAttributeValue> attributes) {
        Map<String, com.amazonaws.services.sqs.model.MessageAttributeValue> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            var v = new com.amazonaws.services.sqs.model.MessageAttributeValue();
            if (value != null) {
                v.setDataType(value.dataType());
                v.setStringValue(value.stringValue());
                v.setBinaryValue(toByteBuffer(value.binaryValue()));
                if (value.hasStringListValues()) {
                    v.setStringListValues(value.stringListValues());
                }
                if (value.hasBinaryListValues()) {
                    v.setBinaryListValues(map(value.binaryListValues(), V1QuerySqsClient::toByteBuffer));
                }
            }
            out.put(name, v);
        });
        return out;
    }

    private static Map<String, com.amazonaws.services.sqs.model.MessageSystemAttributeValue> toV1SystemAttributes(
            Map<String, MessageSystemAttributeValue> attributes) {
        Map<String, com.amazonaws.services.sqs.model.MessageSystemAttributeValue> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            var v = new com.amazonaws.services.sqs.model.MessageSystemAttributeValue();
            if (value != null) {
                v.setDataType(value.dataType());
                v.setStringValue(value.stringValue());
                v.setBinaryValue(toByteBuffer(value.binaryValue()));
                if (value.hasStringListValues()) {
                    v.setStringListValues(value.stringListValues());
                }
                if (value.hasBinaryListValues()) {
                    v.setBinaryListValues(map(value.binaryListValues(), V1QuerySqsClient::toByteBuffer));
                }
            }
            out.put(name, v);
        });
        return out;
    }

    private static Message toV2(com.amazonaws.services.sqs.model.Message m) {
        var b = Message.builder()
                .messageId(m.getMessageId())
                .receiptHandle(m.getReceiptHandle())
                .md5OfBody(m.getMD5OfBody())
                .body(m.getBody())
                .md5OfMessageAttributes(m.getMD5OfMessageAttributes());
        if (notEmpty(m.getAttributes())) {
            b.attributesWithStrings(m.getAttributes());
        }
        if (notEmpty(m.getMessageAttributes())) {
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            m.getMessageAttributes().forEach((name, value) -> attributes.put(name, toV2(value)));
            b.messageAttributes(attributes);
        }
        return b.build();
    }

    private static MessageAttributeValue toV2(com.amazonaws.services.sqs.model.MessageAttributeValue v) {
        var b = MessageAttributeValue.builder()
                .dataType(v.getDataType())
                .stringValue(v.getStringValue())
                .binaryValue(toSdkBytes(v.getBinaryValue()));
        if (notEmpty(v.getStringListValues())) {
            b.stringListValues(v.getStringListValues());
        }
        if (notEmpty(v.getBinaryListValues())) {
            b.binaryListValues(map(v.getBinaryListValues(), V1QuerySqsClient::toSdkBytes));
        }
        return b.build();
    }

    private static BatchResultErrorEntry toV2(com.amazonaws.services.sqs.model.BatchResultErrorEntry e) {
        return BatchResultErrorEntry.builder()
                .id(e.getId())
                .senderFault(e.getSenderFault())
                .code(e.getCode())
                .message(e.getMessage())
                .build();
    }

    /** A fresh, writable buffer: v1 reads (and may rewind) it while marshalling and checking MD5s. */
    private static ByteBuffer toByteBuffer(SdkBytes bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes.asByteArray());
    }

    /** All of the buffer from its start, whatever position v1's MD5 check left it at. */
    private static SdkBytes toSdkBytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        copy.rewind();
        return SdkBytes.fromByteBuffer(copy);
    }

    private static <A, B> List<B> map(Collection<A> in, Function<A, B> f) {
        List<B> out = new ArrayList<>(in.size());
        for (A a : in) {
            out.add(f.apply(a));
        }
        return out;
    }

    private static boolean notEmpty(Collection<?> c) {
        return c != null && !c.isEmpty();
    }

    private static boolean notEmpty(Map<?, ?> m) {
        return m != null && !m.isEmpty();
    }

    /** Carries v1's request id over, so {@code responseMetadata().requestId()} works as with the JSON client. */
    private static <B extends SqsResponse.Builder> B meta(B builder, AmazonWebServiceResult<ResponseMetadata> result) {
        ResponseMetadata metadata = result.getSdkResponseMetadata();
        if (metadata != null && metadata.getRequestId() != null) {
            builder.responseMetadata(SqsResponseMetadata.create(
                    DefaultAwsResponseMetadata.create(Map.of(AwsHeader.AWS_REQUEST_ID, metadata.getRequestId()))));
        }
        if (result.getSdkHttpMetadata() != null) {
            builder.sdkHttpResponse(SdkHttpResponse.builder()
                    .statusCode(result.getSdkHttpMetadata().getHttpStatusCode())
                    .build());
        }
        return builder;
    }

    // ---------------------------------------------------------------- errors

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (AmazonServiceException e) {
            throw toV2(e);
        } catch (AmazonClientException e) {
            throw SdkClientException.builder().message(e.getMessage()).cause(e).build();
        }
    }

    /** The v2 exception the JSON client throws for the same SQS error code. */
    private static SqsException toV2(AmazonServiceException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        SqsException.Builder builder = switch (code) {
            case "AWS.SimpleQueueService.NonExistentQueue" -> QueueDoesNotExistException.builder();
            case "QueueAlreadyExists" -> QueueNameExistsException.builder();
            case "AWS.SimpleQueueService.QueueDeletedRecently" -> QueueDeletedRecentlyException.builder();
            case "AWS.SimpleQueueService.PurgeQueueInProgress" -> PurgeQueueInProgressException.builder();
            case "AWS.SimpleQueueService.MessageNotInflight" -> MessageNotInflightException.builder();
            case "ReceiptHandleIsInvalid" -> ReceiptHandleIsInvalidException.builder();
            case "AWS.SimpleQueueService.BatchEntryIdsNotDistinct" -> BatchEntryIdsNotDistinctException.builder();
            case "AWS.SimpleQueueService.TooManyEntriesInBatchRequest" ->
                    TooManyEntriesInBatchRequestException.builder();
            case "AWS.SimpleQueueService.EmptyBatchRequest" -> EmptyBatchRequestException.builder();
            case "AWS.SimpleQueueService.InvalidBatchEntryId" -> InvalidBatchEntryIdException.builder();
            case "AWS.SimpleQueueService.BatchRequestTooLong" -> BatchRequestTooLongException.builder();
            case "AWS.SimpleQueueService.UnsupportedOperation" ->
                    software.amazon.awssdk.services.sqs.model.UnsupportedOperationException.builder();
            case "InvalidAttributeName" -> InvalidAttributeNameException.builder();
            case "InvalidAttributeValue" -> InvalidAttributeValueException.builder();
            case "InvalidMessageContents" -> InvalidMessageContentsException.builder();
            case "OverLimit" -> OverLimitException.builder();
            case "InvalidAddress" -> InvalidAddressException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            default -> SqsException.builder();
        };
        builder.awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(e.getErrorCode())
                        .errorMessage(e.getErrorMessage())
                        .serviceName("Sqs")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(e.getStatusCode()).build())
                        .build())
                .statusCode(e.getStatusCode())
                .message(e.getErrorMessage())
                .requestId(e.getRequestId())
                .numAttempts(1) // retries are off
                .cause(e);
        return (SqsException) builder.build();
    }
}
