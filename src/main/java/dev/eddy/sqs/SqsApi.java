package dev.eddy.sqs;

import dev.eddy.common.RequestContext;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.QueryShape;
import dev.eddy.protocol.QueryShape.MapMember;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.sqs.SqsModel.AddPermissionRequest;
import dev.eddy.sqs.SqsModel.CancelMessageMoveTaskRequest;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityBatchRequest;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityRequest;
import dev.eddy.sqs.SqsModel.CreateQueueRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageRequest;
import dev.eddy.sqs.SqsModel.GetQueueAttributesRequest;
import dev.eddy.sqs.SqsModel.GetQueueUrlRequest;
import dev.eddy.sqs.SqsModel.ListDeadLetterSourceQueuesRequest;
import dev.eddy.sqs.SqsModel.ListMessageMoveTasksRequest;
import dev.eddy.sqs.SqsModel.ListQueuesRequest;
import dev.eddy.sqs.SqsModel.QueueRequest;
import dev.eddy.sqs.SqsModel.ReceiveMessageRequest;
import dev.eddy.sqs.SqsModel.RemovePermissionRequest;
import dev.eddy.sqs.SqsModel.SendMessageBatchRequest;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.sqs.SqsModel.SetQueueAttributesRequest;
import dev.eddy.sqs.SqsModel.StartMessageMoveTaskRequest;
import dev.eddy.sqs.SqsModel.TagQueueRequest;
import dev.eddy.sqs.SqsModel.UntagQueueRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** SQS as the codecs see it: its 23 operations and its wire declarations. */
@ApplicationScoped
public class SqsApi {
    public static final String VERSION = "2012-11-05";
    public static final String JSON_TARGET_PREFIX = "AmazonSQS.";

    /** The flattened Query forms of SQS (the 2012-11-05 model's locationNames). */
    static final QueryShape QUERY_SHAPE = new QueryShape(
            Map.of("AttributeName", "AttributeNames",
                    "MessageAttributeName", "MessageAttributeNames",
                    "MessageSystemAttributeName", "MessageSystemAttributeNames",
                    "TagKey", "TagKeys",
                    "AWSAccountId", "AWSAccountIds",
                    "ActionName", "Actions",
                    "SendMessageBatchRequestEntry", "Entries",
                    "DeleteMessageBatchRequestEntry", "Entries",
                    "ChangeMessageVisibilityBatchRequestEntry", "Entries"),
            Map.of("Attribute", new MapMember("Attributes", "Name", "Value"),
                    "MessageAttribute", new MapMember("MessageAttributes", "Name", "Value"),
                    "MessageSystemAttribute", new MapMember("MessageSystemAttributes", "Name", "Value"),
                    "Tag", new MapMember("Tags", "Key", "Value"),
                    // TagQueue's Query form as the SDKs send it.
                    "Tags", new MapMember("Tags", "Key", "Value")),
            Map.of("Messages", "Message",
                    "QueueUrls", "QueueUrl",
                    "queueUrls", "QueueUrl",
                    "Failed", "BatchResultErrorEntry",
                    "SendMessageBatch.Successful", "SendMessageBatchResultEntry",
                    "DeleteMessageBatch.Successful", "DeleteMessageBatchResultEntry",
                    "ChangeMessageVisibilityBatch.Successful", "ChangeMessageVisibilityBatchResultEntry",
                    "Results", "ListMessageMoveTasksResultEntry"),
            Map.of("Attributes", new MapMember("Attribute", "Name", "Value"),
                    "MessageAttributes", new MapMember("MessageAttribute", "Name", "Value"),
                    "Tags", new MapMember("Tag", "Key", "Value")));

    private static final Set<String> MODELED_ERRORS = Set.of("QueueDoesNotExist", "QueueNameExists",
            "QueueDeletedRecently", "PurgeQueueInProgress", "MessageNotInflight", "ReceiptHandleIsInvalid",
            "BatchEntryIdsNotDistinct", "TooManyEntriesInBatchRequest", "EmptyBatchRequest", "InvalidBatchEntryId",
            "BatchRequestTooLong", "UnsupportedOperation", "OverLimit", "RequestThrottled", "InvalidAddress",
            "InvalidSecurity", "ResourceNotFoundException", "InvalidAttributeName", "InvalidAttributeValue",
            "InvalidMessageContents", "InvalidIdFormat");

    @Produces
    @Named("sqs")
    @Singleton
    ServiceApi sqsApi(SqsQueues queues, SqsMessages messages, MessageMoveTasks moveTasks) {
        Map<String, Operation<?, ?>> operations = new LinkedHashMap<>();
        add(operations, "CreateQueue", CreateQueueRequest.class, queues::createQueue);
        add(operations, "GetQueueUrl", GetQueueUrlRequest.class, queues::getQueueUrl);
        add(operations, "ListQueues", ListQueuesRequest.class, queues::listQueues);
        add(operations, "DeleteQueue", QueueRequest.class, queues::deleteQueue);
        add(operations, "GetQueueAttributes", GetQueueAttributesRequest.class, queues::getQueueAttributes);
        add(operations, "SetQueueAttributes", SetQueueAttributesRequest.class, queues::setQueueAttributes);
        add(operations, "TagQueue", TagQueueRequest.class, queues::tagQueue);
        add(operations, "UntagQueue", UntagQueueRequest.class, queues::untagQueue);
        add(operations, "ListQueueTags", QueueRequest.class, queues::listQueueTags);
        add(operations, "AddPermission", AddPermissionRequest.class, queues::addPermission);
        add(operations, "RemovePermission", RemovePermissionRequest.class, queues::removePermission);
        add(operations, "ListDeadLetterSourceQueues", ListDeadLetterSourceQueuesRequest.class,
                queues::listDeadLetterSourceQueues);
        add(operations, "SendMessage", SendMessageRequest.class, messages::sendMessage);
        add(operations, "SendMessageBatch", SendMessageBatchRequest.class, messages::sendMessageBatch);
        add(operations, "ReceiveMessage", ReceiveMessageRequest.class, messages::receiveMessage);
        add(operations, "DeleteMessage", DeleteMessageRequest.class, messages::deleteMessage);
        add(operations, "DeleteMessageBatch", DeleteMessageBatchRequest.class, messages::deleteMessageBatch);
        add(operations, "ChangeMessageVisibility", ChangeMessageVisibilityRequest.class,
                messages::changeMessageVisibility);
        add(operations, "ChangeMessageVisibilityBatch", ChangeMessageVisibilityBatchRequest.class,
                messages::changeMessageVisibilityBatch);
        add(operations, "PurgeQueue", QueueRequest.class, messages::purgeQueue);
        add(operations, "StartMessageMoveTask", StartMessageMoveTaskRequest.class, moveTasks::startMessageMoveTask);
        add(operations, "ListMessageMoveTasks", ListMessageMoveTasksRequest.class, moveTasks::listMessageMoveTasks);
        add(operations, "CancelMessageMoveTask", CancelMessageMoveTaskRequest.class,
                moveTasks::cancelMessageMoveTask);
        return new ServiceApi("sqs", Map.copyOf(operations), QUERY_SHAPE, "http://queue.amazonaws.com/doc/2012-11-05/",
                "com.amazonaws.sqs#", MODELED_ERRORS);
    }

    private static <Q, R> void add(Map<String, Operation<?, ?>> operations, String name, Class<Q> type,
                                   BiFunction<RequestContext, Q, Uni<R>> handler) {
        operations.put(name, new Operation<>(name, type, handler));
    }
}
