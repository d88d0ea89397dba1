package dev.eddy.sqs;

import dev.eddy.common.AwsException;

/** SQS's modeled errors: the Query code, the JSON shape name and the status AWS answers with. */
final class SqsErrors {
    private SqsErrors() {
    }

    private static AwsException modeled(String code, String shape, int status, String message) {
        return new AwsException(code, shape, status, true, message);
    }

    static AwsException nonExistentQueue() {
        return modeled("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", 400,
                "The specified queue does not exist.");
    }

    static AwsException queueAlreadyExists(String name) {
        return modeled("QueueAlreadyExists", "QueueNameExists", 400,
                "A queue already exists with the same name and a different value for attribute(s) " + name);
    }

    static AwsException queueDeletedRecently() {
        return modeled("AWS.SimpleQueueService.QueueDeletedRecently", "QueueDeletedRecently", 400,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
    }

    static AwsException purgeInProgress(String arn) {
        return modeled("AWS.SimpleQueueService.PurgeQueueInProgress", "PurgeQueueInProgress", 403,
                "Only one PurgeQueue operation on " + arn + " is allowed every 60 seconds.");
    }

    static AwsException messageNotInflight() {
        return modeled("AWS.SimpleQueueService.MessageNotInflight", "MessageNotInflight", 400,
                "Message does not exist or is not available for visibility timeout change.");
    }

    static AwsException receiptHandleIsInvalid(String handle) {
        return modeled("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404,
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    static AwsException batchEntryIdsNotDistinct(String id) {
        return modeled("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct", 400,
                "Id " + id + " repeated.");
    }

    static AwsException tooManyEntries(int count) {
        return modeled("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest", 400,
                "Maximum number of entries per request are 10. You have sent " + count + ".");
    }

    static AwsException emptyBatch(String parameter) {
        return modeled("AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest", 400,
                "There should be at least one " + parameter + " in the request.");
    }

    static AwsException invalidBatchEntryId(String id) {
        return modeled("AWS.SimpleQueueService.InvalidBatchEntryId", "InvalidBatchEntryId", 400,
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                        + "It can be at most 80 letters long.");
    }

    static AwsException batchRequestTooLong(long size, long max) {
        return modeled("AWS.SimpleQueueService.BatchRequestTooLong", "BatchRequestTooLong", 400,
                "Batch requests cannot be longer than " + max + " bytes. You have sent " + size + " bytes.");
    }

    static AwsException unsupportedOperation(String message) {
        return modeled("AWS.SimpleQueueService.UnsupportedOperation", "UnsupportedOperation", 400, message);
    }

    static AwsException invalidAttributeName(String name) {
        return AwsException.sender("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
    }

    static AwsException invalidAttributeValue(String name) {
        return AwsException.sender("InvalidAttributeValue", 400, "Invalid value for the parameter " + name + ".");
    }

    static AwsException invalidAttributeValue(String name, String reason) {
        return AwsException.sender("InvalidAttributeValue", 400,
                "Invalid value for the parameter " + name + ". Reason: " + reason);
    }

    static AwsException invalidMessageContents(int codePoint) {
        return AwsException.sender("InvalidMessageContents", 400,
                "Invalid binary character '#x" + Integer.toHexString(codePoint).toUpperCase()
                        + "' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | "
                        + "#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }

    static AwsException resourceNotFound(String message) {
        return modeled("ResourceNotFoundException", "ResourceNotFoundException", 404, message);
    }

    static AwsException overLimit(String message) {
        return modeled("OverLimit", "OverLimit", 403, message);
    }
}
