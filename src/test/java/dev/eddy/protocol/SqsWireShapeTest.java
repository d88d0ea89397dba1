package dev.eddy.protocol;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The exact SQS wire shapes of both protocols Eddy speaks on its one port (AWS-REFERENCE.md
 * §1.2–1.7): AWS JSON 1.0 ({@code X-Amz-Target: AmazonSQS.<Op>}) and AWS Query (form or query
 * string {@code Action=<Op>&Version=2012-11-05}, XML out). Requests are built byte by byte and
 * responses are checked element by element and header by header; free-text messages are never
 * asserted.
 */
@QuarkusTest
class SqsWireShapeTest {
    private static final String NS = "http://queue.amazonaws.com/doc/2012-11-05/";
    private static final String VERSION = "2012-11-05";
    private static final String JSON_CT = "application/x-amz-json-1.0";
    private static final String FORM_CT = "application/x-www-form-urlencoded; charset=utf-8";
    private static final String ACCOUNT = "000000000000";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{13}");
    private static final Pattern HEX_MD5 = Pattern.compile("[0-9a-f]{32}");
    /** The raw bytes of the last Query success, for assertions on the literal XML. */
    private static byte[] lastQueryBody;

    // =========================================================================================
    // AWS JSON 1.0 — success shapes
    // =========================================================================================

    @Test
    void md5OfMessageAttributesHelperMatchesThePublishedVector() {
        // AWS-REFERENCE.md §1.8; guards the helper the other tests rely on.
        assertEquals("19e27d4e946b072f3f58da80d94fd778",
                md5OfAttributes(Map.of("attribName1", Attr.string("String", "attribValue 1"))));
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", md5("Test message."));
    }

    @Test
    void jsonCreateQueueAnswersOnlyQueueUrlWithoutWrapper() {
        String name = unique("json-create");
        Response response = json("CreateQueue", obj("QueueName", name));
        JsonNode body = jsonOk(response);
        assertEquals(Set.of("QueueUrl"), fieldNames(body));
        assertTrue(body.get("QueueUrl").isTextual());
        assertTrue(body.get("QueueUrl").asText().matches("https?://[^/]+/" + ACCOUNT + "/" + Pattern.quote(name)),
                body.get("QueueUrl").asText());
    }

    @Test
    void jsonSendMessageWithoutAttributesHasNoAttributeDigest() {
        String url = jsonCreateQueue(unique("json-send"));
        JsonNode body = jsonOk(json("SendMessage", obj("QueueUrl", url, "MessageBody", "Test message.")));
        assertEquals(Set.of("MD5OfMessageBody", "MessageId"), fieldNames(body));
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", body.get("MD5OfMessageBody").asText());
        assertFalse(body.get("MessageId").asText().isEmpty());
    }

    @Test
    void jsonSendMessageWithAttributesReturnsTheirDigest() {
        String url = jsonCreateQueue(unique("json-send-attrs"));
        ObjectNode attributes = obj("attribName1", obj("DataType", "String", "StringValue", "attribValue 1"));
        JsonNode body = jsonOk(json("SendMessage",
                obj("QueueUrl", url, "MessageBody", "hello", "MessageAttributes", attributes)));
        assertEquals(Set.of("MD5OfMessageBody", "MD5OfMessageAttributes", "MessageId"), fieldNames(body));
        assertEquals(md5("hello"), body.get("MD5OfMessageBody").asText());
        assertEquals("19e27d4e946b072f3f58da80d94fd778", body.get("MD5OfMessageAttributes").asText());
    }

