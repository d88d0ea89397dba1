package dev.eddy.common;

import java.util.Map;

/**
 * The one error type of Eddy: an AWS error code, the HTTP status AWS answers it with, and the
 * message. Services throw it; each protocol codec renders it in its own wire shape.
 *
 * <p>{@code code} is the code clients see (the Query {@code <Code>} and the {@code x-amzn-query-error}
 * header, e.g. {@code AWS.SimpleQueueService.NonExistentQueue}); {@code type} is the modeled shape
 * name JSON clients map to exceptions ({@code QueueDoesNotExist}); they differ only for modeled SQS
 * errors.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final String type;
    private final int status;
    private final boolean senderFault;

    public AwsException(String code, String type, int status, boolean senderFault, String message) {
        super(message, null, false, false);
        this.code = code;
        this.type = type;
        this.status = status;
        this.senderFault = senderFault;
    }

    /** A client error whose wire code and shape name are the same. */
    public static AwsException sender(String code, int status, String message) {
        return new AwsException(code, code, status, true, message);
    }

    public static AwsException invalidParameterValue(String message) {
        return sender("InvalidParameterValue", 400, message);
    }

    public static AwsException invalidParameterValue(String parameter, Object value, String reason) {
        return invalidParameterValue("Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    public static AwsException missingParameter(String parameter) {
        return sender("MissingParameter", 400, "The request must contain the parameter " + parameter + ".");
    }

    public static AwsException serviceUnavailable(String message) {
        return new AwsException("ServiceUnavailable", "ServiceUnavailable", 503, false, message);
    }

    /**
     * True for a ServiceUnavailable error: Eddy's store cannot take the request now (the memory store
     * is full, Redis is unreachable). Not the request's fault, so worth trying again later.
     */
    public static boolean isServiceUnavailable(Throwable failure) {
        return failure instanceof AwsException aws && aws.status() == 503;
    }

    public static AwsException internal(String message) {
        return new AwsException("InternalFailure", "InternalFailure", 500, false, message);
    }

    public String code() {
        return code;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public boolean senderFault() {
        return senderFault;
    }

    /** Extra elements a protocol puts in its error body (S3's BucketName, Key, ArgumentName…), in order. */
    public Map<String, String> details() {
        return Map.of();
    }
}
