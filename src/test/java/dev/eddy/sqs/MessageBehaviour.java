package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.common.EddyClock;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * Black-box behaviour of the SQS message operations, written once against the AWS SDK v2
 * {@link SqsClient} interface and run through each real client (JSON and Query protocols) by a
 * subclass. Every test makes its own queues; time moves with Eddy's clock, not by sleeping.
 */
public abstract class MessageBehaviour {
    private static final String NON_EXISTENT_QUEUE = "AWS.SimpleQueueService.NonExistentQueue";
    private static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    private static final String MISSING_PARAMETER = "MissingParameter";
    private static final String RECEIPT_HANDLE_IS_INVALID = "ReceiptHandleIsInvalid";
    private static final String GARBAGE_HANDLE = "this-is-not-a-receipt-handle";

    @Inject
    protected EddyClock clock;

    /** The client under test. */
    protected abstract SqsClient sqs();

    /** Runs a message move task call (Start/List/CancelMessageMoveTask). */
    private static <T> T moveTaskCall(Supplier<T> call) {
        return call.get();
    }

    // ---- round trip and digests --------------------------------------------------------------

    @Test
    void sendReceiveDeleteRoundTrip() {
        String queue = queue();
        SendMessageResponse sent = send(queue, "Test message.");
        assertNotNull(sent.messageId());
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", sent.md5OfMessageBody());
        assertNull(sent.md5OfMessageAttributes(), "no attributes were sent, so there is no attribute digest");

        List<Message> received = receive(queue, 10);
        assertEquals(1, received.size());
        Message message = received.get(0);
        assertEquals(sent.messageId(), message.messageId());
        assertEquals("Test message.", message.body());
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", message.md5OfBody());
        assertNotNull(message.receiptHandle());

        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        advanceSeconds(31);
        assertTrue(receive(queue, 10).isEmpty(), "a deleted message must never come back");
    }

    @Test
    void unicodeBodyRoundTripsWithUtf8Digest() {
        String queue = queue();
        String body = "héllo wörld — 日本語 \uD83D\uDE00 tab\tnewline\ncr\r";
        SendMessageResponse sent = send(queue, body);
        assertEquals(md5Hex(body.getBytes(StandardCharsets.UTF_8)), sent.md5OfMessageBody());
        Message message = receiveOne(queue);
        assertEquals(body, message.body());
        assertEquals(sent.md5OfMessageBody(), message.md5OfBody());
    }

    @Test
    void md5OfMessageAttributesMatchesKnownVector() {
        String queue = queue();
        Map<String, MessageAttributeValue> attributes = Map.of("attribName1", string("attribValue 1"));
        SendMessageResponse sent = sqs().sendMessage(b -> b.queueUrl(queue).messageBody("Test message.")
                .messageAttributes(attributes));
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", sent.md5OfMessageBody());
        assertEquals("19e27d4e946b072f3f58da80d94fd778", sent.md5OfMessageAttributes());

        Message message = receiveOne(queue, b -> b.messageAttributeNames("All"));
        assertEquals("19e27d4e946b072f3f58da80d94fd778", message.md5OfMessageAttributes());
        assertEquals("attribValue 1", message.messageAttributes().get("attribName1").stringValue());
    }

    // ---- message attributes ------------------------------------------------------------------