    @Test
    void jsonReceiveMessageShape() {
        String url = jsonCreateQueue(unique("json-receive"));
        byte[] binary = "Hello binary world!".getBytes(UTF_8);
        String binary64 = Base64.getEncoder().encodeToString(binary);
        ObjectNode attributes = obj(
                "color", obj("DataType", "String", "StringValue", "blue"),
                "blob", obj("DataType", "Binary", "BinaryValue", binary64),
                "price", obj("DataType", "Number.float", "StringValue", "4.5"));
        jsonOk(json("SendMessage", obj("QueueUrl", url, "MessageBody", "Test message.",
                "MessageAttributes", attributes)));

        JsonNode body = jsonOk(json("ReceiveMessage", obj("QueueUrl", url, "MaxNumberOfMessages", 10,
                "MessageSystemAttributeNames", arr("All"), "MessageAttributeNames", arr("All"))));
        assertEquals(Set.of("Messages"), fieldNames(body));
        assertTrue(body.get("Messages").isArray());
        assertEquals(1, body.get("Messages").size());
        JsonNode message = body.get("Messages").get(0);
        assertEquals(Set.of("MessageId", "ReceiptHandle", "MD5OfBody", "Body", "Attributes",
                "MD5OfMessageAttributes", "MessageAttributes"), fieldNames(message));
        assertEquals("Test message.", message.get("Body").asText());
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", message.get("MD5OfBody").asText());
        assertFalse(message.get("ReceiptHandle").asText().isEmpty());

        JsonNode system = message.get("Attributes");
        assertTrue(system.isObject());
        assertTrue(fieldNames(system).containsAll(
                Set.of("SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp")),
                system.toString());
        system.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(),
                "system attribute " + e.getKey() + " must be a JSON string: " + system));
        assertTrue(EPOCH_MILLIS.matcher(system.get("SentTimestamp").asText()).matches(), system.toString());
        assertTrue(EPOCH_MILLIS.matcher(system.get("ApproximateFirstReceiveTimestamp").asText()).matches());
        assertEquals("1", system.get("ApproximateReceiveCount").asText());

        JsonNode received = message.get("MessageAttributes");
        assertEquals(Set.of("color", "blob", "price"), fieldNames(received));
        assertEquals(Set.of("StringValue", "DataType"), fieldNames(received.get("color")));
        assertEquals("blue", received.get("color").get("StringValue").asText());
        assertEquals("String", received.get("color").get("DataType").asText());
        assertEquals(Set.of("BinaryValue", "DataType"), fieldNames(received.get("blob")));
        assertTrue(received.get("blob").get("BinaryValue").isTextual());
        assertEquals(binary64, received.get("blob").get("BinaryValue").asText());
        assertEquals("Binary", received.get("blob").get("DataType").asText());
        assertEquals(Set.of("StringValue", "DataType"), fieldNames(received.get("price")));
        assertEquals("Number.float", received.get("price").get("DataType").asText());

        Map<String, Attr> sent = new TreeMap<>();
        sent.put("color", Attr.string("String", "blue"));
        sent.put("blob", Attr.binary("Binary", binary));
        sent.put("price", Attr.string("Number.float", "4.5"));
        assertEquals(md5OfAttributes(sent), message.get("MD5OfMessageAttributes").asText());
    }

    @Test
    void jsonEmptyReceiveHasNoMessages() {
        String url = jsonCreateQueue(unique("json-empty"));
        JsonNode body = jsonOk(json("ReceiveMessage", obj("QueueUrl", url, "WaitTimeSeconds", 0)));
        Set<String> names = fieldNames(body);
        assertTrue(names.isEmpty() || names.equals(Set.of("Messages")), body.toString());
        if (body.has("Messages")) {
            assertTrue(body.get("Messages").isArray());
            assertEquals(0, body.get("Messages").size());
        }
    }

    @Test
    void jsonGetQueueAttributesValuesAreStrings() {
        String name = unique("json-attrs");
        String url = jsonOk(json("CreateQueue", obj("QueueName", name,
                "Attributes", obj("VisibilityTimeout", "45", "DelaySeconds", "2")))).get("QueueUrl").asText();

        JsonNode body = jsonOk(json("GetQueueAttributes", obj("QueueUrl", url, "AttributeNames", arr("All"))));
        assertEquals(Set.of("Attributes"), fieldNames(body));
        JsonNode attributes = body.get("Attributes");
        assertTrue(attributes.isObject());
        assertTrue(fieldNames(attributes).containsAll(Set.of("QueueArn", "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
                "LastModifiedTimestamp", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
                "DelaySeconds", "ReceiveMessageWaitTimeSeconds")), attributes.toString());
        attributes.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(),
                "attribute " + e.getKey() + " must be a JSON string: " + attributes));
        assertEquals("45", attributes.get("VisibilityTimeout").asText());
        assertEquals("2", attributes.get("DelaySeconds").asText());
        assertEquals("0", attributes.get("ApproximateNumberOfMessages").asText());
        assertEquals("arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name, attributes.get("QueueArn").asText());

        JsonNode some = jsonOk(json("GetQueueAttributes",
                obj("QueueUrl", url, "AttributeNames", arr("VisibilityTimeout", "QueueArn"))));
        assertEquals(Set.of("VisibilityTimeout", "QueueArn"), fieldNames(some.get("Attributes")));

        // No AttributeNames: an empty result (no Attributes, or an empty map).
        JsonNode none = jsonOk(json("GetQueueAttributes", obj("QueueUrl", url)));
        assertTrue(!none.has("Attributes") || none.get("Attributes").isEmpty(), none.toString());
        assertTrue(fieldNames(none).isEmpty() || fieldNames(none).equals(Set.of("Attributes")), none.toString());
    }

    @Test
    void jsonListQueuesAnswersQueueUrls() {
        String prefix = unique("json-list");
        String a = jsonCreateQueue(prefix + "-a");
        String b = jsonCreateQueue(prefix + "-b");
        JsonNode body = jsonOk(json("ListQueues", obj("QueueNamePrefix", prefix)));
        assertEquals(Set.of("QueueUrls"), fieldNames(body));
        assertTrue(body.get("QueueUrls").isArray());
        assertEquals(Set.of(a, b), textSet(body.get("QueueUrls")));
        assertEquals(2, body.get("QueueUrls").size());
    }

    @Test
    void jsonListDeadLetterSourceQueuesUsesLowercaseQueueUrls() {
        String dlqName = unique("json-dlq");
        String dlqUrl = jsonCreateQueue(dlqName);
        String dlqArn = jsonOk(json("GetQueueAttributes", obj("QueueUrl", dlqUrl, "AttributeNames", arr("QueueArn"))))
                .get("Attributes").get("QueueArn").asText();
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}";
        String sourceUrl = jsonOk(json("CreateQueue", obj("QueueName", unique("json-src"),
                "Attributes", obj("RedrivePolicy", redrive)))).get("QueueUrl").asText();

        Response response = json("ListDeadLetterSourceQueues", obj("QueueUrl", dlqUrl));
        JsonNode body = jsonOk(response);
        assertEquals(Set.of("queueUrls"), fieldNames(body), response.asString());
        assertTrue(response.asString().contains("\"queueUrls\""));
        assertFalse(response.asString().contains("\"QueueUrls\""));
        assertEquals(List.of(sourceUrl), textList(body.get("queueUrls")));
    }

    @Test
    void jsonSendMessageBatchReportsSuccessfulAndFailed() {
        String url = jsonOk(json("CreateQueue", obj("QueueName", unique("json-batch") + ".fifo",
                "Attributes", obj("FifoQueue", "true", "ContentBasedDeduplication", "true"))))
                .get("QueueUrl").asText();
        // FIFO queues take no per-message delay: that entry fails alone, with HTTP 200.
        JsonNode body = jsonOk(json("SendMessageBatch", obj("QueueUrl", url, "Entries", arr(
                obj("Id", "ok", "MessageBody", "Test message.", "MessageGroupId", "g"),
                obj("Id", "delayed", "MessageBody", "later", "MessageGroupId", "g", "DelaySeconds", 5)))));
        assertEquals(Set.of("Successful", "Failed"), fieldNames(body));

        assertEquals(1, body.get("Successful").size(), body.toString());
        JsonNode ok = body.get("Successful").get(0);
        assertEquals(Set.of("Id", "MessageId", "MD5OfMessageBody", "SequenceNumber"), fieldNames(ok));
        assertEquals("ok", ok.get("Id").asText());
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", ok.get("MD5OfMessageBody").asText());
        assertTrue(ok.get("SequenceNumber").isTextual());

        assertEquals(1, body.get("Failed").size(), body.toString());
        JsonNode failed = body.get("Failed").get(0);
        assertEquals(Set.of("Id", "SenderFault", "Code", "Message"), fieldNames(failed));
        assertEquals("delayed", failed.get("Id").asText());
        assertTrue(failed.get("SenderFault").isBoolean(), "SenderFault must be a JSON boolean: " + failed);
        assertTrue(failed.get("SenderFault").asBoolean());
        assertEquals("InvalidParameterValue", failed.get("Code").asText());
        assertTrue(failed.get("Message").isTextual());
    }

    @Test
    void jsonDeleteMessageBatchReportsAnInvalidHandlePerEntry() {
        String url = jsonCreateQueue(unique("json-delbatch"));
        jsonOk(json("SendMessage", obj("QueueUrl", url, "MessageBody", "one")));
        String handle = jsonOk(json("ReceiveMessage", obj("QueueUrl", url)))
                .get("Messages").get(0).get("ReceiptHandle").asText();

        JsonNode body = jsonOk(json("DeleteMessageBatch", obj("QueueUrl", url, "Entries", arr(
                obj("Id", "good", "ReceiptHandle", handle),
                obj("Id", "bad", "ReceiptHandle", "not-a-receipt-handle")))));
        assertEquals(Set.of("Successful", "Failed"), fieldNames(body));
        assertEquals(1, body.get("Successful").size());
        assertEquals(Set.of("Id"), fieldNames(body.get("Successful").get(0)));
        assertEquals("good", body.get("Successful").get(0).get("Id").asText());
        assertEquals(1, body.get("Failed").size());
        JsonNode failed = body.get("Failed").get(0);
        assertEquals(Set.of("Id", "SenderFault", "Code", "Message"), fieldNames(failed));
        assertEquals("bad", failed.get("Id").asText());
        assertTrue(failed.get("SenderFault").isBoolean());
        assertTrue(failed.get("SenderFault").asBoolean());
        assertEquals("ReceiptHandleIsInvalid", failed.get("Code").asText());
    }

    @Test
    void jsonBodyIsAcceptedWithQueryModeHeader() {
        String name = unique("json-querymode");
        Response response = wire()
                .header("X-Amz-Target", "AmazonSQS.CreateQueue")
                .header("x-amzn-query-mode", "true")
                .contentType(JSON_CT)
                .body(bytes(obj("QueueName", name)))
                .post("/");
        JsonNode body = jsonOk(response);
        assertEquals(Set.of("QueueUrl"), fieldNames(body));
        assertTrue(body.get("QueueUrl").asText().endsWith("/" + ACCOUNT + "/" + name));

        Response send = wire()
                .header("X-Amz-Target", "AmazonSQS.SendMessage")
                .header("x-amzn-query-mode", "true")
                .contentType(JSON_CT)
                .body(bytes(obj("QueueUrl", body.get("QueueUrl").asText(), "MessageBody", "Test message.")))
                .post("/");
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", jsonOk(send).get("MD5OfMessageBody").asText());
    }

    // =========================================================================================
    // AWS JSON 1.0 — errors
    // =========================================================================================

    @Test
    void jsonNonExistentQueueIsQueueDoesNotExist() {
        String missing = unique("json-missing");
        JsonNode byName = jsonError(json("GetQueueUrl", obj("QueueName", missing)), 400,
                "AWS.SimpleQueueService.NonExistentQueue;Sender");
        assertEquals("com.amazonaws.sqs#QueueDoesNotExist", byName.get("__type").asText());
        assertTrue(byName.has("message"), byName.toString());

        String url = RestAssured.baseURI + ":" + RestAssured.port + "/" + ACCOUNT + "/" + missing;
        JsonNode byUrl = jsonError(json("SendMessage", obj("QueueUrl", url, "MessageBody", "x")), 400,
                "AWS.SimpleQueueService.NonExistentQueue;Sender");
        assertEquals("com.amazonaws.sqs#QueueDoesNotExist", byUrl.get("__type").asText());
    }

    @Test
    void jsonMissingQueueNameIsMissingParameter() {
        jsonError(json("CreateQueue", obj()), 400, "MissingParameter;Sender");
    }

    @Test
    void jsonOutOfRangeMaxNumberOfMessagesIsInvalidParameterValue() {
        String url = jsonCreateQueue(unique("json-max"));
        jsonError(json("ReceiveMessage", obj("QueueUrl", url, "MaxNumberOfMessages", 11)), 400,
                "InvalidParameterValue;Sender");
        jsonError(json("ReceiveMessage", obj("QueueUrl", url, "MaxNumberOfMessages", 0)), 400,
                "InvalidParameterValue;Sender");
    }

    @Test
    void jsonUnknownOperationIs400() {
        Response response = wire().header("X-Amz-Target", "AmazonSQS.Bogus").contentType(JSON_CT)
                .body("{}".getBytes(UTF_8)).post("/");
        JsonNode body = jsonError(response, 400, null);
        assertTrue(body.get("__type").asText().endsWith("#UnknownOperationException"), body.toString());
    }

    @Test
    void jsonMalformedBodyIs400() {
        Response response = json("CreateQueue", "{\"QueueName\":".getBytes(UTF_8));
        JsonNode body = jsonError(response, 400, null);
        assertTrue(body.get("__type").asText().endsWith("#SerializationException"), body.toString());

        // Well-formed JSON that is not an object is no request either.
        JsonNode array = jsonError(json("CreateQueue", "[\"QueueName\"]".getBytes(UTF_8)), 400, null);
        assertTrue(array.get("__type").asText().endsWith("#SerializationException"), array.toString());
    }

    @Test
    void jsonInvalidReceiptHandleIs404ReceiptHandleIsInvalid() {
        String url = jsonCreateQueue(unique("json-handle"));
        JsonNode body = jsonError(json("DeleteMessage", obj("QueueUrl", url, "ReceiptHandle", "not-a-receipt-handle")),
                404, "ReceiptHandleIsInvalid;Sender");
        assertEquals("com.amazonaws.sqs#ReceiptHandleIsInvalid", body.get("__type").asText());
    }

    @Test
    void jsonWrongMemberTypeIs400() {
        String url = jsonCreateQueue(unique("json-type"));
        Response response = json("ReceiveMessage",
                ("{\"QueueUrl\":\"" + url + "\",\"MaxNumberOfMessages\":\"abc\"}").getBytes(UTF_8));
        jsonError(response, 400, null);
    }

    @Test
    void jsonNullAndMistypedMembersAre400NotServerErrors() {
        String url = jsonCreateQueue(unique("json-mistyped"));
        List<String> bodies = List.of(
                "{\"QueueUrl\":\"" + url + "\",\"Entries\":[null]}",
                "{\"QueueUrl\":\"" + url + "\",\"Entries\":[\"x\"]}",
                "{\"QueueUrl\":\"" + url + "\",\"Entries\":{\"Id\":1}}",
                "{\"QueueUrl\":{},\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"b\"}]}");
        List<String> problems = new ArrayList<>();
        for (String body : bodies) {
            expect400(problems, "SendMessageBatch", body);
        }
        List<String> sends = List.of(
                "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"b\",\"MessageAttributes\":{\"a\":\"x\"}}",
                "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"b\",\"MessageAttributes\":{\"a\":null}}",
                "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"b\",\"MessageAttributes\":[1]}",
                "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"b\",\"MessageAttributes\":"
                        + "{\"a\":{\"DataType\":\"Binary\",\"BinaryValue\":\"%%not base64%%\"}}}");
        for (String body : sends) {
            expect400(problems, "SendMessage", body);
        }
        expect400(problems, "SetQueueAttributes",
                "{\"QueueUrl\":\"" + url + "\",\"Attributes\":{\"VisibilityTimeout\":null}}");
        assertEquals(List.of(), problems);
    }

    private static void expect400(List<String> problems, String operation, String body) {
        Response response = json(operation, body.getBytes(UTF_8));
        if (response.statusCode() != 400) {
            problems.add(operation + " " + body + " -> " + response.statusCode() + " " + response.asString());
            return;
        }
        jsonError(response, 400, null);
    }

    // =========================================================================================
    // AWS Query — success shapes
    // =========================================================================================

    @Test
    void queryCreateQueueShape() {
        String name = unique("query-create");
        Element root = queryOk("CreateQueue", query("Action", "CreateQueue", "Version", VERSION, "QueueName", name));
        Element result = result(root, "CreateQueue");
        assertEquals(List.of("QueueUrl"), childNames(result));
        String raw = new String(lastQueryBody, UTF_8);
        assertTrue(raw.contains("<CreateQueueResponse xmlns=\"" + NS + "\">"), raw);
        assertTrue(text(result, "QueueUrl").matches("https?://[^/]+/" + ACCOUNT + "/" + Pattern.quote(name)),
                text(result, "QueueUrl"));
    }

    @Test
    void queryFlattenedAttributesOnCreateQueueAndGetQueueAttributes() {
        String name = unique("query-attrs");
        String url = queryCreateQueue(name, "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "60",
                "Attribute.2.Name", "DelaySeconds", "Attribute.2.Value", "3");

        Element all = result(queryOk("GetQueueAttributes", query("Action", "GetQueueAttributes", "Version", VERSION,
                "QueueUrl", url, "AttributeName.1", "All")), "GetQueueAttributes");
        assertEquals(Set.of("Attribute"), new LinkedHashSet<>(childNames(all)));
        Map<String, String> attributes = nameValues(all, "Attribute");
        assertEquals("60", attributes.get("VisibilityTimeout"));
        assertEquals("3", attributes.get("DelaySeconds"));
        assertEquals("arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name, attributes.get("QueueArn"));
        assertTrue(attributes.keySet().containsAll(Set.of("ApproximateNumberOfMessages", "CreatedTimestamp",
                "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds")), attributes.toString());

        Element two = result(queryOk("GetQueueAttributes", query("Action", "GetQueueAttributes", "Version", VERSION,
                "QueueUrl", url, "AttributeName.1", "VisibilityTimeout", "AttributeName.2", "QueueArn")),
                "GetQueueAttributes");
        assertEquals(Set.of("VisibilityTimeout", "QueueArn"), nameValues(two, "Attribute").keySet());

        // No AttributeName: an empty result.
        Element none = result(queryOk("GetQueueAttributes", query("Action", "GetQueueAttributes", "Version", VERSION,
                "QueueUrl", url)), "GetQueueAttributes");
        assertEquals(List.of(), childNames(none));
    }

    @Test
    void querySendAndReceiveWithFlattenedMessageAttributes() {
        String url = queryCreateQueue(unique("query-receive"));
        byte[] binary = "Hello binary world!".getBytes(UTF_8);
        String binary64 = Base64.getEncoder().encodeToString(binary);
        Element sent = result(queryOk("SendMessage", query("Action", "SendMessage", "Version", VERSION,
                "QueueUrl", url, "MessageBody", "Test message.",
                "MessageAttribute.1.Name", "attribName1",
                "MessageAttribute.1.Value.DataType", "String",
                "MessageAttribute.1.Value.StringValue", "attribValue 1",
                "MessageAttribute.2.Name", "blob",
                "MessageAttribute.2.Value.DataType", "Binary",
                "MessageAttribute.2.Value.BinaryValue", binary64)), "SendMessage");
        assertEquals(Set.of("MD5OfMessageBody", "MD5OfMessageAttributes", "MessageId"),
                new LinkedHashSet<>(childNames(sent)));
        assertEquals(3, childNames(sent).size());
        Map<String, Attr> expected = new TreeMap<>();
        expected.put("attribName1", Attr.string("String", "attribValue 1"));
        expected.put("blob", Attr.binary("Binary", binary));
        String digest = md5OfAttributes(expected);
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", text(sent, "MD5OfMessageBody"));
        assertEquals(digest, text(sent, "MD5OfMessageAttributes"));

        Element received = result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage", "Version", VERSION,
                "QueueUrl", url, "AttributeName.1", "All", "MessageAttributeName.1", "All",
                "MaxNumberOfMessages", "10")), "ReceiveMessage");
        assertEquals(List.of("Message"), childNames(received));
        Element message = only(received, "Message");
        assertEquals(Set.of("MessageId", "ReceiptHandle", "MD5OfBody", "Body", "Attribute", "MD5OfMessageAttributes",
                "MessageAttribute"), new LinkedHashSet<>(childNames(message)));
        for (String single : List.of("MessageId", "ReceiptHandle", "MD5OfBody", "Body", "MD5OfMessageAttributes")) {
            only(message, single);
        }
        assertEquals(text(sent, "MessageId"), text(message, "MessageId"));
        assertEquals("Test message.", text(message, "Body"));
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", text(message, "MD5OfBody"));
        assertEquals(digest, text(message, "MD5OfMessageAttributes"));

        Map<String, String> system = nameValues(message, "Attribute");
        assertTrue(system.keySet().containsAll(Set.of("SenderId", "SentTimestamp", "ApproximateReceiveCount",
                "ApproximateFirstReceiveTimestamp")), system.toString());
        assertTrue(EPOCH_MILLIS.matcher(system.get("SentTimestamp")).matches(), system.toString());
        assertEquals("1", system.get("ApproximateReceiveCount"));

        Map<String, Element> attributes = new TreeMap<>();
        for (Element attribute : all(message, "MessageAttribute")) {
            assertEquals(List.of("Name", "Value"), childNames(attribute));
            attributes.put(text(attribute, "Name"), only(attribute, "Value"));
        }
        assertEquals(Set.of("attribName1", "blob"), attributes.keySet());
        Element stringValue = attributes.get("attribName1");
        assertEquals(Set.of("StringValue", "DataType"), new LinkedHashSet<>(childNames(stringValue)));
        assertEquals(2, childNames(stringValue).size());
        assertEquals("attribValue 1", text(stringValue, "StringValue"));
        assertEquals("String", text(stringValue, "DataType"));
        Element binaryValue = attributes.get("blob");
        assertEquals(Set.of("BinaryValue", "DataType"), new LinkedHashSet<>(childNames(binaryValue)));
        assertEquals(2, childNames(binaryValue).size());
        assertEquals(binary64, text(binaryValue, "BinaryValue"));
        assertEquals("Binary", text(binaryValue, "DataType"));
    }

    @Test
    void queryEmptyReceiveHasAnEmptyResult() {
        String url = queryCreateQueue(unique("query-empty"));
        Element result = result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage", "Version", VERSION,
                "QueueUrl", url, "WaitTimeSeconds", "0")), "ReceiveMessage");
        assertEquals(List.of(), childNames(result));
    }

    @Test
    void queryListQueuesRepeatsQueueUrl() {
        String prefix = unique("query-list");
        String a = queryCreateQueue(prefix + "-a");
        String b = queryCreateQueue(prefix + "-b");
        Element result = result(queryOk("ListQueues", query("Action", "ListQueues", "Version", VERSION,
                "QueueNamePrefix", prefix)), "ListQueues");
        assertEquals(List.of("QueueUrl", "QueueUrl"), childNames(result));
        Set<String> urls = new LinkedHashSet<>();
        all(result, "QueueUrl").forEach(e -> urls.add(e.getTextContent()));
        assertEquals(Set.of(a, b), urls);
    }

    @Test
    void queryListDeadLetterSourceQueuesRepeatsQueueUrl() {
        String dlqName = unique("query-dlq");
        String dlqUrl = queryCreateQueue(dlqName);
        String dlqArn = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + dlqName;
        String source = queryCreateQueue(unique("query-src"), "Attribute.1.Name", "RedrivePolicy", "Attribute.1.Value",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}");
        Element result = result(queryOk("ListDeadLetterSourceQueues", query("Action", "ListDeadLetterSourceQueues",
                "Version", VERSION, "QueueUrl", dlqUrl)), "ListDeadLetterSourceQueues");
        assertEquals(List.of("QueueUrl"), childNames(result));
        assertEquals(source, text(result, "QueueUrl"));
    }

    @Test
    void querySendMessageBatchEntriesSitDirectlyInTheResult() {
        String url = queryCreateQueue(unique("query-batch") + ".fifo",
                "Attribute.1.Name", "FifoQueue", "Attribute.1.Value", "true",
                "Attribute.2.Name", "ContentBasedDeduplication", "Attribute.2.Value", "true");
        Element result = result(queryOk("SendMessageBatch", query("Action", "SendMessageBatch", "Version", VERSION,
                "QueueUrl", url,
                "SendMessageBatchRequestEntry.1.Id", "first",
                "SendMessageBatchRequestEntry.1.MessageBody", "Test message.",
                "SendMessageBatchRequestEntry.1.MessageGroupId", "g",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name", "attribName1",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType", "String",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue", "attribValue 1",
                "SendMessageBatchRequestEntry.2.Id", "second",
                "SendMessageBatchRequestEntry.2.MessageBody", "later",
                "SendMessageBatchRequestEntry.2.MessageGroupId", "g",
                "SendMessageBatchRequestEntry.2.DelaySeconds", "5")), "SendMessageBatch");
        assertEquals(List.of("SendMessageBatchResultEntry", "BatchResultErrorEntry"), sorted(childNames(result),
                List.of("SendMessageBatchResultEntry", "BatchResultErrorEntry")));

        Element ok = only(result, "SendMessageBatchResultEntry");
        assertEquals(Set.of("Id", "MessageId", "MD5OfMessageBody", "MD5OfMessageAttributes", "SequenceNumber"),
                new LinkedHashSet<>(childNames(ok)));
        assertEquals(5, childNames(ok).size());
        assertEquals("first", text(ok, "Id"));
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", text(ok, "MD5OfMessageBody"));
        assertEquals("19e27d4e946b072f3f58da80d94fd778", text(ok, "MD5OfMessageAttributes"));

        Element failed = only(result, "BatchResultErrorEntry");
        assertEquals(Set.of("Id", "SenderFault", "Code", "Message"), new LinkedHashSet<>(childNames(failed)));
        assertEquals(4, childNames(failed).size());
        assertEquals("second", text(failed, "Id"));
        assertEquals("true", text(failed, "SenderFault"));
        assertEquals("InvalidParameterValue", text(failed, "Code"));
    }

    @Test
    void queryDeleteMessageBatchEntriesSitDirectlyInTheResult() {
        String url = queryCreateQueue(unique("query-delbatch"));
        queryOk("SendMessage", query("Action", "SendMessage", "Version", VERSION, "QueueUrl", url, "MessageBody", "x"));
        String handle = text(only(result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage",
                "Version", VERSION, "QueueUrl", url)), "ReceiveMessage"), "Message"), "ReceiptHandle");
        Element result = result(queryOk("DeleteMessageBatch", query("Action", "DeleteMessageBatch", "Version", VERSION,
                "QueueUrl", url,
                "DeleteMessageBatchRequestEntry.1.Id", "good",
                "DeleteMessageBatchRequestEntry.1.ReceiptHandle", handle,
                "DeleteMessageBatchRequestEntry.2.Id", "bad",
                "DeleteMessageBatchRequestEntry.2.ReceiptHandle", "not-a-receipt-handle")), "DeleteMessageBatch");
        assertEquals(List.of("DeleteMessageBatchResultEntry", "BatchResultErrorEntry"), sorted(childNames(result),
                List.of("DeleteMessageBatchResultEntry", "BatchResultErrorEntry")));
        assertEquals(List.of("Id"), childNames(only(result, "DeleteMessageBatchResultEntry")));
        assertEquals("good", text(only(result, "DeleteMessageBatchResultEntry"), "Id"));
        Element failed = only(result, "BatchResultErrorEntry");
        assertEquals("bad", text(failed, "Id"));
        assertEquals("true", text(failed, "SenderFault"));
        assertEquals("ReceiptHandleIsInvalid", text(failed, "Code"));
    }

    @Test
    void queryFlattenedTagsAndListQueueTags() {
        String url = queryCreateQueue(unique("query-tags"), "Tag.1.Key", "team", "Tag.1.Value", "blue",
                "Tag.2.Key", "env", "Tag.2.Value", "dev");
        Element tagged = queryOk("TagQueue", query("Action", "TagQueue", "Version", VERSION, "QueueUrl", url,
                "Tag.1.Key", "cost", "Tag.1.Value", "42"));
        assertEquals(List.of("ResponseMetadata"), childNames(tagged));

        Element result = result(queryOk("ListQueueTags", query("Action", "ListQueueTags", "Version", VERSION,
                "QueueUrl", url)), "ListQueueTags");
        assertEquals(List.of("Tag", "Tag", "Tag"), childNames(result));
        Map<String, String> tags = new TreeMap<>();
        for (Element tag : all(result, "Tag")) {
            assertEquals(List.of("Key", "Value"), childNames(tag));
            tags.put(text(tag, "Key"), text(tag, "Value"));
        }
        assertEquals(Map.of("team", "blue", "env", "dev", "cost", "42"), tags);

        Element untagged = queryOk("UntagQueue", query("Action", "UntagQueue", "Version", VERSION, "QueueUrl", url,
                "TagKey.1", "team", "TagKey.2", "env"));
        assertEquals(List.of("ResponseMetadata"), childNames(untagged));
        Element after = result(queryOk("ListQueueTags", query("Action", "ListQueueTags", "Version", VERSION,
                "QueueUrl", url)), "ListQueueTags");
        assertEquals(List.of("Tag"), childNames(after));
        assertEquals("cost", text(only(after, "Tag"), "Key"));
    }

    @Test
    void queryOperationsWithoutOutputHaveOnlyResponseMetadata() {
        String name = unique("query-nooutput");
        String url = queryCreateQueue(name);

        Element set = queryOk("SetQueueAttributes", query("Action", "SetQueueAttributes", "Version", VERSION,
                "QueueUrl", url, "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "77"));
        assertEquals(List.of("ResponseMetadata"), childNames(set));
        Element attributes = result(queryOk("GetQueueAttributes", query("Action", "GetQueueAttributes",
                "Version", VERSION, "QueueUrl", url, "AttributeName.1", "VisibilityTimeout")), "GetQueueAttributes");
        assertEquals(Map.of("VisibilityTimeout", "77"), nameValues(attributes, "Attribute"));

        queryOk("SendMessage", query("Action", "SendMessage", "Version", VERSION, "QueueUrl", url, "MessageBody", "x"));
        String handle = text(only(result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage",
                "Version", VERSION, "QueueUrl", url)), "ReceiveMessage"), "Message"), "ReceiptHandle");
        Element visibility = queryOk("ChangeMessageVisibility", query("Action", "ChangeMessageVisibility",
                "Version", VERSION, "QueueUrl", url, "ReceiptHandle", handle, "VisibilityTimeout", "10"));
        assertEquals(List.of("ResponseMetadata"), childNames(visibility));
        Element deleted = queryOk("DeleteMessage", query("Action", "DeleteMessage", "Version", VERSION,
                "QueueUrl", url, "ReceiptHandle", handle));
        assertEquals(List.of("ResponseMetadata"), childNames(deleted));

        Element deleteQueue = queryOk("DeleteQueue", query("Action", "DeleteQueue", "Version", VERSION,
                "QueueUrl", url));
        assertEquals(List.of("ResponseMetadata"), childNames(deleteQueue));
        queryError(query("Action", "GetQueueUrl", "Version", VERSION, "QueueName", name), 400,
                "AWS.SimpleQueueService.NonExistentQueue");
    }

    @Test
    void queryPostedToTheQueueUrlPathNeedsNoQueueUrlParameter() {
        String name = unique("query-path");
        String url = queryCreateQueue(name);
        Response response = wire().contentType(FORM_CT)
                .body(form("Action", "SendMessage", "Version", VERSION, "MessageBody", "x"))
                .post("/" + ACCOUNT + "/" + name);
        Element result = result(queryOk("SendMessage", response), "SendMessage");
        assertEquals(md5("x"), text(result, "MD5OfMessageBody"));

        Element received = result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage", "Version", VERSION,
                "QueueUrl", url)), "ReceiveMessage");
        assertEquals("x", text(only(received, "Message"), "Body"));
        assertEquals(text(result, "MessageId"), text(only(received, "Message"), "MessageId"));

        // The same for an operation that reads the queue: its attributes, with no QueueUrl.
        Response attributes = wire().contentType(FORM_CT)
                .body(form("Action", "GetQueueAttributes", "Version", VERSION, "AttributeName.1", "QueueArn"))
                .post("/" + ACCOUNT + "/" + name);
        assertEquals(Map.of("QueueArn", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name),
                nameValues(result(queryOk("GetQueueAttributes", attributes), "GetQueueAttributes"), "Attribute"));
    }

    @Test
    void queryGetWithQueryStringParameters() {
        String name = unique("query-get");
        Response created = wire().queryParam("Action", "CreateQueue").queryParam("Version", VERSION)
                .queryParam("QueueName", name).queryParam("Attribute.1.Name", "VisibilityTimeout")
                .queryParam("Attribute.1.Value", "33").get("/");
        String url = text(result(queryOk("CreateQueue", created), "CreateQueue"), "QueueUrl");

        Response got = wire().queryParam("Action", "GetQueueUrl").queryParam("Version", VERSION)
                .queryParam("QueueName", name).get("/");
        Element result = result(queryOk("GetQueueUrl", got), "GetQueueUrl");
        assertEquals(List.of("QueueUrl"), childNames(result));
        assertEquals(url, text(result, "QueueUrl"));

        Response sent = wire().queryParam("Action", "SendMessage").queryParam("Version", VERSION)
                .queryParam("QueueUrl", url).queryParam("MessageBody", "hello world & more").get("/");
        assertEquals(md5("hello world & more"), text(result(queryOk("SendMessage", sent), "SendMessage"),
                "MD5OfMessageBody"));

        Response attributes = wire().queryParam("Action", "GetQueueAttributes").queryParam("Version", VERSION)
                .queryParam("QueueUrl", url).queryParam("AttributeName.1", "VisibilityTimeout")
                .queryParam("AttributeName.2", "ApproximateNumberOfMessages").get("/");
        assertEquals(Map.of("VisibilityTimeout", "33", "ApproximateNumberOfMessages", "1"),
                nameValues(result(queryOk("GetQueueAttributes", attributes), "GetQueueAttributes"), "Attribute"));
    }

    @Test
    void queryMessageBodySurvivesByteExact() {
        String body = "line1\r\nline2\rline3\n<tag attr=\"v\">&amp; & 'q' ]]> é ü ß Ж 日本語 😀 \t end\r";
        String url = queryCreateQueue(unique("query-exact"));
        Element sent = result(queryOk("SendMessage", query("Action", "SendMessage", "Version", VERSION,
                "QueueUrl", url, "MessageBody", body)), "SendMessage");
        assertEquals(md5(body), text(sent, "MD5OfMessageBody"));

        Response response = query("Action", "ReceiveMessage", "Version", VERSION, "QueueUrl", url,
                "VisibilityTimeout", "0");
        Element message = only(result(queryOk("ReceiveMessage", response), "ReceiveMessage"), "Message");
        assertEquals(body, text(message, "Body"));
        assertEquals(md5(body), text(message, "MD5OfBody"));

        // The JSON side of the same store hands back the same characters.
        JsonNode viaJson = jsonOk(json("ReceiveMessage", obj("QueueUrl", url)));
        assertEquals(body, viaJson.get("Messages").get(0).get("Body").asText());
    }

    // =========================================================================================
    // AWS Query — errors
    // =========================================================================================

    @Test
    void queryNonExistentQueueErrorResponse() {
        String missing = unique("query-missing");
        queryError(query("Action", "GetQueueUrl", "Version", VERSION, "QueueName", missing), 400,
                "AWS.SimpleQueueService.NonExistentQueue");
        String url = RestAssured.baseURI + ":" + RestAssured.port + "/" + ACCOUNT + "/" + missing;
        queryError(query("Action", "SendMessage", "Version", VERSION, "QueueUrl", url, "MessageBody", "x"), 400,
                "AWS.SimpleQueueService.NonExistentQueue");
    }

    @Test
    void queryUnknownActionIsInvalidAction() {
        queryError(query("Action", "Bogus", "Version", VERSION), 400, "InvalidAction");
    }

    @Test
    void queryMissingRequiredParameterIsMissingParameter() {
        queryError(query("Action", "CreateQueue", "Version", VERSION), 400, "MissingParameter");
        String url = queryCreateQueue(unique("query-missing-body"));
        queryError(query("Action", "SendMessage", "Version", VERSION, "QueueUrl", url), 400, "MissingParameter");
    }

    @Test
    void queryIncompleteFlattenedEntriesAre400NotServerErrors() {
        String url = queryCreateQueue(unique("query-incomplete"));
        List<String[]> requests = List.of(
                new String[] {"Action", "CreateQueue", "Version", VERSION, "QueueName", unique("query-noval"),
                        "Attribute.1.Name", "VisibilityTimeout"},
                new String[] {"Action", "SetQueueAttributes", "Version", VERSION, "QueueUrl", url,
                        "Attribute.1.Name", "VisibilityTimeout"},
                new String[] {"Action", "SendMessage", "Version", VERSION, "QueueUrl", url, "MessageBody", "b",
                        "MessageAttribute.1.Name", "a"},
                new String[] {"Action", "SendMessage", "Version", VERSION, "QueueUrl", url, "MessageBody", "b",
                        "MessageAttribute.1.Name", "a", "MessageAttribute.1.Value.DataType", "String"},
                new String[] {"Action", "SendMessageBatch", "Version", VERSION, "QueueUrl", url,
                        "SendMessageBatchRequestEntry.1", "x"},
                new String[] {"Action", "DeleteMessageBatch", "Version", VERSION, "QueueUrl", url,
                        "DeleteMessageBatchRequestEntry.1.Id", "a"},
                new String[] {"Action", "ChangeMessageVisibilityBatch", "Version", VERSION, "QueueUrl", url,
                        "ChangeMessageVisibilityBatchRequestEntry.1.Id", "a",
                        "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", "h"});
        List<String> problems = new ArrayList<>();
        for (String[] request : requests) {
            Response response = query(request);
            int status = response.statusCode();
            String what = String.join(" ", request) + " -> " + status + " " + response.asString();
            if (status == 200 && request[1].endsWith("Batch")) {
                // A per-entry failure in a batch is a legitimate answer too.
                Element result = result(parseXml(response.asByteArray()), request[1]);
                if (all(result, "BatchResultErrorEntry").size() != 1) {
                    problems.add(what);
                }
            } else if (status < 400 || status >= 500) {
                problems.add(what);
            } else {
                Element error = errorResponse(response.asByteArray());
                assertEquals("Sender", text(only(error, "Error"), "Type"), what);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void queryMalformedPercentEncodingInFormBodyIsAClientError() {
        String body = "Action=ListQueues&Version=" + VERSION + "&QueueNamePrefix=%ZZ";
        Response response = wire().contentType(FORM_CT).body(body).post("/");
        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, "status " + status + ": " + response.asString());
        Element error = errorResponse(response.asByteArray());
        assertEquals("Sender", text(only(error, "Error"), "Type"));

        String truncated = "Action=ListQueues&Version=" + VERSION + "&QueueNamePrefix=abc%E";
        Response second = wire().contentType(FORM_CT).body(truncated).post("/");
        assertTrue(second.statusCode() >= 400 && second.statusCode() < 500,
                "status " + second.statusCode() + ": " + second.asString());
    }

    @Test
    void queryMalformedPercentEncodingInQueryStringIsAClientError() throws Exception {
        RawResponse response = malformedGet();
        assertTrue(response.status >= 400 && response.status < 500, response.toString());
    }

    private static RawResponse malformedGet() throws Exception {
        return raw("GET /?Action=ListQueues&Version=" + VERSION + "&QueueNamePrefix=%ZZ HTTP/1.1\r\n"
                + "Host: localhost:" + RestAssured.port + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void queryFormDecodingTreatsPlusAsSpaceAndPercent2BAsPlus() {
        String url = queryCreateQueue(unique("query-plus"));
        String raw = "Action=SendMessage&Version=" + VERSION + "&QueueUrl=" + URLEncoder.encode(url, UTF_8)
                + "&MessageBody=a+b%2Bc%20d";
        Element sent = result(queryOk("SendMessage", wire().contentType(FORM_CT).body(raw).post("/")), "SendMessage");
        assertEquals(md5("a b+c d"), text(sent, "MD5OfMessageBody"));
        Element message = only(result(queryOk("ReceiveMessage", query("Action", "ReceiveMessage", "Version", VERSION,
                "QueueUrl", url)), "ReceiveMessage"), "Message");
        assertEquals("a b+c d", text(message, "Body"));
    }

    // =========================================================================================
    // Routing
    // =========================================================================================

    @Test
    void healthStillAnswersOnTheSamePort() {
        Response response = given().get("/q/health");
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.getHeader("Content-Type").startsWith("application/json"), response.getHeader("Content-Type"));
        assertEquals("UP", response.jsonPath().getString("status"));
        assertNull(response.getHeader("x-amzn-RequestId"));
    }

    // =========================================================================================
    // Helpers: requests
    // =========================================================================================

    /** A request that sends exactly the Content-Type it is given, with no charset appended. */
    private static RequestSpecification wire() {
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)
                .defaultContentCharset(StandardCharsets.UTF_8)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static Response json(String operation, ObjectNode body) {
        return json(operation, bytes(body));
    }

    private static Response json(String operation, byte[] body) {
        return wire().header("X-Amz-Target", "AmazonSQS." + operation).contentType(JSON_CT).body(body).post("/");
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(UTF_8);
    }

    private static ObjectNode obj(Object... keyValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object value = keyValues[i + 1];
            if (value instanceof String s) {
                node.put(key, s);
            } else if (value instanceof Integer n) {
                node.put(key, n);
            } else if (value instanceof JsonNode j) {
                node.set(key, j);
            } else {
                throw new IllegalArgumentException(String.valueOf(value));
            }
        }
        return node;
    }

    private static ArrayNode arr(Object... items) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Object item : items) {
            if (item instanceof String s) {
                array.add(s);
            } else {
                array.add((JsonNode) item);
            }
        }
        return array;
    }

    private static String jsonCreateQueue(String name) {
        return jsonOk(json("CreateQueue", obj("QueueName", name))).get("QueueUrl").asText();
    }

    /** A JSON success: 200, the JSON content type, a request id, no query error; the parsed body. */
    private static JsonNode jsonOk(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(JSON_CT, response.getHeader("Content-Type"));
        assertNotNull(response.getHeader("x-amzn-RequestId"), "x-amzn-RequestId header");
        assertFalse(response.getHeader("x-amzn-RequestId").isBlank());
        assertNull(response.getHeader("x-amzn-query-error"), "no x-amzn-query-error on success");
        JsonNode body = parseJson(response.asByteArray());
        assertTrue(body.isObject(), response.asString());
        return body;
    }

    /**
     * A JSON error: the status, the JSON content type, a request id, a {@code __type}; and, when
     * given, the exact {@code x-amzn-query-error} header.
     */
    private static JsonNode jsonError(Response response, int status, String queryError) {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(JSON_CT, response.getHeader("Content-Type"));
        assertNotNull(response.getHeader("x-amzn-RequestId"), "x-amzn-RequestId header");
        if (queryError != null) {
            assertEquals(queryError, response.getHeader("x-amzn-query-error"));
        }
        JsonNode body = parseJson(response.asByteArray());
        assertTrue(body.isObject(), response.asString());
        assertTrue(body.has("__type") && body.get("__type").isTextual(), response.asString());
        assertTrue(body.get("__type").asText().contains("#"), response.asString());
        return body;
    }

    private static JsonNode parseJson(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(bytes, UTF_8), e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> textSet(JsonNode array) {
        return new LinkedHashSet<>(textList(array));
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            assertTrue(v.isTextual(), array.toString());
            values.add(v.asText());
        });
        return values;
    }

    /** Form-encodes key/value pairs as UTF-8 (RFC 1866 form encoding, as SDKs send them). */
    private static String form(String... keyValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(keyValues[i], UTF_8)).append('=')
                    .append(URLEncoder.encode(keyValues[i + 1], UTF_8));
        }
        return form.toString();
    }

    private static Response query(String... keyValues) {
        return wire().contentType(FORM_CT).body(form(keyValues)).post("/");
    }

    private static String queryCreateQueue(String name, String... attributes) {
        List<String> parameters = new ArrayList<>(List.of("Action", "CreateQueue", "Version", VERSION,
                "QueueName", name));
        parameters.addAll(List.of(attributes));
        Element result = result(queryOk("CreateQueue", query(parameters.toArray(String[]::new))), "CreateQueue");
        return text(result, "QueueUrl");
    }

    /**
     * A Query success: 200, XML, root {@code <Action>Response} in the SQS namespace (every element
     * in it), ending with {@code ResponseMetadata/RequestId}; the root element.
     */
    private static Element queryOk(String action, Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        lastQueryBody = response.asByteArray();
        assertTrue(response.getHeader("Content-Type").startsWith("text/xml"), response.getHeader("Content-Type"));
        Element root = parseXml(response.asByteArray());
        assertEquals(action + "Response", root.getLocalName());
        assertNull(root.getPrefix(), "the namespace is the default one");
        assertAllInNamespace(root);
        List<Element> children = children(root);
        assertFalse(children.isEmpty(), response.asString());
        Element metadata = children.get(children.size() - 1);
        assertEquals("ResponseMetadata", metadata.getLocalName());
        assertEquals(List.of("RequestId"), childNames(metadata));
        assertFalse(text(metadata, "RequestId").isBlank());
        return root;
    }

    /** The {@code <Action>Result} of a response whose only other child is ResponseMetadata. */
    private static Element result(Element root, String action) {
        assertEquals(List.of(action + "Result", "ResponseMetadata"), childNames(root));
        return only(root, action + "Result");
    }

    /** A Query error: status, XML, {@code ErrorResponse/Error{Type,Code,Message}} + {@code RequestId}. */
    private static Element queryError(Response response, int status, String code) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.getHeader("Content-Type").startsWith("text/xml"), response.getHeader("Content-Type"));
        Element root = errorResponse(response.asByteArray());
        assertTrue(response.asString().contains("<ErrorResponse xmlns=\"" + NS + "\">"), response.asString());
        Element error = only(root, "Error");
        assertEquals("Sender", text(error, "Type"));
        assertEquals(code, text(error, "Code"));
        return root;
    }

    private static Element errorResponse(byte[] bytes) {
        Element root = parseXml(bytes);
        assertEquals("ErrorResponse", root.getLocalName(), new String(bytes, UTF_8));
        assertEquals(NS, root.getNamespaceURI());
        assertAllInNamespace(root);
        assertEquals(List.of("Error", "RequestId"), childNames(root));
        assertFalse(text(root, "RequestId").isBlank());
        Element error = only(root, "Error");
        List<String> names = childNames(error);
        assertTrue(names.containsAll(List.of("Type", "Code", "Message")), names.toString());
        assertTrue(Set.of("Type", "Code", "Message", "Detail").containsAll(names), names.toString());
        assertEquals(names.size(), new LinkedHashSet<>(names).size(), names.toString());
        assertFalse(text(error, "Code").isBlank());
        return root;
    }

    // =========================================================================================
    // Helpers: XML
    // =========================================================================================

    private static Element parseXml(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not XML: " + new String(bytes, UTF_8), e);
        }
    }

    private static void assertAllInNamespace(Element element) {
        assertEquals(NS, element.getNamespaceURI(), "namespace of <" + element.getLocalName() + ">");
        children(element).forEach(SqsWireShapeTest::assertAllInNamespace);
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            } else if (n.getNodeType() == Node.TEXT_NODE && !n.getTextContent().isBlank() && childElements(parent)) {
                // Only leaf elements carry text: no mixed content.
                fail("stray text in <" + parent.getLocalName() + ">: " + n.getTextContent());
            }
        }
        return children;
    }

    private static boolean childElements(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static List<String> childNames(Element parent) {
        return children(parent).stream().map(Element::getLocalName).toList();
    }

    private static List<Element> all(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(e.getLocalName())).toList();
    }

    private static Element only(Element parent, String name) {
        List<Element> matches = all(parent, name);
        assertEquals(1, matches.size(), "exactly one <" + name + "> in <" + parent.getLocalName() + ">: "
                + childNames(parent));
        return matches.get(0);
    }

    private static String text(Element parent, String name) {
        Element element = only(parent, name);
        assertTrue(children(element).isEmpty(), "<" + name + "> must be a leaf");
        return element.getTextContent();
    }

    /** Flattened {@code <element><Name/><Value/></element>} entries as a map. */
    private static Map<String, String> nameValues(Element parent, String element) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Element entry : all(parent, element)) {
            assertEquals(List.of("Name", "Value"), childNames(entry));
            assertNull(values.put(text(entry, "Name"), text(entry, "Value")), "duplicate " + text(entry, "Name"));
        }
        return values;
    }

    /** The names in the order of {@code order} if they are a permutation of it; else unchanged. */
    private static List<String> sorted(List<String> names, List<String> order) {
        if (names.size() != order.size() || !new LinkedHashSet<>(names).equals(new LinkedHashSet<>(order))) {
            return names;
        }
        return order;
    }

    // =========================================================================================
    // Helpers: digests and raw HTTP
    // =========================================================================================

    private static String md5(String text) {
        return md5(text.getBytes(UTF_8));
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Attr(String dataType, String stringValue, byte[] binaryValue) {
        static Attr string(String dataType, String value) {
            return new Attr(dataType, value, null);
        }

        static Attr binary(String dataType, byte[] value) {
            return new Attr(dataType, null, value);
        }
    }

    /** MD5OfMessageAttributes as AWS-REFERENCE.md §1.8 defines it, written independently of Eddy. */
    private static String md5OfAttributes(Map<String, Attr> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Attr> entry : new TreeMap<>(attributes).entrySet()) {
            lengthPrefixed(out, entry.getKey().getBytes(UTF_8));
            lengthPrefixed(out, entry.getValue().dataType().getBytes(UTF_8));
            if (entry.getValue().stringValue() != null) {
                out.write(1);
                lengthPrefixed(out, entry.getValue().stringValue().getBytes(UTF_8));
            } else {
                out.write(2);
                lengthPrefixed(out, entry.getValue().binaryValue());
            }
        }
        String digest = md5(out.toByteArray());
        assertTrue(HEX_MD5.matcher(digest).matches());
        return digest;
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private record RawResponse(int status, String head, byte[] body) {
        @Override
        public String toString() {
            return head + "\n\n" + new String(body, UTF_8);
        }
    }

    /** Sends bytes no HTTP client would build (a malformed request target) and reads the answer. */
    private static RawResponse raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertTrue(split > 0, "no HTTP response: " + text);
            String head = text.substring(0, split);
            int status = Integer.parseInt(head.split(" ")[1]);
            byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new RawResponse(status, head, body);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = i;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(chunked, i, lineEnd - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
