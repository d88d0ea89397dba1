package dev.eddy.protocol.sqs;

import dev.eddy.protocol.Operation;
import dev.eddy.protocol.QueryShape;
import dev.eddy.protocol.QueryShape.MapMember;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.sqs.MessageMoveTasks;
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
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/**
 * SQS on the wire: its 23 operations (name, request record, service method), its Query forms, XML
 * namespace, JSON target prefix and modeled errors. The {@code sqs} package knows none of this.
 */
@ApplicationScoped
public class SqsWire {
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
        Operation.Table operations = new Operation.Table();
        operations.add("CreateQueue", CreateQueueRequest.class, queues::createQueue);
        operations.add("GetQueueUrl", GetQueueUrlRequest.class, queues::getQueueUrl);
        operations.add("ListQueues", ListQueuesRequest.class, queues::listQueues);
        operations.add("DeleteQueue", QueueRequest.class, queues::deleteQueue);
        operations.add("GetQueueAttributes", GetQueueAttributesRequest.class, queues::getQueueAttributes);
        operations.add("SetQueueAttributes", SetQueueAttributesRequest.class, queues::setQueueAttributes);
        operations.add("TagQueue", TagQueueRequest.class, queues::tagQueue);
        operations.add("UntagQueue", UntagQueueRequest.class, queues::untagQueue);
        operations.add("ListQueueTags", QueueRequest.class, queues::listQueueTags);
        operations.add("AddPermission", AddPermissionRequest.class, queues::addPermission);
        operations.add("RemovePermission", RemovePermissionRequest.class, queues::removePermission);
        operations.add("ListDeadLetterSourceQueues", ListDeadLetterSourceQueuesRequest.class,
                queues::listDeadLetterSourceQueues);
        operations.add("SendMessage", SendMessageRequest.class, messages::sendMessage);
        operations.add("SendMessageBatch", SendMessageBatchRequest.class, messages::sendMessageBatch);
        operations.add("ReceiveMessage", ReceiveMessageRequest.class, messages::receiveMessage);
        operations.add("DeleteMessage", DeleteMessageRequest.class, messages::deleteMessage);
        operations.add("DeleteMessageBatch", DeleteMessageBatchRequest.class, messages::deleteMessageBatch);
        operations.add("ChangeMessageVisibility", ChangeMessageVisibilityRequest.class,
                messages::changeMessageVisibility);
        operations.add("ChangeMessageVisibilityBatch", ChangeMessageVisibilityBatchRequest.class,
                messages::changeMessageVisibilityBatch);
        operations.add("PurgeQueue", QueueRequest.class, messages::purgeQueue);
        operations.add("StartMessageMoveTask", StartMessageMoveTaskRequest.class, moveTasks::startMessageMoveTask);
        operations.add("ListMessageMoveTasks", ListMessageMoveTasksRequest.class, moveTasks::listMessageMoveTasks);
        operations.add("CancelMessageMoveTask", CancelMessageMoveTaskRequest.class,
                moveTasks::cancelMessageMoveTask);
        return new ServiceApi("sqs", operations.operations(), QUERY_SHAPE, "http://queue.amazonaws.com/doc/2012-11-05/",
                "com.amazonaws.sqs#", MODELED_ERRORS);
    }
}
