package dev.eddy.sns;

import dev.eddy.common.AwsException;

/** SNS's error codes (Query {@code <Code>}) with their statuses. */
final class SnsErrors {
    private SnsErrors() {
    }

    static AwsException invalidParameter(String message) {
        return AwsException.sender("InvalidParameter", 400, "Invalid parameter: " + message);
    }

    static AwsException notFound(String message) {
        return AwsException.sender("NotFound", 404, message);
    }

    static AwsException topicNotFound() {
        return notFound("Topic does not exist");
    }

    static AwsException batch(String code, String message) {
        return AwsException.sender(code, 400, message);
    }
}
