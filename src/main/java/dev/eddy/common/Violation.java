package dev.eddy.common;

import jakarta.validation.Payload;

/**
 * How a violated request constraint reads as an AWS error, declared as the constraint's payload.
 * Without one, {@code @NotNull} and {@code @NotEmpty} are MissingParameter and any other constraint
 * is InvalidParameterValue "Value v for parameter P is invalid. Reason: message"; a message may
 * name its member as {@code {member}}.
 */
public final class Violation {
    private Violation() {
    }

    /** InvalidParameterValue whose message is the constraint's message alone (SQS's tag limits). */
    public interface WholeMessage extends Payload {
    }

    /** SNS's InvalidParameter: "Invalid parameter: " and the message. */
    public interface InvalidParameter extends Payload {
    }

    /**
     * Lambda's InvalidParameterValueException in AWS's validation wording: "1 validation error
     * detected: Value 'v' at 'member' failed to satisfy constraint: " and the message.
     */
    public interface ValidationError extends Payload {
    }
}
