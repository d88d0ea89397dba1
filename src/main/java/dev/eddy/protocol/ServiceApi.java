package dev.eddy.protocol;

import dev.eddy.common.AwsException;
import java.util.Map;
import java.util.Set;

/**
 * What the codecs need to know about one AWS service: its operations, its Query declaration and
 * XML namespace, and how its errors are named in JSON.
 *
 * @param jsonErrorNamespace prefix of {@code __type} for modeled errors ({@code com.amazonaws.sqs#})
 * @param modeledErrors      shape names of the errors the service model declares
 */
public record ServiceApi(String name, Map<String, Operation<?, ?>> operations, QueryShape queryShape,
                         String xmlNamespace, String jsonErrorNamespace, Set<String> modeledErrors) {

    /** The JSON {@code __type} of an error: the modeled shape, or the generic service exception. */
    public String jsonErrorType(AwsException error) {
        return modeledErrors.contains(error.type()) ? jsonErrorNamespace + error.type()
                : "com.amazon.coral.service#" + error.type() + (error.type().endsWith("Exception") ? "" : "Exception");
    }

    public static AwsException invalidAction(String action) {
        return AwsException.sender("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
    }
}
