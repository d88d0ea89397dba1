package dev.eddy.protocol;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The limits request records declare as constraints, as clients see them: AWS's code and message
 * word for word, a missing member before a bad value, and bad values in member name order.
 */
@QuarkusTest
class RequestConstraintsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void receiveLimitsAreInvalidParameterValueWithAwsReasons() {
        String url = createQueue();
        assertSqsError("InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. "
                + "Reason: Must be between 1 and 10, if provided.",
                sqs("ReceiveMessage", body("QueueUrl", url, "MaxNumberOfMessages", 11)));
        assertSqsError("InvalidParameterValue", "Value 0 for parameter MaxNumberOfMessages is invalid. "
                + "Reason: Must be between 1 and 10, if provided.",
                sqs("ReceiveMessage", body("QueueUrl", url, "MaxNumberOfMessages", 0)));
        assertSqsError("InvalidParameterValue", "Value 21 for parameter WaitTimeSeconds is invalid. "
                + "Reason: Must be >= 0 and <= 20, if provided.",
                sqs("ReceiveMessage", body("QueueUrl", url, "WaitTimeSeconds", 21)));
        assertSqsError("InvalidParameterValue", "Value -1 for parameter VisibilityTimeout is invalid. "
                + "Reason: Must be between 0 and 43200, if provided.",
                sqs("ReceiveMessage", body("QueueUrl", url, "VisibilityTimeout", -1)));
        assertSqsError("InvalidParameterValue", "Value a b for parameter ReceiveRequestAttemptId is invalid. "
                + "Reason: ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. "
                + "1 to 128 in length.",
                sqs("ReceiveMessage", body("QueueUrl", url, "ReceiveRequestAttemptId", "a b")));
    }

    @Test
    void aMissingMemberIsReportedBeforeABadValue() {
        assertSqsError("MissingParameter", "The request must contain the parameter QueueUrl.",
                sqs("ReceiveMessage", body("MaxNumberOfMessages", 11)));
    }

    @Test
    void badValuesAreReportedInMemberNameOrderBeforeTheQueueIsLookedUp() {
        String missing = "http://localhost:4566/000000000000/" + unique("absent");
        assertSqsError("InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. "
                + "Reason: Must be between 1 and 10, if provided.",
                sqs("ReceiveMessage", body("QueueUrl", missing, "WaitTimeSeconds", 21, "MaxNumberOfMessages", 11)));
    }

    @Test
    void changeVisibilityBeyondTwelveHoursIsRefusedBeforeTheReceiptHandleIsRead() {
        String url = createQueue();
        assertSqsError("InvalidParameterValue", "Value 43201 for parameter VisibilityTimeout is invalid. "
                + "Reason: Must be between 0 and 43200, if provided.",
                sqs("ChangeMessageVisibility", body("QueueUrl", url, "ReceiptHandle", "bogus",
                        "VisibilityTimeout", 43_201)));
        assertSqsError("MissingParameter", "The request must contain the parameter VisibilityTimeout.",
                sqs("ChangeMessageVisibility", body("QueueUrl", url, "ReceiptHandle", "bogus")));
    }

    @Test
    void listQueuesMaxResultsHasBeanValidationsWording() {
        assertSqsError("InvalidParameterValue", "Value 0 for parameter MaxResults is invalid. "
                + "Reason: must be greater than or equal to 1", sqs("ListQueues", body("MaxResults", 0)));
        assertSqsError("InvalidParameterValue", "Value 1001 for parameter MaxResults is invalid. "
                + "Reason: must be less than or equal to 1000", sqs("ListQueues", body("MaxResults", 1001)));
    }

    @Test
    void addPermissionNeedsAWellFormedLabelAccountsAndActions() {
        String url = createQueue();
        assertSqsError("InvalidParameterValue", "Value bad label for parameter Label is invalid. Reason: Can only "
                + "include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
                sqs("AddPermission", body("QueueUrl", url, "Label", "bad label",
                        "AWSAccountIds", MAPPER.createArrayNode().add("111122223333"),
                        "Actions", MAPPER.createArrayNode().add("SendMessage"))));
        assertSqsError("MissingParameter", "The request must contain the parameter AWSAccountIds.",
                sqs("AddPermission", body("QueueUrl", url, "Label", "l", "AWSAccountIds", MAPPER.createArrayNode(),
                        "Actions", MAPPER.createArrayNode().add("SendMessage"))));
        assertSqsError("MissingParameter", "The request must contain the parameter Actions.",
                sqs("AddPermission", body("QueueUrl", url, "Label", "l",
                        "AWSAccountIds", MAPPER.createArrayNode().add("111122223333"),
                        "Actions", MAPPER.createArrayNode())));
    }

    @Test
    void tagKeysAndValuesHaveAwsLengthLimits() {
        String url = createQueue();
        assertSqsError("InvalidParameterValue", "Tag keys must be between 1 and 128 characters in length.",
                sqs("TagQueue", body("QueueUrl", url, "Tags", body("", "v"))));
        assertSqsError("InvalidParameterValue", "Tag keys must be between 1 and 128 characters in length.",
                sqs("CreateQueue", body("QueueName", unique("tags"), "tags", body("k".repeat(129), "v"))));
        assertSqsError("InvalidParameterValue", "Tag values may only be up to 256 characters in length.",
                sqs("TagQueue", body("QueueUrl", url, "Tags", body("k", "v".repeat(257)))));
        assertEquals(200, sqs("TagQueue", body("QueueUrl", url, "Tags",
                body("k".repeat(128), "v".repeat(256)))).statusCode());
    }

    @Test
    void topicNamesAreLettersDigitsHyphensAndUnderscoresUpTo256() {
        assertSnsError("InvalidParameter", "Invalid parameter: Topic Name", sns("Name=bad%20name"));
        assertSnsError("InvalidParameter", "Invalid parameter: Topic Name", sns("Name=" + "t".repeat(257)));
        assertSnsError("InvalidParameter", "Invalid parameter: Topic Name", sns("Name=x.fifo.fifo"));
        assertEquals(200, sns("Name=" + "t".repeat(256)).statusCode());
        // The .fifo suffix is the topic's FIFO-ness, which needs its attributes: the service's rule.
        assertSnsError("InvalidParameter", "Invalid parameter: Topic Name: FIFO topic names must end with .fifo "
                + "and FIFO topics need the FifoTopic attribute set to true", sns("Name=" + unique("t") + ".fifo"));
    }

    @Test
    void functionLimitsAreInAwsValidationWording() {
        assertLambdaError("1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
                lambda("POST", "/2015-03-31/functions", body("FunctionName", "bad name")));
        assertLambdaError("1 validation error detected: Value 'null' at 'functionName' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
                lambda("POST", "/2015-03-31/functions", body("Runtime", "provided")));
        assertLambdaError("1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: "
                + "Member must have value less than or equal to 900",
                lambda("POST", "/2015-03-31/functions", body("FunctionName", unique("f"), "Timeout", 901)));
        assertLambdaError("1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value between 128 and 10240",
                lambda("POST", "/2015-03-31/functions", body("FunctionName", unique("f"), "MemorySize", 127)));
        String name = unique("f");
        assertEquals(201, lambda("POST", "/2015-03-31/functions", body("FunctionName", name, "Runtime", "provided",
                "Role", "arn:aws:iam::000000000000:role/r", "Handler", "h")).statusCode());
        assertLambdaError("1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value between 128 and 10240",
                lambda("PUT", "/2015-03-31/functions/" + name + "/configuration", body("MemorySize", 10_241)));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createQueue() {
        Response response = sqs("CreateQueue", body("QueueName", unique("constraints")));
        assertEquals(200, response.statusCode(), response.asString());
        return read(response).get("QueueUrl").asText();
    }

    private static ObjectNode body(Object... keyValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    private static Response sqs(String operation, ObjectNode body) {
        return given().header("X-Amz-Target", "AmazonSQS." + operation)
                .contentType("application/x-amz-json-1.0").body(body.toString().getBytes(UTF_8)).post("/");
    }

    private static Response sns(String parameters) {
        return given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .body("Action=CreateTopic&Version=2010-03-31&" + parameters).post("/");
    }

    private static Response lambda(String method, String path, ObjectNode body) {
        return given().contentType("application/json").body(body.toString().getBytes(UTF_8)).request(method, path);
    }

    private static void assertLambdaError(String message, Response response) {
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("InvalidParameterValueException", response.getHeader("x-amzn-ErrorType"));
        assertEquals(message, read(response).get("message").asText());
    }

    private static JsonNode read(Response response) {
        try {
            return MAPPER.readTree(response.asByteArray());
        } catch (java.io.IOException e) {
            throw new AssertionError(response.asString(), e);
        }
    }

    private static void assertSqsError(String code, String message, Response response) {
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals(code + ";Sender", response.getHeader("x-amzn-query-error"));
        assertEquals(message, read(response).get("message").asText());
    }

    private static void assertSnsError(String code, String message, Response response) {
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals(code, response.xmlPath().getString("ErrorResponse.Error.Code"));
        assertEquals(message, response.xmlPath().getString("ErrorResponse.Error.Message"));
    }
}