    @Test
    void messageAttributesOfEveryTypeRoundTrip() {
        String queue = queue();
        byte[] binary = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'x'};
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("str", string("a string value"));
        attributes.put("num", MessageAttributeValue.builder().dataType("Number").stringValue("-12.5").build());
        attributes.put("bin", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(binary)).build());
        attributes.put("flt", MessageAttributeValue.builder().dataType("Number.float")
                .stringValue("4563442423554324324264524243.32543234").build());
        attributes.put("cst", MessageAttributeValue.builder().dataType("String.custom").stringValue("custom").build());
        attributes.put("bcs", MessageAttributeValue.builder().dataType("Binary.gif")
                .binaryValue(SdkBytes.fromUtf8String("Hello binary world!")).build());

        SendMessageResponse sent = sqs().sendMessage(b -> b.queueUrl(queue).messageBody("typed")
                .messageAttributes(attributes));
        assertEquals(md5OfAttributes(attributes), sent.md5OfMessageAttributes());

        Message message = receiveOne(queue, b -> b.messageAttributeNames("All"));
        Map<String, MessageAttributeValue> got = message.messageAttributes();
        assertEquals(attributes.keySet(), got.keySet());
        assertEquals("String", got.get("str").dataType());
        assertEquals("a string value", got.get("str").stringValue());
        assertEquals("Number", got.get("num").dataType());
        assertEquals("-12.5", got.get("num").stringValue());
        assertEquals("Binary", got.get("bin").dataType());
        assertArrayEquals(binary, got.get("bin").binaryValue().asByteArray());
        assertNull(got.get("bin").stringValue());
        assertEquals("Number.float", got.get("flt").dataType());
        assertEquals("4563442423554324324264524243.32543234", got.get("flt").stringValue());
        assertEquals("String.custom", got.get("cst").dataType());
        assertEquals("custom", got.get("cst").stringValue());
        assertEquals("Binary.gif", got.get("bcs").dataType());
        assertEquals("Hello binary world!", got.get("bcs").binaryValue().asUtf8String());
        assertEquals(sent.md5OfMessageAttributes(), message.md5OfMessageAttributes());
    }

    @Test
    void invalidMessageAttributesAreRejected() {
        String queue = queue();
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x").messageAttributes(Map.of("n",
                        MessageAttributeValue.builder().dataType("Number").stringValue("not a number").build()))));
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x").messageAttributes(Map.of("t",
                        MessageAttributeValue.builder().dataType("Integer").stringValue("1").build()))));
        Map<String, MessageAttributeValue> eleven = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, string("v"));
        }
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x").messageAttributes(eleven)));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        Map<String, MessageAttributeValue> ten = new HashMap<>(eleven);
        ten.remove("a10");
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x").messageAttributes(ten));
        assertEquals(10, receiveOne(queue, b -> b.messageAttributeNames("All")).messageAttributes().size());
    }

    @Test
    void messageAttributeNamesAllReturnsEveryAttribute() {
        String queue = queue();
        sendWithAttributes(queue, threeAttributes());
        Message message = receiveOne(queue, b -> b.messageAttributeNames("All"));
        assertEquals(Set.of("foo.a", "foo.b", "bar"), message.messageAttributes().keySet());
        assertEquals(md5OfAttributes(threeAttributes()), message.md5OfMessageAttributes());
    }

    @Test
    void messageAttributeNamesDotStarReturnsEveryAttribute() {
        String queue = queue();
        sendWithAttributes(queue, threeAttributes());
        Message message = receiveOne(queue, b -> b.messageAttributeNames(".*"));
        assertEquals(Set.of("foo.a", "foo.b", "bar"), message.messageAttributes().keySet());
    }

    @Test
    void messageAttributeNamesPrefixReturnsMatchingAttributes() {
        String queue = queue();
        sendWithAttributes(queue, threeAttributes());
        Message message = receiveOne(queue, b -> b.messageAttributeNames("foo.*"));
        assertEquals(Set.of("foo.a", "foo.b"), message.messageAttributes().keySet());
        Map<String, MessageAttributeValue> expected = new HashMap<>(threeAttributes());
        expected.remove("bar");
        assertEquals(md5OfAttributes(expected), message.md5OfMessageAttributes(),
                "the attribute digest covers the returned attributes");
    }

    @Test
    void messageAttributeNamesExactNamesReturnOnlyThose() {
        String queue = queue();
        sendWithAttributes(queue, threeAttributes());
        Message message = receiveOne(queue, b -> b.messageAttributeNames("bar", "not-there"));
        assertEquals(Set.of("bar"), message.messageAttributes().keySet());
        assertEquals("bar-value", message.messageAttributes().get("bar").stringValue());
        assertEquals(md5OfAttributes(Map.of("bar", threeAttributes().get("bar"))), message.md5OfMessageAttributes());
    }

    @Test
    void noMessageAttributeNamesReturnsNoAttributes() {
        String queue = queue();
        sendWithAttributes(queue, threeAttributes());
        Message message = receiveOne(queue);
        assertTrue(message.messageAttributes().isEmpty(), "no attribute was asked for: " + message.messageAttributes());
        assertNull(message.md5OfMessageAttributes());
    }

    // ---- system attributes -------------------------------------------------------------------

    @Test
    void systemAttributesAllReturnsSenderTimestampsAndReceiveCount() {
        String queue = queue();
        long before = clock.now();
        send(queue, "sys");
        long afterSend = clock.now();
        Message message = receiveOne(queue, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.ALL));
        long afterReceive = clock.now();
        Map<String, String> system = message.attributesAsStrings();
        assertFalse(system.getOrDefault("SenderId", "").isEmpty(), "SenderId: " + system);
        long sent = Long.parseLong(system.get("SentTimestamp"));
        assertTrue(sent >= before && sent <= afterSend, "SentTimestamp is epoch ms of the send: " + sent);
        assertEquals("1", system.get("ApproximateReceiveCount"));
        long firstReceive = Long.parseLong(system.get("ApproximateFirstReceiveTimestamp"));
        assertTrue(firstReceive >= sent && firstReceive <= afterReceive,
                "ApproximateFirstReceiveTimestamp is epoch ms of the receive: " + firstReceive);
        assertFalse(system.containsKey("SequenceNumber"), "standard queues have no sequence numbers");
    }

    @Test
    void deprecatedAttributeNamesAllAlsoSelectsSystemAttributes() {
        String queue = queue();
        send(queue, "sys");
        Message message = receiveOne(queue, b -> b.attributeNames(QueueAttributeName.ALL));
        Map<String, String> system = message.attributesAsStrings();
        assertTrue(system.containsKey("SenderId"), "SenderId: " + system);
        assertTrue(system.containsKey("SentTimestamp"), "SentTimestamp: " + system);
        assertEquals("1", system.get("ApproximateReceiveCount"));
    }

    @Test
    void systemAttributeNamesSelectOnlyTheNamedAttributes() {
        String queue = queue();
        send(queue, "sys");
        Message message = receiveOne(queue, b -> b.messageSystemAttributeNames(
                MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.SENDER_ID));
        assertEquals(Set.of("SentTimestamp", "SenderId"), message.attributesAsStrings().keySet());
    }

    @Test
    void noSystemAttributeNamesReturnsNoSystemAttributes() {
        String queue = queue();
        send(queue, "sys");
        Message message = receiveOne(queue);
        assertTrue(message.attributesAsStrings().isEmpty(), "none asked for: " + message.attributesAsStrings());
    }

    @Test
    void approximateReceiveCountIncreasesAcrossReceives() {
        String queue = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"));
        send(queue, "count me");
        long firstReceiveTimestamp = 0;
        for (int i = 1; i <= 3; i++) {
            Message message = receiveOne(queue, b -> b.messageSystemAttributeNames(
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
            assertEquals(String.valueOf(i), message.attributesAsStrings().get("ApproximateReceiveCount"));
            long first = Long.parseLong(message.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"));
            if (i == 1) {
                firstReceiveTimestamp = first;
            } else {
                assertEquals(firstReceiveTimestamp, first, "the first receive's time does not move on later receives");
            }
            advanceSeconds(6);
        }
    }

    @Test
    void awsTraceHeaderSentAsSystemAttributeComesBack() {
        String queue = queue();
        String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        SendMessageResponse sent = sqs().sendMessage(b -> b.queueUrl(queue).messageBody("traced")
                .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType("String").stringValue(trace).build())));
        assertNotNull(sent.md5OfMessageSystemAttributes(), "a system attribute was sent, so it has a digest");

        Message message = receiveOne(queue, b -> b.messageSystemAttributeNames(
                MessageSystemAttributeName.AWS_TRACE_HEADER));
        assertEquals(trace, message.attributesAsStrings().get("AWSTraceHeader"));
        assertTrue(message.messageAttributes().isEmpty(), "AWSTraceHeader is not a message attribute");
    }

    // ---- visibility timeout ------------------------------------------------------------------

    @Test
    void receiveHidesMessageUntilVisibilityTimeoutExpires() {
        String queue = queue();
        send(queue, "hide me");
        Message first = receiveOne(queue);
        assertTrue(receive(queue, 10).isEmpty(), "in flight during the default 30 s visibility timeout");
        advanceSeconds(29);
        assertTrue(receive(queue, 10).isEmpty(), "still in flight after 29 s");
        advanceSeconds(2);
        Message again = receiveOne(queue);
        assertEquals(first.messageId(), again.messageId(), "standard queues deliver at least once");
        assertNotEquals(first.receiptHandle(), again.receiptHandle(), "every receive has its own receipt handle");
    }

    @Test
    void receiveUsesQueueDefaultVisibilityTimeout() {
        String queue = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"));
        send(queue, "queue default");
        receiveOne(queue);
        advanceSeconds(9);
        assertTrue(receive(queue, 10).isEmpty(), "queue VisibilityTimeout=10 hides it for 10 s");
        advanceSeconds(2);
        receiveOne(queue);
    }

    @Test
    void perReceiveVisibilityTimeoutOverridesQueueDefault() {
        String queue = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
        send(queue, "short");
        receiveOne(queue, b -> b.visibilityTimeout(5));
        advanceSeconds(4);
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(2);
        Message again = receiveOne(queue, b -> b.visibilityTimeout(600));
        advanceSeconds(301);
        assertTrue(receive(queue, 10).isEmpty(), "VisibilityTimeout=600 on the receive outlasts the queue's 300");
        advanceSeconds(300);
        assertEquals(again.messageId(), receiveOne(queue).messageId());
    }

    @Test
    void receiveWithZeroVisibilityTimeoutLeavesMessageVisible() {
        String queue = queue();
        send(queue, "peek");
        Message first = receiveOne(queue, b -> b.visibilityTimeout(0));
        Message second = receiveOne(queue, b -> b.visibilityTimeout(0));
        assertEquals(first.messageId(), second.messageId());
    }

    @Test
    void changeMessageVisibilityExtendsTimeout() {
        String queue = queue();
        send(queue, "extend");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(10));
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(100));
        advanceSeconds(20);
        assertTrue(receive(queue, 10).isEmpty(), "extended to 100 s from now");
        advanceSeconds(81);
        assertEquals(message.messageId(), receiveOne(queue).messageId());
    }

    @Test
    void changeMessageVisibilityCanShortenTimeout() {
        String queue = queue();
        send(queue, "shorten");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(600));
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(5));
        advanceSeconds(6);
        assertEquals(message.messageId(), receiveOne(queue).messageId());
    }

    @Test
    void changeMessageVisibilityZeroMakesMessageVisibleImmediately() {
        String queue = queue();
        send(queue, "release");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(600));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(0));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        Message again = receiveOne(queue);
        assertEquals(message.messageId(), again.messageId());
        assertNotEquals(message.receiptHandle(), again.receiptHandle());
    }

    @Test
    void changedVisibilityTimeoutIsNotRememberedForTheNextReceive() {
        String queue = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        send(queue, "forget");
        Message message = receiveOne(queue);
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(600));
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(0));
        receiveOne(queue);
        advanceSeconds(31);
        assertEquals(message.messageId(), receiveOne(queue).messageId(),
                "the next receive used the queue's 30 s again, not the 600 s set on the previous one");
    }

    @Test
    void changeMessageVisibilityOnExpiredMessageIsNotInflight() {
        String queue = queue();
        send(queue, "expired");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(5));
        advanceSeconds(6);
        MessageNotInflightException e = assertThrows(MessageNotInflightException.class,
                () -> sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(60)));
        assertEquals("AWS.SimpleQueueService.MessageNotInflight", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void changeMessageVisibilityAfterReleasingMessageIsNotInflight() {
        String queue = queue();
        send(queue, "released");
        Message message = receiveOne(queue);
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(0));
        MessageNotInflightException e = assertThrows(MessageNotInflightException.class,
                () -> sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(30)));
        assertEquals("AWS.SimpleQueueService.MessageNotInflight", e.awsErrorDetails().errorCode());
    }

    @Test
    void changeMessageVisibilityAbove43200IsInvalid() {
        String queue = queue();
        send(queue, "too long");
        Message message = receiveOne(queue);
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(43_201)));
        // The rejected change left the message in flight with its original timeout.
        assertTrue(receive(queue, 10).isEmpty());
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(43_000));
        advanceSeconds(42_990);
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(11);
        assertEquals(message.messageId(), receiveOne(queue).messageId());
    }

    @Test
    void changeMessageVisibilityTwelveHourCapIsMeasuredFromReceive() {
        String queue = queue();
        send(queue, "twelve hours");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(43_200));
        advanceSeconds(3_600);
        // 11 h are left of the 12 h since the receive: 40000 s from now would end past them.
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(40_000)));
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                .visibilityTimeout(39_000));
        advanceSeconds(38_990);
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(11);
        assertEquals(message.messageId(), receiveOne(queue).messageId());
    }

    @Test
    void receiveVisibilityTimeoutAbove43200IsInvalid() {
        String queue = queue();
        send(queue, "x");
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().receiveMessage(b -> b.queueUrl(queue).visibilityTimeout(43_201)));
    }

    // ---- receipt handles ---------------------------------------------------------------------

    @Test
    void receiptHandleIsNewOnEveryReceive() {
        String queue = queue();
        send(queue, "handles");
        Set<String> handles = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            handles.add(receiveOne(queue, b -> b.visibilityTimeout(0)).receiptHandle());
        }
        assertEquals(3, handles.size(), "three receives, three receipt handles");
    }

    @Test
    void deleteWithGarbageReceiptHandleIsInvalid() {
        String queue = queue();
        send(queue, "keep me");
        ReceiptHandleIsInvalidException e = assertThrows(ReceiptHandleIsInvalidException.class,
                () -> sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(GARBAGE_HANDLE)));
        assertEquals(RECEIPT_HANDLE_IS_INVALID, e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void changeMessageVisibilityWithGarbageReceiptHandleIsInvalid() {
        String queue = queue();
        ReceiptHandleIsInvalidException e = assertThrows(ReceiptHandleIsInvalidException.class,
                () -> sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(GARBAGE_HANDLE)
                        .visibilityTimeout(10)));
        assertEquals(RECEIPT_HANDLE_IS_INVALID, e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    @Test
    void deleteWithLatestReceiptHandleRemovesMessage() {
        String queue = queue();
        send(queue, "latest");
        Message first = receiveOne(queue, b -> b.visibilityTimeout(5));
        advanceSeconds(6);
        Message second = receiveOne(queue, b -> b.visibilityTimeout(5));
        assertEquals(first.messageId(), second.messageId());
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(second.receiptHandle()));
        advanceSeconds(6);
        assertTrue(receive(queue, 10).isEmpty());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void deleteWithStaleReceiptHandleIsAccepted() {
        String queue = queue();
        send(queue, "stale");
        Message first = receiveOne(queue, b -> b.visibilityTimeout(5));
        advanceSeconds(6);
        receiveOne(queue, b -> b.visibilityTimeout(5));
        // AWS: a handle from an earlier receive is a well-formed handle; the request succeeds.
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(first.receiptHandle()));
    }

    @Test
    void deleteOfAlreadyDeletedMessageIsAccepted() {
        String queue = queue();
        send(queue, "twice");
        Message message = receiveOne(queue);
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    // ---- delays ------------------------------------------------------------------------------

    @Test
    void queueDelaySecondsDelaysEveryMessage() {
        String queue = queue(Map.of(QueueAttributeName.DELAY_SECONDS, "30"));
        send(queue, "delayed");
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(29);
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(2);
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals("delayed", receiveOne(queue).body());
    }

    @Test
    void perMessageDelaySecondsDelaysThatMessage() {
        String queue = queue();
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("later").delaySeconds(60));
        send(queue, "now");
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        List<Message> received = receive(queue, 10);
        assertEquals(List.of("now"), bodies(received));
        advanceSeconds(61);
        assertEquals("later", receiveOne(queue).body());
    }

    @Test
    void perMessageDelaySecondsOverridesQueueDelay() {
        String queue = queue(Map.of(QueueAttributeName.DELAY_SECONDS, "600"));
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("immediate").delaySeconds(0));
        assertEquals("immediate", receiveOne(queue).body(), "DelaySeconds=0 on the message wins over the queue's");
    }

    @Test
    void queueDelayChangeIsNotRetroactiveOnStandardQueues() {
        String queue = queue(Map.of(QueueAttributeName.DELAY_SECONDS, "60"));
        send(queue, "sent while the delay was 60 s");
        sqs().setQueueAttributes(b -> b.queueUrl(queue).attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "0")));
        send(queue, "sent after");
        assertEquals(List.of("sent after"), bodies(receive(queue, 10)));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Test
    void messageDelaySecondsMaximumIs900() {
        String queue = queue();
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("max").delaySeconds(900));
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("too late").delaySeconds(901)));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        advanceSeconds(901);
        assertEquals("max", receiveOne(queue).body());
    }

    // ---- long polling ------------------------------------------------------------------------

    @Test
    void longPollReturnsAsSoonAsMessageArrives() throws Exception {
        String queue = queue();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            sleep(300);
            send(queue, "wake up");
        });
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(10)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sender.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("wake up"), bodies(received));
        assertTrue(elapsed < 4_000, "returned " + elapsed + " ms after the start of a 10 s wait");
    }

    @Test
    void longPollReturnsDelayedMessageWhenItBecomesVisible() {
        String queue = queue();
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("soon").delaySeconds(1));
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of("soon"), bodies(received));
        assertTrue(elapsed < 4_000, "returned " + elapsed + " ms after the start of a 5 s wait");
    }

    @Test
    void longPollReturnsMessageReleasedByChangeMessageVisibility() throws Exception {
        String queue = queue();
        send(queue, "released");
        Message message = receiveOne(queue, b -> b.visibilityTimeout(600));
        CompletableFuture<Void> releaser = CompletableFuture.runAsync(() -> {
            sleep(300);
            sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
        });
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        releaser.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("released"), bodies(received));
        assertTrue(elapsed < 4_000, "returned " + elapsed + " ms after the start of a 5 s wait");
    }

    @Test
    void longPollReturnsEmptyAfterWaitWhenNothingArrives() {
        String queue = queue();
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(received.isEmpty());
        assertTrue(elapsed >= 900, "waited only " + elapsed + " ms of WaitTimeSeconds=1");
        assertTrue(elapsed < 5_000, "waited " + elapsed + " ms for WaitTimeSeconds=1");
    }

    @Test
    void queueReceiveMessageWaitTimeSecondsAppliesWhenRequestOmitsIt() throws Exception {
        String queue = queue(Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "2"));
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            sleep(300);
            send(queue, "waited for");
        });
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sender.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("waited for"), bodies(received),
                "the queue's 2 s wait makes the receive wait for the message sent after 300 ms");
        assertTrue(elapsed < 1_900, "returned " + elapsed + " ms after the start, not at the end of the wait");
    }

    @Test
    void requestWaitTimeSecondsZeroOverridesQueueWait() {
        String queue = queue(Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20"));
        long start = System.nanoTime();
        List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(0)).messages();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(received.isEmpty());
        assertTrue(elapsed < 2_000, "a short poll took " + elapsed + " ms");
    }

    @Test
    void waitTimeSecondsAbove20IsInvalid() {
        String queue = queue();
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(21)));
    }

    // ---- MaxNumberOfMessages -----------------------------------------------------------------

    @Test
    void maxNumberOfMessagesZeroIsInvalid() {
        String queue = queue();
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(0)));
    }

    @Test
    void maxNumberOfMessagesElevenIsInvalid() {
        String queue = queue();
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(11)));
    }

    @Test
    void receiveReturnsOneMessageByDefault() {
        String queue = queue();
        for (int i = 0; i < 3; i++) {
            send(queue, "m" + i);
        }
        assertEquals(1, sqs().receiveMessage(b -> b.queueUrl(queue)).messages().size());
    }

    @Test
    void receiveReturnsUpToTenMessages() {
        String queue = queue();
        sendBatch(queue, 10, "a");
        sendBatch(queue, 5, "b");
        Set<String> ids = new HashSet<>();
        boolean sawSeveral = false;
        for (int attempt = 0; attempt < 20 && ids.size() < 15; attempt++) {
            List<Message> received = sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            assertTrue(received.size() <= 10, "got " + received.size());
            sawSeveral |= received.size() > 1;
            for (Message m : received) {
                assertTrue(ids.add(m.messageId()), "in flight, so not received twice: " + m.messageId());
            }
        }
        assertEquals(15, ids.size());
        assertTrue(sawSeveral, "MaxNumberOfMessages=10 returned one message at a time");
    }

    // ---- retention and size ------------------------------------------------------------------

    @Test
    void messageRetentionPeriodExpiresMessages() {
        String queue = queue(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
        send(queue, "short-lived");
        send(queue, "in flight when it expires");
        receiveOne(queue, b -> b.visibilityTimeout(600));
        advanceSeconds(59);
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        advanceSeconds(2);
        assertTrue(receive(queue, 10).isEmpty());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        advanceSeconds(600);
        assertTrue(receive(queue, 10).isEmpty(), "the in-flight message expired too");
    }

    @Test
    void maximumMessageSizeIsEnforced() {
        String queue = queue(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
        send(queue, "x".repeat(1024));
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400, () -> send(queue, "x".repeat(1025)));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void maximumMessageSizeCountsUtf8Bytes() {
        String queue = queue(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
        // 513 two-byte characters: 513 characters but 1026 bytes.
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400, () -> send(queue, "é".repeat(513)));
        send(queue, "é".repeat(512));
    }

    @Test
    void messageAttributesCountTowardMaximumMessageSize() {
        String queue = queue(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(1000))
                        .messageAttributes(Map.of("attribute", string("y".repeat(100))))));
    }

    @Test
    void defaultMaximumMessageSizeIsOneMebibyte() {
        String queue = queue();
        SendMessageResponse sent = send(queue, "x".repeat(1_048_576));
        assertNotNull(sent.messageId());
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400, () -> send(queue, "x".repeat(1_048_577)));
        Message message = receiveOne(queue);
        assertEquals(1_048_576, message.body().length());
    }

    @Test
    void invalidCharactersInBodyAreRejected() {
        String queue = queue();
        InvalidMessageContentsException e = assertThrows(InvalidMessageContentsException.class,
                () -> send(queue, "bad \u0000 char"));
        assertEquals("InvalidMessageContents", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertThrows(InvalidMessageContentsException.class, () -> send(queue, "bell \u0007"));
        assertThrows(InvalidMessageContentsException.class, () -> send(queue, "non-character \uFFFF"));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void emptyBodyIsMissingParameter() {
        String queue = queue();
        assertSqsError(SqsException.class, MISSING_PARAMETER, 400, () -> send(queue, ""));
    }

    // ---- batches -----------------------------------------------------------------------------

    @Test
    void sendMessageBatchReportsPerEntryResults() {
        String queue = queue();
        Map<String, MessageAttributeValue> attributes = Map.of("attribName1", string("attribValue 1"));
        SendMessageBatchResponse response = sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("ok-1").messageBody("Test message.")
                        .messageAttributes(attributes).build(),
                SendMessageBatchRequestEntry.builder().id("bad").messageBody("too late").delaySeconds(901).build(),
                SendMessageBatchRequestEntry.builder().id("ok_2").messageBody("second").build()));

        assertEquals(1, response.failed().size(), "failed: " + response.failed());
        BatchResultErrorEntry failure = response.failed().get(0);
        assertEquals("bad", failure.id());
        assertTrue(failure.senderFault());
        assertEquals(INVALID_PARAMETER_VALUE, failure.code());

        Map<String, SendMessageBatchResultEntry> ok = new HashMap<>();
        response.successful().forEach(entry -> ok.put(entry.id(), entry));
        assertEquals(Set.of("ok-1", "ok_2"), ok.keySet());
        assertEquals("e4e68fb7bd0e697a0ae8f1bb342846b3", ok.get("ok-1").md5OfMessageBody());
        assertEquals("19e27d4e946b072f3f58da80d94fd778", ok.get("ok-1").md5OfMessageAttributes());
        assertEquals(md5Hex("second".getBytes(StandardCharsets.UTF_8)), ok.get("ok_2").md5OfMessageBody());
        assertNotEquals(ok.get("ok-1").messageId(), ok.get("ok_2").messageId());

        List<Message> received = receiveAll(queue, 2);
        assertEquals(Set.of(ok.get("ok-1").messageId(), ok.get("ok_2").messageId()),
                Set.copyOf(received.stream().map(Message::messageId).toList()));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                "the failed entry was not stored");
    }

    @Test
    void sendMessageBatchEntryWithInvalidCharactersFailsAlone() {
        String queue = queue();
        SendMessageBatchResponse response = sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("good").messageBody("fine").build(),
                SendMessageBatchRequestEntry.builder().id("evil").messageBody("nul \u0000").build()));
        assertEquals(List.of("good"), response.successful().stream().map(SendMessageBatchResultEntry::id).toList());
        assertEquals(1, response.failed().size());
        assertEquals("evil", response.failed().get(0).id());
        assertEquals("InvalidMessageContents", response.failed().get(0).code());
        assertTrue(response.failed().get(0).senderFault());
    }

    @Test
    void sendMessageBatchHonoursPerEntryDelay() {
        String queue = queue();
        sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("now").messageBody("now").build(),
                SendMessageBatchRequestEntry.builder().id("later").messageBody("later").delaySeconds(60).build()));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        List<Message> now = receive(queue, 10);
        assertEquals(List.of("now"), bodies(now));
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(now.get(0).receiptHandle()));
        advanceSeconds(61);
        assertEquals(List.of("later"), bodies(receive(queue, 10)));
    }

    @Test
    void deleteMessageBatchReportsPerEntryResults() {
        String queue = queue();
        sendBatch(queue, 2, "del");
        List<Message> received = receiveAll(queue, 2);
        DeleteMessageBatchResponse response = sqs().deleteMessageBatch(b -> b.queueUrl(queue).entries(
                DeleteMessageBatchRequestEntry.builder().id("a").receiptHandle(received.get(0).receiptHandle()).build(),
                DeleteMessageBatchRequestEntry.builder().id("junk").receiptHandle(GARBAGE_HANDLE).build(),
                DeleteMessageBatchRequestEntry.builder().id("b").receiptHandle(received.get(1).receiptHandle())
                        .build()));
        assertEquals(Set.of("a", "b"), Set.copyOf(response.successful().stream().map(e -> e.id()).toList()));
        assertEquals(1, response.failed().size());
        BatchResultErrorEntry failure = response.failed().get(0);
        assertEquals("junk", failure.id());
        assertTrue(failure.senderFault());
        assertEquals(RECEIPT_HANDLE_IS_INVALID, failure.code());

        advanceSeconds(31);
        assertTrue(receive(queue, 10).isEmpty());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void changeMessageVisibilityBatchReportsPerEntryResults() {
        String queue = queue();
        sendBatch(queue, 2, "cmv");
        List<Message> received = receiveAll(queue, 2);
        Message released = received.get(0);
        Message kept = received.get(1);
        ChangeMessageVisibilityBatchResponse response = sqs().changeMessageVisibilityBatch(b -> b.queueUrl(queue)
                .entries(ChangeMessageVisibilityBatchRequestEntry.builder().id("release")
                                .receiptHandle(released.receiptHandle()).visibilityTimeout(0).build(),
                        ChangeMessageVisibilityBatchRequestEntry.builder().id("junk")
                                .receiptHandle(GARBAGE_HANDLE).visibilityTimeout(0).build(),
                        ChangeMessageVisibilityBatchRequestEntry.builder().id("too-long")
                                .receiptHandle(kept.receiptHandle()).visibilityTimeout(43_201).build(),
                        ChangeMessageVisibilityBatchRequestEntry.builder().id("extend")
                                .receiptHandle(kept.receiptHandle()).visibilityTimeout(600).build()));
        assertEquals(Set.of("release", "extend"),
                Set.copyOf(response.successful().stream().map(e -> e.id()).toList()));
        Map<String, BatchResultErrorEntry> failed = new HashMap<>();
        response.failed().forEach(f -> failed.put(f.id(), f));
        assertEquals(Set.of("junk", "too-long"), failed.keySet());
        assertEquals(RECEIPT_HANDLE_IS_INVALID, failed.get("junk").code());
        assertTrue(failed.get("junk").senderFault());
        assertEquals(INVALID_PARAMETER_VALUE, failed.get("too-long").code());
        assertTrue(failed.get("too-long").senderFault());

        assertEquals(List.of(released.messageId()), receive(queue, 10).stream().map(Message::messageId).toList(),
                "only the released message is visible");
        advanceSeconds(31);
        assertTrue(receive(queue, 10).stream().noneMatch(m -> m.messageId().equals(kept.messageId())),
                "the extended message stays hidden past the queue default");
    }

    @Test
    void emptySendBatchIsRejected() {
        String queue = queue();
        EmptyBatchRequestException e = assertThrows(EmptyBatchRequestException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(List.of())));
        assertEquals("AWS.SimpleQueueService.EmptyBatchRequest", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void emptyDeleteAndChangeVisibilityBatchesAreRejected() {
        String queue = queue();
        assertThrows(EmptyBatchRequestException.class,
                () -> sqs().deleteMessageBatch(b -> b.queueUrl(queue).entries(List.of())));
        assertThrows(EmptyBatchRequestException.class,
                () -> sqs().changeMessageVisibilityBatch(b -> b.queueUrl(queue).entries(List.of())));
    }

    @Test
    void elevenEntryBatchIsTooMany() {
        String queue = queue();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("b" + i).build());
        }
        TooManyEntriesInBatchRequestException e = assertThrows(TooManyEntriesInBatchRequestException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries)));
        assertEquals("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "nothing was sent");

        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(GARBAGE_HANDLE).build());
        }
        assertThrows(TooManyEntriesInBatchRequestException.class,
                () -> sqs().deleteMessageBatch(b -> b.queueUrl(queue).entries(deletes)));
    }

    @Test
    void batchEntryIdsMustBeDistinct() {
        String queue = queue();
        BatchEntryIdsNotDistinctException e = assertThrows(BatchEntryIdsNotDistinctException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                        SendMessageBatchRequestEntry.builder().id("same").messageBody("one").build(),
                        SendMessageBatchRequestEntry.builder().id("same").messageBody("two").build())));
        assertEquals("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "nothing was sent");
    }

    @Test
    void batchEntryIdWithSpaceIsInvalid() {
        String queue = queue();
        InvalidBatchEntryIdException e = assertThrows(InvalidBatchEntryIdException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                        SendMessageBatchRequestEntry.builder().id("has space").messageBody("one").build())));
        assertEquals("AWS.SimpleQueueService.InvalidBatchEntryId", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertThrows(InvalidBatchEntryIdException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                        SendMessageBatchRequestEntry.builder().id("x".repeat(81)).messageBody("one").build())));
        sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("x".repeat(80)).messageBody("one").build()));
    }

    @Test
    void batchOverOneMebibyteIsTooLong() {
        String queue = queue();
        String body = "x".repeat(110 * 1024);
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("big" + i).messageBody(body).build());
        }
        BatchRequestTooLongException e = assertThrows(BatchRequestTooLongException.class,
                () -> sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries)));
        assertEquals("AWS.SimpleQueueService.BatchRequestTooLong", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "nothing was sent");

        // Nine of them (990 KiB) fit.
        SendMessageBatchResponse ok = sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries.subList(0, 9)));
        assertEquals(9, ok.successful().size());
    }

    // ---- counts and purge --------------------------------------------------------------------

    @Test
    void approximateCountsFollowSendReceiveAndDelete() {
        String queue = queue();
        send(queue, "one");
        send(queue, "two");
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("three").delaySeconds(120));
        assertCounts(queue, 2, 0, 1);

        Message message = receiveOne(queue);
        assertCounts(queue, 1, 1, 1);

        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
        assertCounts(queue, 1, 0, 1);

        advanceSeconds(121);
        assertCounts(queue, 2, 0, 0);
    }

    @Test
    void purgeQueueEmptiesQueue() {
        String queue = queue();
        sendBatch(queue, 3, "p");
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("delayed").delaySeconds(60));
        receiveOne(queue, b -> b.visibilityTimeout(5));
        assertCounts(queue, 2, 1, 1);

        sqs().purgeQueue(b -> b.queueUrl(queue));
        assertCounts(queue, 0, 0, 0);
        advanceSeconds(61);
        assertTrue(receive(queue, 10).isEmpty(), "visible, in-flight and delayed messages are all gone");

        send(queue, "after purge");
        assertEquals("after purge", receiveOne(queue).body(), "the queue still works after a purge");
    }

    // ---- dead-letter queues ------------------------------------------------------------------

    @Test
    void messageExceedingMaxReceiveCountMovesToDeadLetterQueue() {
        String dlq = queue();
        String dlqArn = arn(dlq);
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn, 2)));
        String sourceArn = arn(source);
        SendMessageResponse sent = sqs().sendMessage(b -> b.queueUrl(source).messageBody("poison")
                .messageAttributes(Map.of("kind", string("poison"))));

        assertEquals(sent.messageId(), receiveOne(source).messageId());
        advanceSeconds(6);
        assertEquals(sent.messageId(), receiveOne(source).messageId());
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty(), "the third receive moves it to the dead-letter queue");
        assertEquals(0, count(source, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(source, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertEquals(1, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));

        Message dead = receiveOne(dlq, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All"));
        assertEquals(sent.messageId(), dead.messageId());
        assertEquals("poison", dead.body());
        assertEquals(sent.md5OfMessageBody(), dead.md5OfBody());
        assertEquals(sourceArn, dead.attributesAsStrings().get("DeadLetterQueueSourceArn"));
        assertEquals("poison", dead.messageAttributes().get("kind").stringValue());
        assertEquals(sent.md5OfMessageAttributes(), dead.md5OfMessageAttributes());
    }

    @Test
    void deletedMessageBeforeMaxReceiveCountStaysOutOfDeadLetterQueue() {
        String dlq = queue();
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(arn(dlq), 1)));
        send(source, "handled");
        Message message = receiveOne(source);
        sqs().deleteMessage(b -> b.queueUrl(source).receiptHandle(message.receiptHandle()));
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty());
        assertEquals(0, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * AWS (SQS developer guide, "Setting-up dead-letter queue retention"): for standard queues the
     * expiration is based on the original enqueue timestamp, unchanged by the move to the DLQ.
     */
    @Test
    void deadLetterQueueRetentionCountsFromOriginalSendOnStandardQueues() {
        String dlq = queue(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "120"));
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "100",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(arn(dlq), 1)));
        send(source, "aging");
        receiveOne(source);
        advanceSeconds(101);
        assertTrue(receive(source, 10).isEmpty(), "moved to the dead-letter queue");
        assertEquals(1, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        advanceSeconds(20); // 121 s after the send, 20 s after the move
        assertEquals(0, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertTrue(receive(dlq, 10).isEmpty());
    }

    /** Same guide page: "For FIFO queues, the enqueue timestamp resets when the message is moved to a DLQ." */
    @Test
    void fifoDeadLetterQueueRetentionCountsFromTheMove() {
        String dlq = fifoQueue(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "120"));
        String source = fifoQueue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "100",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(arn(dlq), 1)));
        fifoSend(source, "aging", "g", "d");
        receiveOne(source);
        advanceSeconds(101);
        assertTrue(receive(source, 10).isEmpty(), "moved to the dead-letter queue");
        advanceSeconds(60); // 161 s after the send, 60 s after the move
        assertEquals(List.of("aging"), bodies(receive(dlq, 10)),
                "the FIFO dead-letter queue's 120 s retention counts from the move");
    }

    /**
     * AWS (SQS developer guide, dead-letter queue redrive): "When a message is moved from a FIFO queue to
     * a FIFO DLQ, the original message's deduplication ID will be replaced with the original message's
     * ID", so that the DLQ's deduplication never drops independent messages that shared an id.
     */
    @Test
    void fifoDeadLetterQueueDoesNotDeduplicateIndependentMessages() {
        String dlq = fifoQueue(Map.of());
        String source = fifoQueue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(arn(dlq), 1)));
        SendMessageResponse first = fifoSend(source, "in g1", "g1", "shared");
        SendMessageResponse second = fifoSend(source, "in g2", "g2", "shared");
        assertEquals(2, receive(source, 10).size());
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty(), "both moved to the dead-letter queue");

        Map<String, Message> dead = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            receive(dlq, 10, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .forEach(m -> dead.put(m.messageId(), m));
        }
        assertEquals(Set.of(first.messageId(), second.messageId()), dead.keySet(),
                "both messages reach the dead-letter queue");
        for (Message m : dead.values()) {
            assertEquals(m.messageId(), m.attributesAsStrings().get("MessageDeduplicationId"));
        }
    }

    @Test
    void messageAttributesAndTraceHeaderSurviveDeadLettering() {
        String dlq = queue();
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(arn(dlq), 1)));
        String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
        sqs().sendMessage(b -> b.queueUrl(source).messageBody("traced")
                .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue("7")
                        .build()))
                .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType("String").stringValue(trace).build())));
        receiveOne(source);
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty());
        Message dead = receiveOne(dlq, b -> b.messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER));
        assertEquals("7", dead.messageAttributes().get("n").stringValue());
        assertEquals(trace, dead.attributesAsStrings().get("AWSTraceHeader"));
    }

    // ---- FIFO --------------------------------------------------------------------------------

    @Test
    void fifoRequiresMessageGroupId() {
        String queue = fifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        assertSqsError(SqsException.class, MISSING_PARAMETER, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("no group").messageDeduplicationId("d")));
    }

    @Test
    void fifoRequiresDeduplicationIdWithoutContentBasedDeduplication() {
        String queue = fifoQueue(Map.of());
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("no dedup").messageGroupId("g")));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void standardQueueRejectsMessageDeduplicationId() {
        String queue = queue();
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("x").messageDeduplicationId("d")));
    }

    @Test
    void aFairQueueServesAQuietTenantBeforeANoisyTenantsBacklog() {
        String queue = queue();
        for (int batch = 0; batch < 50; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("n" + i).messageBody("noisy-" + (batch * 10 + i))
                        .messageGroupId("noisy-tenant").build());
            }
            sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
        }
        for (int i = 0; i < 5; i++) {
            String body = "quiet-" + i;
            sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body).messageGroupId("quiet-tenant"));
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            receive(queue, 10).forEach(m -> bodies.add(m.body()));
        }
        assertEquals(5, bodies.stream().filter(body -> body.startsWith("quiet-")).count(),
                "the quiet tenant's messages in the first two receives: " + bodies);
    }

    @Test
    void fifoSendMessageBatchEntryWithoutGroupFailsAlone() {
        String queue = fifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        SendMessageBatchResponse response = sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("grouped").messageBody("one").messageGroupId("g").build(),
                SendMessageBatchRequestEntry.builder().id("loose").messageBody("two").build()));
        assertEquals(List.of("grouped"), response.successful().stream().map(SendMessageBatchResultEntry::id).toList());
        assertNotNull(response.successful().get(0).sequenceNumber());
        assertEquals(1, response.failed().size());
        assertEquals("loose", response.failed().get(0).id());
        assertEquals(MISSING_PARAMETER, response.failed().get(0).code());
        assertTrue(response.failed().get(0).senderFault());
    }

    @Test
    void fifoKeepsStrictOrderWithinGroup() {
        String queue = fifoQueue(Map.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String body = "m" + i;
            sent.add(body);
            fifoSend(queue, body, "g", "d" + i);
        }
        List<String> received = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && received.size() < sent.size(); attempt++) {
            List<Message> batch = receive(queue, 10);
            assertFalse(batch.isEmpty(), "the group is not blocked once its in-flight messages are deleted");
            for (Message m : batch) {
                received.add(m.body());
                sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(sent, received);
    }

    @Test
    void fifoGroupWithMessageInFlightIsBlocked() {
        String queue = fifoQueue(Map.of());
        fifoSend(queue, "a1", "A", "a1");
        fifoSend(queue, "a2", "A", "a2");
        fifoSend(queue, "b1", "B", "b1");
        fifoSend(queue, "b2", "B", "b2");

        Message first = receiveOne(queue, b -> b.messageSystemAttributeNames(
                MessageSystemAttributeName.MESSAGE_GROUP_ID));
        String firstGroup = first.attributesAsStrings().get("MessageGroupId");
        String otherGroup = firstGroup.equals("A") ? "B" : "A";
        assertEquals(firstGroup.toLowerCase() + "1", first.body());

        List<Message> second = receive(queue, 10, b -> b.messageSystemAttributeNames(
                MessageSystemAttributeName.MESSAGE_GROUP_ID));
        assertFalse(second.isEmpty(), "the other group is served while " + firstGroup + " is blocked");
        for (Message m : second) {
            assertEquals(otherGroup, m.attributesAsStrings().get("MessageGroupId"),
                    "nothing more of group " + firstGroup + " while one of its messages is in flight");
        }
        assertEquals(otherGroup.toLowerCase() + "1", second.get(0).body());
        assertTrue(receive(queue, 10).isEmpty(), "both groups are now blocked");

        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(first.receiptHandle()));
        List<Message> third = receive(queue, 10);
        assertEquals(List.of(firstGroup.toLowerCase() + "2"), bodies(third),
                "deleting the in-flight message unblocks its group");
    }

    @Test
    void fifoReceiveGetsNothingMoreFromGroupWithMessageInFlight() {
        String queue = fifoQueue(Map.of());
        fifoSend(queue, "first", "only-group", "1");
        fifoSend(queue, "second", "only-group", "2");
        assertEquals(List.of("first"), bodies(receive(queue, 1)));
        assertTrue(receive(queue, 10).isEmpty(), "the group's first message is in flight, so it is blocked");
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void fifoChangeVisibilityZeroRedeliversTheSameMessageFirst() {
        String queue = fifoQueue(Map.of());
        fifoSend(queue, "first", "g", "1");
        fifoSend(queue, "second", "g", "2");
        Message first = receiveOne(queue);
        assertEquals("first", first.body());
        sqs().changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(first.receiptHandle())
                .visibilityTimeout(0));
        List<String> again = bodies(receive(queue, 10));
        assertFalse(again.isEmpty());
        assertEquals(List.of("first", "second").subList(0, again.size()), again,
                "the released message comes back before the later one of its group");
    }

    @Test
    void fifoRedeliversExpiredMessageBeforeLaterOnesOfItsGroup() {
        String queue = fifoQueue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"));
        fifoSend(queue, "first", "g", "1");
        fifoSend(queue, "second", "g", "2");
        assertEquals("first", receiveOne(queue).body());
        advanceSeconds(6);
        List<Message> again = receive(queue, 1);
        assertEquals(List.of("first"), bodies(again), "order within the group holds across redelivery");
    }

    @Test
    void fifoDeduplicatesWithinFiveMinutes() {
        String queue = fifoQueue(Map.of());
        SendMessageResponse original = fifoSend(queue, "original", "g", "dup");
        SendMessageResponse duplicate = fifoSend(queue, "duplicate", "g", "dup");
        assertNotNull(duplicate.messageId(), "a duplicate is accepted");
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));

        List<Message> received = receive(queue, 10);
        assertEquals(List.of("original"), bodies(received));
        assertEquals(original.messageId(), received.get(0).messageId());
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(received.get(0).receiptHandle()));

        advanceSeconds(4 * 60);
        fifoSend(queue, "still a duplicate", "g", "dup");
        assertTrue(receive(queue, 10).isEmpty(), "4 min after the first send the id is still remembered");

        advanceSeconds(61 + 5);
        fifoSend(queue, "after the window", "g", "dup");
        assertEquals(List.of("after the window"), bodies(receive(queue, 10)));
    }

    @Test
    void fifoDeduplicationStillAppliesAfterDelete() {
        String queue = fifoQueue(Map.of());
        fifoSend(queue, "once", "g", "same-id");
        Message message = receiveOne(queue);
        sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
        fifoSend(queue, "once", "g", "same-id");
        assertTrue(receive(queue, 10).isEmpty(), "the deduplication id outlives the deleted message");
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void fifoContentBasedDeduplication() {
        String queue = fifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("same body").messageGroupId("g"));
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("same body").messageGroupId("g"));
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("other body").messageGroupId("g"));
        // Only the body counts: the same body with different attributes is still a duplicate.
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("same body").messageGroupId("g")
                .messageAttributes(Map.of("a", string("b"))));
        // An explicit id overrides the content-based one.
        sqs().sendMessage(b -> b.queueUrl(queue).messageBody("same body").messageGroupId("g")
                .messageDeduplicationId("explicit"));

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<Message> batch = receive(queue, 10, b -> b.messageSystemAttributeNames(
                    MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            for (Message m : batch) {
                bodies.add(m.body());
                assertNotNull(m.attributesAsStrings().get("MessageDeduplicationId"));
                sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(List.of("same body", "other body", "same body"), bodies);
    }

    @Test
    void fifoDeduplicationScopeQueueSpansGroups() {
        String queue = fifoQueue(Map.of());
        fifoSend(queue, "in g1", "g1", "shared");
        fifoSend(queue, "in g2", "g2", "shared");
        assertEquals(List.of("in g1"), bodies(receive(queue, 10)));
        assertTrue(receive(queue, 10).isEmpty());
    }

    @Test
    void fifoDeduplicationScopeMessageGroupIsPerGroup() {
        String queue = fifoQueue(Map.of(QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId"));
        fifoSend(queue, "in g1", "g1", "shared");
        fifoSend(queue, "in g2", "g2", "shared");
        fifoSend(queue, "again in g1", "g1", "shared");
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            receive(queue, 10).forEach(m -> bodies.add(m.body()));
        }
        assertEquals(Set.of("in g1", "in g2"), bodies);
    }

    @Test
    void fifoSequenceNumbersIncrease() {
        String queue = fifoQueue(Map.of());
        List<BigInteger> sequence = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SendMessageResponse sent = fifoSend(queue, "s" + i, i % 2 == 0 ? "even" : "odd", "s" + i);
            assertNotNull(sent.sequenceNumber(), "FIFO sends return a sequence number");
            sequence.add(new BigInteger(sent.sequenceNumber()));
        }
        SendMessageBatchResponse batch = sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("x").messageBody("x").messageGroupId("even")
                        .messageDeduplicationId("x").build(),
                SendMessageBatchRequestEntry.builder().id("y").messageBody("y").messageGroupId("even")
                        .messageDeduplicationId("y").build()));
        assertEquals(2, batch.successful().size());
        Map<String, String> byId = new HashMap<>();
        batch.successful().forEach(e -> byId.put(e.id(), e.sequenceNumber()));
        sequence.add(new BigInteger(byId.get("x")));
        sequence.add(new BigInteger(byId.get("y")));
        for (int i = 1; i < sequence.size(); i++) {
            assertTrue(sequence.get(i).compareTo(sequence.get(i - 1)) > 0, "not increasing: " + sequence);
        }
    }

    @Test
    void standardQueueSendHasNoSequenceNumber() {
        String queue = queue();
        assertNull(send(queue, "plain").sequenceNumber());
    }

    @Test
    void fifoPerMessageDelayIsInvalid() {
        String queue = fifoQueue(Map.of());
        assertSqsError(SqsException.class, INVALID_PARAMETER_VALUE, 400,
                () -> sqs().sendMessage(b -> b.queueUrl(queue).messageBody("delayed").messageGroupId("g")
                        .messageDeduplicationId("d").delaySeconds(5)));
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void fifoQueueDelaySecondsDelaysMessages() {
        String queue = fifoQueue(Map.of(QueueAttributeName.DELAY_SECONDS, "10"));
        fifoSend(queue, "delayed", "g", "d");
        assertEquals(1, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertTrue(receive(queue, 10).isEmpty());
        advanceSeconds(11);
        assertEquals(List.of("delayed"), bodies(receive(queue, 10)));
    }

    @Test
    void fifoReceiveRequestAttemptIdRepeatsTheSameReceive() {
        String queue = fifoQueue(Map.of());
        for (int i = 0; i < 3; i++) {
            fifoSend(queue, "r" + i, "g", "r" + i);
        }
        String attempt = "attempt-" + UUID.randomUUID();
        List<Message> first = receive(queue, 10, b -> b.receiveRequestAttemptId(attempt));
        assertFalse(first.isEmpty());
        List<Message> retried = receive(queue, 10, b -> b.receiveRequestAttemptId(attempt));
        assertEquals(first.stream().map(Message::messageId).toList(),
                retried.stream().map(Message::messageId).toList());
        assertEquals(first.stream().map(Message::receiptHandle).toList(),
                retried.stream().map(Message::receiptHandle).toList(), "the same receipt handles come back");
        assertTrue(receive(queue, 10, b -> b.receiveRequestAttemptId("other-" + UUID.randomUUID())).isEmpty(),
                "a new attempt id is a new receive: the group is in flight");
        // The repeated receipt handles are live.
        for (Message m : retried) {
            sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
        }
        assertEquals(0, count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void fifoSystemAttributesOnReceive() {
        String queue = fifoQueue(Map.of());
        SendMessageResponse sent = fifoSend(queue, "attrs", "group-1", "dedup-1");
        Message message = receiveOne(queue, b -> b.messageSystemAttributeNames(MessageSystemAttributeName.ALL));
        Map<String, String> system = message.attributesAsStrings();
        assertEquals("group-1", system.get("MessageGroupId"));
        assertEquals("dedup-1", system.get("MessageDeduplicationId"));
        assertEquals(sent.sequenceNumber(), system.get("SequenceNumber"));
        assertEquals("1", system.get("ApproximateReceiveCount"));

        Message named = receiveOneAfterRelease(queue, message, b -> b.messageSystemAttributeNames(
                MessageSystemAttributeName.SEQUENCE_NUMBER));
        assertEquals(Set.of("SequenceNumber"), named.attributesAsStrings().keySet());
    }

    // ---- message move tasks ------------------------------------------------------------------

    @Test
    void messageMoveTaskMovesDeadLettersBackToSource() throws Exception {
        DeadLetters setup = deadLetters(3);
        String handle = moveTaskCall(() -> sqs().startMessageMoveTask(b -> b.sourceArn(setup.dlqArn)).taskHandle());
        assertNotNull(handle);

        ListMessageMoveTasksResultEntry task = awaitTaskStatus(setup.dlqArn, "COMPLETED");
        assertEquals(setup.dlqArn, task.sourceArn());
        assertEquals(3L, task.approximateNumberOfMessagesMoved());
        assertNotNull(task.startedTimestamp());
        assertTrue(task.startedTimestamp() > 0);

        assertEquals(0, count(setup.dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        List<Message> back = receiveAll(setup.source, 3);
        assertEquals(Set.of("dead-0", "dead-1", "dead-2"), Set.copyOf(bodies(back)));
    }

    /**
     * AWS (SQS developer guide, "Learn how to configure a dead-letter queue redrive"): "The redrive task
     * resets the retention period. All redriven messages are considered new messages and are assigned a
     * new messageID and enqueueTime."
     */
    @Test
    void messageMoveTaskRedrivesAsNewMessages() throws Exception {
        DeadLetters setup = deadLetters(2);
        moveTaskCall(() -> sqs().startMessageMoveTask(b -> b.sourceArn(setup.dlqArn)));
        awaitTaskStatus(setup.dlqArn, "COMPLETED");
        List<Message> back = receiveAll(setup.source, 2);
        assertEquals(Set.of("dead-0", "dead-1"), Set.copyOf(bodies(back)));
        for (Message m : back) {
            assertFalse(setup.messageIds.contains(m.messageId()),
                    "a redriven message is a new message with a new MessageId: " + m.messageId());
        }
    }

    @Test
    void messageMoveTaskResetsRetentionPeriod() throws Exception {
        String dlq = queue();
        String dlqArn = arn(dlq);
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "120",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn, 1)));
        send(source, "old");
        receiveOne(source);
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty());
        assertEquals(1, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        advanceSeconds(94); // 100 s after the original send
        moveTaskCall(() -> sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn)));
        awaitTaskStatus(dlqArn, "COMPLETED");
        advanceSeconds(40); // 140 s after the original send, 40 s after the redrive
        assertEquals(List.of("old"), bodies(receive(source, 10)),
                "the redrive gave the message a new enqueue time, so the source's 120 s retention starts again");
    }

    @Test
    void messageMoveTaskToExplicitDestination() throws Exception {
        DeadLetters setup = deadLetters(2);
        String other = queue();
        String otherArn = arn(other);
        moveTaskCall(() -> sqs().startMessageMoveTask(b -> b.sourceArn(setup.dlqArn).destinationArn(otherArn)));
        ListMessageMoveTasksResultEntry task = awaitTaskStatus(setup.dlqArn, "COMPLETED");
        assertEquals(otherArn, task.destinationArn());
        assertEquals(2L, task.approximateNumberOfMessagesMoved());
        assertEquals(Set.of("dead-0", "dead-1"), Set.copyOf(bodies(receiveAll(other, 2))));
        assertEquals(0, count(setup.source, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void cancelMessageMoveTaskStopsTheMove() throws Exception {
        DeadLetters setup = deadLetters(6);
        String handle = moveTaskCall(() -> sqs().startMessageMoveTask(b -> b.sourceArn(setup.dlqArn)
                .maxNumberOfMessagesPerSecond(1)).taskHandle());
        ListMessageMoveTasksResultEntry running = moveTaskCall(() -> sqs().listMessageMoveTasks(b -> b
                .sourceArn(setup.dlqArn).maxResults(10)).results()).get(0);
        assertEquals("RUNNING", running.status());
        assertEquals(handle, running.taskHandle());
        assertEquals(6L, running.approximateNumberOfMessagesToMove());

        moveTaskCall(() -> sqs().cancelMessageMoveTask(b -> b.taskHandle(handle)));
        ListMessageMoveTasksResultEntry cancelled = awaitTaskStatus(setup.dlqArn, "CANCELLED");
        long moved = cancelled.approximateNumberOfMessagesMoved();
        assertTrue(moved < 6, "cancelled after moving " + moved + " of 6 at one message per second");
        sleep(1_500);
        assertEquals(6 - moved, count(setup.dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                "nothing more moves after the cancel");
    }

    @Test
    void messageMoveTaskFromQueueThatIsNoDeadLetterQueueIsInvalid() {
        String plain = queue();
        String plainArn = arn(plain);
        SqsException e = moveTaskError(SqsException.class,
                () -> sqs().startMessageMoveTask(b -> b.sourceArn(plainArn)));
        assertEquals(INVALID_PARAMETER_VALUE, e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void messageMoveTaskFromUnknownQueueIsNotFound() {
        String arn = "arn:aws:sqs:us-east-1:000000000000:no-such-queue-" + UUID.randomUUID().toString().substring(0, 8);
        ResourceNotFoundException e = moveTaskError(ResourceNotFoundException.class,
                () -> sqs().startMessageMoveTask(b -> b.sourceArn(arn)));
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    // ---- missing queues ----------------------------------------------------------------------

    @Test
    void sendToNonExistentQueueFails() {
        String missing = missingQueueUrl();
        QueueDoesNotExistException e = assertThrows(QueueDoesNotExistException.class, () -> send(missing, "lost"));
        assertEquals(NON_EXISTENT_QUEUE, e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void receiveFromNonExistentQueueFails() {
        String missing = missingQueueUrl();
        QueueDoesNotExistException e = assertThrows(QueueDoesNotExistException.class,
                () -> sqs().receiveMessage(b -> b.queueUrl(missing)));
        assertEquals(NON_EXISTENT_QUEUE, e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void sendToDeletedQueueFails() {
        String queue = queue();
        sqs().deleteQueue(b -> b.queueUrl(queue));
        assertThrows(QueueDoesNotExistException.class, () -> send(queue, "lost"));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private record DeadLetters(String source, String dlq, String dlqArn, List<String> messageIds) {
    }

    /** A source queue with maxReceiveCount=1 and a dead-letter queue holding {@code n} of its messages. */
    private DeadLetters deadLetters(int n) {
        String dlq = queue();
        String dlqArn = arn(dlq);
        String source = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn, 1)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(send(source, "dead-" + i).messageId());
        }
        assertEquals(n, receiveAll(source, n).size());
        advanceSeconds(6);
        assertTrue(receive(source, 10).isEmpty(), "past maxReceiveCount=1 they move to the dead-letter queue");
        assertEquals(n, count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        return new DeadLetters(source, dlq, dlqArn, ids);
    }

    /**
     * The SqsException a move task call fails with. Not assertThrows: a subclass skipping the call
     * aborts the test with an exception of its own, which must reach JUnit as it is.
     */
    private <E extends SqsException> E moveTaskError(Class<E> type, Supplier<?> call) {
        try {
            moveTaskCall(call);
        } catch (SqsException e) {
            assertTrue(type.isInstance(e), "expected " + type.getSimpleName() + " but got " + e);
            return type.cast(e);
        }
        return fail("expected " + type.getSimpleName());
    }

    private ListMessageMoveTasksResultEntry awaitTaskStatus(String sourceArn, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        ListMessageMoveTasksResultEntry last = null;
        while (System.nanoTime() < deadline) {
            List<ListMessageMoveTasksResultEntry> results = moveTaskCall(() -> sqs().listMessageMoveTasks(b -> b
                    .sourceArn(sourceArn).maxResults(10)).results());
            assertFalse(results.isEmpty(), "the started task is listed");
            last = results.get(0);
            if (status.equals(last.status())) {
                return last;
            }
            Thread.sleep(100);
        }
        fail("task did not reach " + status + ": " + last);
        return null;
    }

    protected String queue() {
        return queue(Map.of());
    }

    protected String queue(Map<QueueAttributeName, String> attributes) {
        String name = "msg-" + UUID.randomUUID().toString().substring(0, 8);
        return sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    protected String fifoQueue(Map<QueueAttributeName, String> attributes) {
        String name = "msg-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo";
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        all.put(QueueAttributeName.FIFO_QUEUE, "true");
        return sqs().createQueue(b -> b.queueName(name).attributes(all)).queueUrl();
    }

    protected String arn(String queueUrl) {
        return sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private String missingQueueUrl() {
        String base = SqsClients.endpoint().toString().replaceAll("/$", "");
        return base + "/000000000000/missing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String redrivePolicy(String dlqArn, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    }

    protected long count(String queueUrl, QueueAttributeName name) {
        return Long.parseLong(sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name))
                .attributes().get(name));
    }

    private void assertCounts(String queue, long visible, long notVisible, long delayed) {
        Map<QueueAttributeName, String> attributes = sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        assertEquals(List.of(visible, notVisible, delayed), List.of(
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))),
                "[visible, not visible, delayed]");
    }

    protected SendMessageResponse send(String queueUrl, String body) {
        return sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    private SendMessageResponse fifoSend(String queueUrl, String body, String group, String deduplicationId) {
        return sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(group)
                .messageDeduplicationId(deduplicationId));
    }

    private void sendWithAttributes(String queueUrl, Map<String, MessageAttributeValue> attributes) {
        SendMessageResponse sent = sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("attributes")
                .messageAttributes(attributes));
        assertEquals(md5OfAttributes(attributes), sent.md5OfMessageAttributes());
    }

    private void sendBatch(String queueUrl, int n, String prefix) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(prefix + i).messageBody(prefix + "-" + i).build());
        }
        SendMessageBatchResponse response = sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        assertEquals(n, response.successful().size(), "failed: " + response.failed());
    }

    private static Map<String, MessageAttributeValue> threeAttributes() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("foo.a", string("a-value"));
        attributes.put("foo.b", MessageAttributeValue.builder().dataType("Number").stringValue("42").build());
        attributes.put("bar", string("bar-value"));
        return attributes;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    protected List<Message> receive(String queueUrl, int max) {
        return receive(queueUrl, max, b -> { });
    }

    protected List<Message> receive(String queueUrl, int max,
                                    java.util.function.Consumer<ReceiveMessageRequest.Builder> options) {
        return sqs().receiveMessage(b -> {
            b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0);
            options.accept(b);
        }).messages();
    }

    private Message receiveOne(String queueUrl) {
        return receiveOne(queueUrl, b -> { });
    }

    private Message receiveOne(String queueUrl, java.util.function.Consumer<ReceiveMessageRequest.Builder> options) {
        List<Message> received = receive(queueUrl, 1, options);
        assertEquals(1, received.size(), "expected one message on " + queueUrl);
        return received.get(0);
    }

    private Message receiveOneAfterRelease(String queueUrl, Message inFlight,
                                           java.util.function.Consumer<ReceiveMessageRequest.Builder> options) {
        sqs().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(inFlight.receiptHandle())
                .visibilityTimeout(0));
        return receiveOne(queueUrl, options);
    }

    /** Receives until {@code n} messages are in hand (standard queues may return fewer per call). */
    private List<Message> receiveAll(String queueUrl, int n) {
        List<Message> all = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && all.size() < n; attempt++) {
            all.addAll(receive(queueUrl, 10));
        }
        assertEquals(n, all.size(), "messages received from " + queueUrl);
        return all;
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }

    protected void advanceSeconds(long seconds) {
        clock.advance(seconds * 1000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <E extends SqsException> E assertSqsError(Class<E> type, String code, int status,
                                                               Executable call) {
        E e = assertThrows(type, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), "error code of " + e);
        assertEquals(status, e.statusCode(), "HTTP status of " + e);
        return e;
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }

    /** MD5OfMessageAttributes as AWS documents it (and the SDKs check it). */
    static String md5OfAttributes(Map<String, MessageAttributeValue> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttributeValue> entry : new TreeMap<>(attributes).entrySet()) {
            MessageAttributeValue value = entry.getValue();
            lengthPrefixed(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, value.dataType().getBytes(StandardCharsets.UTF_8));
            if (value.stringValue() != null) {
                out.write(1);
                lengthPrefixed(out, value.stringValue().getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(2);
                lengthPrefixed(out, value.binaryValue().asByteArray());
            }
        }
        return md5Hex(out.toByteArray());
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
