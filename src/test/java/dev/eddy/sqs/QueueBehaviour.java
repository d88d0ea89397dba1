package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.common.EddyClock;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Black-box behaviour of the SQS queue-level operations (lifecycle, attributes, redrive, tags,
 * permissions), written once against the v2 {@link SqsClient} interface and run through every real
 * client Eddy supports. Each test makes its own uniquely named queues and asserts only what AWS
 * clients can see: returned fields, exception classes, error codes and HTTP statuses.
 */
abstract class QueueBehaviour {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";
    static final String NON_EXISTENT_QUEUE = "AWS.SimpleQueueService.NonExistentQueue";
    static final String QUEUE_ALREADY_EXISTS = "QueueAlreadyExists";
    static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    static final String INVALID_ATTRIBUTE_NAME = "InvalidAttributeName";
    static final String INVALID_ATTRIBUTE_VALUE = "InvalidAttributeValue";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EddyClock clock;

    /** The client under test, pointed at the running Eddy. */
    protected abstract SqsClient sqs();

    // =========================================================================================
    // CreateQueue / GetQueueUrl
    // =========================================================================================

    @Test
    void createQueueReturnsUrlEndingInAccountAndName() {
        String name = uniqueName();
        String url = createQueue(name);
        assertTrue(url.endsWith("/" + ACCOUNT + "/" + name), url);
        assertTrue(url.startsWith("http://") || url.startsWith("https://"), url);
    }

    @Test
    void getQueueUrlFindsCreatedQueue() {
        String name = uniqueName();
        String url = createQueue(name);
        assertEquals(url, sqs().getQueueUrl(r -> r.queueName(name)).queueUrl());
    }

    @Test
    void getQueueUrlWithOwnerAccountFindsCreatedQueue() {
        String name = uniqueName();
        String url = createQueue(name);
        assertEquals(url, sqs().getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(ACCOUNT)).queueUrl());
    }

    @Test
    void getQueueUrlWithOtherOwnerAccountIsQueueDoesNotExist() {
        String name = uniqueName();
        createQueue(name);
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId("111122223333")));
    }

    @Test
    void getQueueUrlOfMissingQueueIsQueueDoesNotExist() {
        String name = uniqueName();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void createQueueIsIdempotentWithEqualAttributes() {
        String name = uniqueName();
        Map<String, String> attributes = Map.of("VisibilityTimeout", "45", "DelaySeconds", "5");
        String first = createQueue(name, attributes);
        String second = createQueue(name, attributes);
        assertEquals(first, second);
        assertEquals("45", attributes(first, "VisibilityTimeout").get("VisibilityTimeout"));
    }

    @Test
    void createQueueIsIdempotentWithNoAttributesOnExistingQueue() {
        String name = uniqueName();
        String first = createQueue(name, Map.of("VisibilityTimeout", "45"));
        String second = createQueue(name);
        assertEquals(first, second);
        // The existing queue keeps its attributes.
        assertEquals("45", attributes(first, "VisibilityTimeout").get("VisibilityTimeout"));
    }

    @Test
    void createQueueIsIdempotentWhenGivenValuesEqualTheDefaults() {
        String name = uniqueName();
        String first = createQueue(name);
        String second = createQueue(name, Map.of("VisibilityTimeout", "30", "DelaySeconds", "0"));
        assertEquals(first, second);
    }

    @Test
    void createQueueWithDifferentAttributeValueIsQueueNameExists() {
        String name = uniqueName();
        String url = createQueue(name, Map.of("VisibilityTimeout", "45"));
        assertAwsError(QueueNameExistsException.class, QUEUE_ALREADY_EXISTS,
                () -> createQueue(name, Map.of("VisibilityTimeout", "46")));
        assertEquals("45", attributes(url, "VisibilityTimeout").get("VisibilityTimeout"));
    }

    @Test
    void createQueueWithNonDefaultValueOnDefaultQueueIsQueueNameExists() {
        String name = uniqueName();
        createQueue(name);
        assertAwsError(QueueNameExistsException.class, QUEUE_ALREADY_EXISTS,
                () -> createQueue(name, Map.of("DelaySeconds", "10")));
    }

    @Test
    void fifoCreateQueueIsIdempotentWithEqualAttributes() {
        String name = uniqueName() + ".fifo";
        Map<String, String> attributes = Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true");
        String first = createQueue(name, attributes);
        assertEquals(first, createQueue(name, attributes));
        assertEquals(first, createQueue(name, Map.of("FifoQueue", "true")));
        assertAwsError(QueueNameExistsException.class, QUEUE_ALREADY_EXISTS,
                () -> createQueue(name, Map.of("FifoQueue", "true", "ContentBasedDeduplication", "false")));
    }

    @Test
    void createQueueComparesWithCurrentAttributesAfterSetQueueAttributes() {
        String name = uniqueName();
        String url = createQueue(name, Map.of("VisibilityTimeout", "1", "ReceiveMessageWaitTimeSeconds", "1"));
        setAttributes(url, Map.of("VisibilityTimeout", "2", "ReceiveMessageWaitTimeSeconds", "2"));
        assertAwsError(QueueNameExistsException.class, QUEUE_ALREADY_EXISTS,
                () -> createQueue(name, Map.of("VisibilityTimeout", "1", "ReceiveMessageWaitTimeSeconds", "1")));
        assertEquals(url, createQueue(name, Map.of("VisibilityTimeout", "2", "ReceiveMessageWaitTimeSeconds", "2")));
        assertEquals(url, createQueue(name));
    }

    @Test
    void createQueueIsIdempotentAfterMessagesChangeCounts() {
        String name = uniqueName();
        String url = createQueue(name);
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("one"));
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("two").delaySeconds(5));
        assertEquals(url, createQueue(name));
        assertEquals(url, createQueue(name, Map.of("DelaySeconds", "0")));
    }

    @Test
    void createQueueWithInvalidAttributeValueCreatesNothing() {
        String name = uniqueName();
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> createQueue(name, Map.of("VisibilityTimeout", "43201")));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void createQueueWithUnknownAttributeIsInvalidAttributeName() {
        String name = uniqueName();
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> createQueue(name, Map.of("NoSuchAttribute", "1")));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void createQueueWithAttributesAppliesThem() {
        String url = createQueue(uniqueName(), Map.of("VisibilityTimeout", "45", "DelaySeconds", "7",
                "MaximumMessageSize", "4096", "MessageRetentionPeriod", "86400", "ReceiveMessageWaitTimeSeconds", "3"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("45", attributes.get("VisibilityTimeout"));
        assertEquals("7", attributes.get("DelaySeconds"));
        assertEquals("4096", attributes.get("MaximumMessageSize"));
        assertEquals("86400", attributes.get("MessageRetentionPeriod"));
        assertEquals("3", attributes.get("ReceiveMessageWaitTimeSeconds"));
    }

    // ---- names ------------------------------------------------------------------------------

    static Stream<String> invalidNames() {
        String id = shortId();
        return Stream.of(
                "bad name" + id,
                "a.b" + id,
                "a:b" + id,
                "a/b" + id,
                "a*b" + id,
                padded("q" + id, 81));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void createQueueWithInvalidNameIsInvalidParameterValue(String name) {
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE, () -> createQueue(name));
    }

    @Test
    void createQueueAcceptsEightyCharactersOfAlphanumericsHyphensAndUnderscores() {
        String name = padded("Q_-" + shortId(), 80);
        String url = createQueue(name);
        assertTrue(url.endsWith("/" + ACCOUNT + "/" + name), url);
        assertEquals(url, sqs().getQueueUrl(r -> r.queueName(name)).queueUrl());
    }

    @Test
    void createQueueAcceptsOneCharacterName() {
        // Single-character names are shared across test runs; CreateQueue is idempotent, so that is fine.
        String url = createQueue("x");
        assertTrue(url.endsWith("/" + ACCOUNT + "/x"), url);
        assertEquals(url, sqs().getQueueUrl(r -> r.queueName("x")).queueUrl());
        sqs().deleteQueue(r -> r.queueUrl(url));
    }

    @Test
    void queueNamesAreCaseSensitive() {
        String id = shortId();
        String upper = "Abc-" + id;
        String lower = "abc-" + id;
        String upperUrl = createQueue(upper, Map.of("VisibilityTimeout", "41"));
        String lowerUrl = createQueue(lower, Map.of("VisibilityTimeout", "42"));
        assertNotEquals(upperUrl, lowerUrl);
        assertEquals(upperUrl, sqs().getQueueUrl(r -> r.queueName(upper)).queueUrl());
        assertEquals(lowerUrl, sqs().getQueueUrl(r -> r.queueName(lower)).queueUrl());
        assertEquals("41", attributes(upperUrl, "VisibilityTimeout").get("VisibilityTimeout"));
        assertEquals("42", attributes(lowerUrl, "VisibilityTimeout").get("VisibilityTimeout"));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName("ABC-" + id)));
    }

    @Test
    void fifoQueueWithSuffixAndFifoQueueTrueIsCreated() {
        String name = uniqueName() + ".fifo";
        String url = createQueue(name, Map.of("FifoQueue", "true"));
        assertTrue(url.endsWith("/" + ACCOUNT + "/" + name), url);
        assertEquals("true", attributes(url, "FifoQueue").get("FifoQueue"));
    }

    @Test
    void fifoQueueNameMayBeEightyCharactersIncludingSuffix() {
        String name = padded("f" + shortId(), 75) + ".fifo";
        assertEquals(80, name.length());
        String url = createQueue(name, Map.of("FifoQueue", "true"));
        assertTrue(url.endsWith("/" + name), url);
    }

    @Test
    void fifoQueueNameOfEightyOneCharactersIsInvalidParameterValue() {
        String name = padded("f" + shortId(), 76) + ".fifo";
        assertEquals(81, name.length());
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> createQueue(name, Map.of("FifoQueue", "true")));
    }

    @Test
    void fifoQueueTrueWithoutSuffixIsInvalidParameterValue() {
        String name = uniqueName();
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> createQueue(name, Map.of("FifoQueue", "true")));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void fifoSuffixWithoutFifoQueueAttributeIsInvalidParameterValue() {
        String name = uniqueName() + ".fifo";
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE, () -> createQueue(name));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void fifoSuffixWithOtherAttributesButNoFifoQueueIsInvalidParameterValue() {
        String name = uniqueName() + ".fifo";
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> createQueue(name, Map.of("VisibilityTimeout", "40")));
    }

    // =========================================================================================
    // ListQueues
    // =========================================================================================

    @Test
    void listQueuesFiltersByPrefix() {
        String prefix = "lp-" + shortId();
        String a = createQueue(prefix + "-a");
        String b = createQueue(prefix + "-b");
        String other = createQueue("lq-" + shortId());
        ListQueuesResponse response = sqs().listQueues(r -> r.queueNamePrefix(prefix));
        assertEquals(Set.of(a, b), new HashSet<>(response.queueUrls()));
        assertFalse(response.queueUrls().contains(other));
    }

    @Test
    void listQueuesPrefixIsCaseSensitive() {
        String id = shortId();
        String upper = createQueue("LC-" + id);
        String lower = createQueue("lc-" + id);
        assertEquals(List.of(upper), sqs().listQueues(r -> r.queueNamePrefix("LC-" + id)).queueUrls());
        assertEquals(List.of(lower), sqs().listQueues(r -> r.queueNamePrefix("lc-" + id)).queueUrls());
    }

    @Test
    void listQueuesWithUnmatchedPrefixIsEmpty() {
        ListQueuesResponse response = sqs().listQueues(r -> r.queueNamePrefix("none-" + shortId()));
        assertTrue(response.queueUrls().isEmpty(), response.queueUrls().toString());
        assertNull(response.nextToken());
    }

    @Test
    void listQueuesPaginatesWithMaxResultsAndNextToken() {
        String prefix = "pg-" + shortId() + "-";
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(createQueue(prefix + i));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListQueuesResponse page = sqs().listQueues(r -> r.queueNamePrefix(prefix).maxResults(2).nextToken(next));
            assertTrue(page.queueUrls().size() <= 2, "page larger than MaxResults: " + page.queueUrls());
            pageSizes.add(page.queueUrls().size());
            seen.addAll(page.queueUrls());
            token = page.nextToken();
            assertTrue(++pages <= 5, "pagination does not end");
        } while (token != null);
        assertEquals(5, seen.size(), "every queue exactly once: " + seen);
        assertEquals(created, new HashSet<>(seen));
        assertEquals(List.of(2, 2, 1), pageSizes);
    }

    @Test
    void listQueuesWithMaxResultsCoveringAllHasNoNextToken() {
        String prefix = "pm-" + shortId() + "-";
        createQueue(prefix + "a");
        createQueue(prefix + "b");
        ListQueuesResponse response = sqs().listQueues(r -> r.queueNamePrefix(prefix).maxResults(2));
        assertEquals(2, response.queueUrls().size());
        assertNull(response.nextToken());
    }

    @Test
    void listQueuesWithoutMaxResultsHasNoNextToken() {
        String prefix = "pn-" + shortId() + "-";
        createQueue(prefix + "a");
        createQueue(prefix + "b");
        createQueue(prefix + "c");
        ListQueuesResponse response = sqs().listQueues(r -> r.queueNamePrefix(prefix));
        assertEquals(3, response.queueUrls().size());
        assertNull(response.nextToken());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void listQueuesWithMaxResultsOutOfRangeIsRejected(int maxResults) {
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> sqs().listQueues(r -> r.queueNamePrefix("x").maxResults(maxResults)));
    }

    @Test
    void listQueuesAcceptsMaxResultsBounds() {
        String prefix = "pb-" + shortId() + "-";
        String url = createQueue(prefix + "a");
        assertEquals(List.of(url), sqs().listQueues(r -> r.queueNamePrefix(prefix).maxResults(1)).queueUrls());
        assertEquals(List.of(url), sqs().listQueues(r -> r.queueNamePrefix(prefix).maxResults(1000)).queueUrls());
    }

    // =========================================================================================
    // DeleteQueue
    // =========================================================================================

    @Test
    void deleteQueueThenGetQueueUrlIsQueueDoesNotExist() {
        String name = uniqueName();
        String url = createQueue(name);
        sqs().deleteQueue(r -> r.queueUrl(url));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
        assertTrue(sqs().listQueues(r -> r.queueNamePrefix(name)).queueUrls().isEmpty());
    }

    @Test
    void deleteQueueTwiceIsQueueDoesNotExist() {
        String url = createQueue(uniqueName());
        sqs().deleteQueue(r -> r.queueUrl(url));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().deleteQueue(r -> r.queueUrl(url)));
    }

    @Test
    void deleteQueueLeavesOtherQueuesAlone() {
        String prefix = "dl-" + shortId() + "-";
        String doomed = createQueue(prefix + "a");
        String kept = createQueue(prefix + "b");
        sqs().deleteQueue(r -> r.queueUrl(doomed));
        assertEquals(List.of(kept), sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls());
    }

    @Test
    void deletedQueueCanBeRecreatedImmediately() {
        String name = uniqueName();
        String url = createQueue(name, Map.of("VisibilityTimeout", "45"));
        sqs().deleteQueue(r -> r.queueUrl(url));
        // Recreated with different attributes: a new queue, not the old one.
        String again = createQueue(name, Map.of("VisibilityTimeout", "50"));
        assertEquals(url, again);
        assertEquals("50", attributes(again, "VisibilityTimeout").get("VisibilityTimeout"));
    }

    @Test
    void recreatedQueueStartsEmpty() {
        String name = uniqueName();
        String url = createQueue(name);
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("old"));
        sqs().deleteQueue(r -> r.queueUrl(url));
        String again = createQueue(name);
        assertEquals("0", attributes(again, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
        assertTrue(sqs().receiveMessage(r -> r.queueUrl(again)).messages().isEmpty());
    }

    @Test
    void purgeQueueTwiceInARowWorks() {
        String url = createQueue(uniqueName());
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("one"));
        sqs().purgeQueue(r -> r.queueUrl(url));
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("two"));
        sqs().purgeQueue(r -> r.queueUrl(url));
        assertEquals("0", attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    // =========================================================================================
    // GetQueueAttributes
    // =========================================================================================

    @Test
    void getQueueAttributesAllReturnsDefaults() {
        String name = uniqueName();
        String url = createQueue(name);
        Map<String, String> attributes = allAttributes(url);
        assertEquals("0", attributes.get("DelaySeconds"));
        assertEquals("1048576", attributes.get("MaximumMessageSize"));
        assertEquals("345600", attributes.get("MessageRetentionPeriod"));
        assertEquals("0", attributes.get("ReceiveMessageWaitTimeSeconds"));
        assertEquals("30", attributes.get("VisibilityTimeout"));
        assertEquals("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name, attributes.get("QueueArn"));
        assertEquals("0", attributes.get("ApproximateNumberOfMessages"));
        assertEquals("0", attributes.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", attributes.get("ApproximateNumberOfMessagesDelayed"));
        assertTrue(attributes.containsKey("CreatedTimestamp"), attributes.toString());
        assertTrue(attributes.containsKey("LastModifiedTimestamp"), attributes.toString());
    }

    @Test
    void getQueueAttributesAllOmitsFifoAttributesAndUnsetPoliciesOnStandardQueue() {
        Map<String, String> attributes = allAttributes(createQueue(uniqueName()));
        for (String absent : List.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                "FifoThroughputLimit", "RedrivePolicy", "Policy", "KmsMasterKeyId")) {
            assertFalse(attributes.containsKey(absent), absent + " in " + attributes);
        }
    }

    @Test
    void timestampsAreEpochSecondsCloseToNow() {
        long before = clock.now() / 1000;
        Map<String, String> attributes = allAttributes(createQueue(uniqueName()));
        long after = clock.now() / 1000;
        long created = Long.parseLong(attributes.get("CreatedTimestamp"));
        long modified = Long.parseLong(attributes.get("LastModifiedTimestamp"));
        assertTrue(created >= before - 1 && created <= after + 1,
                "CreatedTimestamp " + created + " not within [" + before + ", " + after + "] (epoch seconds)");
        assertTrue(modified >= before - 1 && modified <= after + 1,
                "LastModifiedTimestamp " + modified + " not within [" + before + ", " + after + "] (epoch seconds)");
    }

    @Test
    void getQueueAttributesWithOneNameReturnsOnlyThatAttribute() {
        String url = createQueue(uniqueName(), Map.of("VisibilityTimeout", "44"));
        assertEquals(Map.of("VisibilityTimeout", "44"), attributes(url, "VisibilityTimeout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QueueArn", "ApproximateNumberOfMessages", "CreatedTimestamp", "DelaySeconds"})
    void getQueueAttributesWithOneReadOnlyOrSettableNameReturnsOnlyThatAttribute(String name) {
        Map<String, String> attributes = attributes(createQueue(uniqueName()), name);
        assertEquals(Set.of(name), attributes.keySet());
    }

    @Test
    void getQueueAttributesWithSeveralNamesReturnsThoseAttributes() {
        String name = uniqueName();
        String url = createQueue(name);
        Map<String, String> attributes = attributes(url, "QueueArn", "VisibilityTimeout", "DelaySeconds");
        assertEquals(Map.of("QueueArn", "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name,
                "VisibilityTimeout", "30", "DelaySeconds", "0"), attributes);
    }

    @Test
    void getQueueAttributesWithNoNamesReturnsNothing() {
        String url = createQueue(uniqueName());
        assertTrue(sqs().getQueueAttributes(r -> r.queueUrl(url)).attributesAsStrings().isEmpty());
    }

    @Test
    void getQueueAttributesWithUnsetOptionalAttributeReturnsNothing() {
        String url = createQueue(uniqueName());
        assertTrue(attributes(url, "RedrivePolicy").isEmpty());
    }

    @Test
    void getQueueAttributesWithUnknownNameIsInvalidAttributeName() {
        String url = createQueue(uniqueName());
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> attributes(url, "NoSuchAttribute"));
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> attributes(url, "VisibilityTimeout", "NoSuchAttribute"));
    }

    @Test
    void fifoQueueReportsFifoAttributes() {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("true", attributes.get("FifoQueue"));
        assertEquals("false", attributes.get("ContentBasedDeduplication"));
        assertEquals("queue", attributes.get("DeduplicationScope"));
        assertEquals("perQueue", attributes.get("FifoThroughputLimit"));
        assertEquals("30", attributes.get("VisibilityTimeout"));
    }

    @Test
    void fifoQueueCreatedWithFifoAttributesReportsThem() {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true",
                "ContentBasedDeduplication", "true", "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("true", attributes.get("ContentBasedDeduplication"));
        assertEquals("messageGroup", attributes.get("DeduplicationScope"));
        assertEquals("perMessageGroupId", attributes.get("FifoThroughputLimit"));
    }

    @Test
    void approximateCountsTrackMessages() {
        String url = createQueue(uniqueName());
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("visible"));
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("in flight"));
        sqs().sendMessage(r -> r.queueUrl(url).messageBody("delayed").delaySeconds(120));
        assertEquals(1, sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1)).messages().size());
        Map<String, String> counts = allAttributes(url);
        assertEquals("1", counts.get("ApproximateNumberOfMessages"));
        assertEquals("1", counts.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("1", counts.get("ApproximateNumberOfMessagesDelayed"));

        clock.advance(121_000);
        counts = allAttributes(url);
        assertEquals("3", counts.get("ApproximateNumberOfMessages"));
        assertEquals("0", counts.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", counts.get("ApproximateNumberOfMessagesDelayed"));

        sqs().purgeQueue(r -> r.queueUrl(url));
        assertEquals("0", attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    // =========================================================================================
    // SetQueueAttributes
    // =========================================================================================

    @ParameterizedTest
    @CsvSource({
            "DelaySeconds, 15",
            "DelaySeconds, 0",
            "DelaySeconds, 900",
            "MaximumMessageSize, 2048",
            "MaximumMessageSize, 1024",
            "MaximumMessageSize, 1048576",
            "MessageRetentionPeriod, 86400",
            "MessageRetentionPeriod, 60",
            "MessageRetentionPeriod, 1209600",
            "ReceiveMessageWaitTimeSeconds, 5",
            "ReceiveMessageWaitTimeSeconds, 20",
            "VisibilityTimeout, 45",
            "VisibilityTimeout, 0",
            "VisibilityTimeout, 43200",
            "SqsManagedSseEnabled, false",
            "SqsManagedSseEnabled, true",
    })
    void setQueueAttributesRoundTrips(String attribute, String value) {
        String url = createQueue(uniqueName());
        setAttributes(url, Map.of(attribute, value));
        assertEquals(value, attributes(url, attribute).get(attribute));
        assertEquals(value, allAttributes(url).get(attribute));
    }

    @Test
    void setQueueAttributesSetsSeveralAtOnce() {
        String url = createQueue(uniqueName());
        setAttributes(url, Map.of("VisibilityTimeout", "61", "DelaySeconds", "9", "ReceiveMessageWaitTimeSeconds", "2"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("61", attributes.get("VisibilityTimeout"));
        assertEquals("9", attributes.get("DelaySeconds"));
        assertEquals("2", attributes.get("ReceiveMessageWaitTimeSeconds"));
        assertEquals("1048576", attributes.get("MaximumMessageSize"), "untouched attributes keep their values");
    }

    @Test
    void kmsAttributesRoundTrip() {
        String url = createQueue(uniqueName());
        setAttributes(url, Map.of("KmsMasterKeyId", "testKeyId", "KmsDataKeyReusePeriodSeconds", "6000",
                "SqsManagedSseEnabled", "false"));
        assertEquals(Map.of("KmsMasterKeyId", "testKeyId", "KmsDataKeyReusePeriodSeconds", "6000",
                        "SqsManagedSseEnabled", "false"),
                attributes(url, "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"));
    }

    @Test
    void sqsManagedSseHasNoKmsAttributes() {
        String url = createQueue(uniqueName());
        setAttributes(url, Map.of("SqsManagedSseEnabled", "true"));
        assertEquals(Map.of("SqsManagedSseEnabled", "true"),
                attributes(url, "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"));
    }

    @Test
    void kmsAndSqsManagedSseTogetherAreRejected() {
        // AWS: "You can use one type of server-side encryption (SSE) at one time." (code InvalidAttributeName)
        String url = createQueue(uniqueName());
        Map<String, String> before = settableAttributes(url);
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, Map.of("KmsMasterKeyId", "testKeyId", "SqsManagedSseEnabled", "true")));
        assertEquals(before, settableAttributes(url));
    }

    @Test
    void policyRoundTrips() throws Exception {
        String name = uniqueName();
        String url = createQueue(name);
        String arn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
        String policy = "{\"Version\":\"2012-10-17\",\"Id\":\"p1\",\"Statement\":[{\"Sid\":\"s1\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"SQS:SendMessage\","
                + "\"Resource\":\"" + arn + "\"}]}";
        setAttributes(url, Map.of("Policy", policy));
        String returned = attributes(url, "Policy").get("Policy");
        assertNotNull(returned);
        assertEquals(JSON.readTree(policy), JSON.readTree(returned));
    }

    @Test
    void emptyPolicyValueRemovesPolicy() {
        String url = createQueue(uniqueName());
        setAttributes(url, Map.of("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        setAttributes(url, Map.of("Policy", ""));
        assertFalse(allAttributes(url).containsKey("Policy"));
    }

    @Test
    void redriveAllowPolicyRoundTrips() throws Exception {
        String url = createQueue(uniqueName());
        String source = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":src-" + shortId();
        setAttributes(url, Map.of("RedriveAllowPolicy",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + source + "\"]}"));
        JsonNode policy = JSON.readTree(attributes(url, "RedriveAllowPolicy").get("RedriveAllowPolicy"));
        assertEquals("byQueue", policy.path("redrivePermission").asText());
        assertEquals(1, policy.path("sourceQueueArns").size());
        assertEquals(source, policy.path("sourceQueueArns").get(0).asText());

        setAttributes(url, Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"));
        policy = JSON.readTree(attributes(url, "RedriveAllowPolicy").get("RedriveAllowPolicy"));
        assertEquals("denyAll", policy.path("redrivePermission").asText());
    }

    @Test
    void fifoAttributesRoundTripOnFifoQueue() {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        setAttributes(url, Map.of("ContentBasedDeduplication", "true"));
        assertEquals("true", attributes(url, "ContentBasedDeduplication").get("ContentBasedDeduplication"));
        setAttributes(url, Map.of("ContentBasedDeduplication", "false"));
        assertEquals("false", attributes(url, "ContentBasedDeduplication").get("ContentBasedDeduplication"));
        setAttributes(url, Map.of("DeduplicationScope", "messageGroup"));
        assertEquals("messageGroup", attributes(url, "DeduplicationScope").get("DeduplicationScope"));
        setAttributes(url, Map.of("FifoThroughputLimit", "perMessageGroupId"));
        assertEquals("perMessageGroupId", attributes(url, "FifoThroughputLimit").get("FifoThroughputLimit"));
        setAttributes(url, Map.of("FifoThroughputLimit", "perQueue", "DeduplicationScope", "queue"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("perQueue", attributes.get("FifoThroughputLimit"));
        assertEquals("queue", attributes.get("DeduplicationScope"));
        assertEquals("true", attributes.get("FifoQueue"));
    }

    @ParameterizedTest
    @CsvSource({
            "VisibilityTimeout, 43201",
            "VisibilityTimeout, -1",
            "VisibilityTimeout, abc",
            "DelaySeconds, 901",
            "DelaySeconds, -1",
            "MessageRetentionPeriod, 59",
            "MessageRetentionPeriod, 1209601",
            "MaximumMessageSize, 1023",
            "MaximumMessageSize, 1048577",
            "ReceiveMessageWaitTimeSeconds, 21",
            "KmsDataKeyReusePeriodSeconds, 59",
            "KmsDataKeyReusePeriodSeconds, 86401",
    })
    void setQueueAttributesOutOfRangeIsInvalidAttributeValue(String attribute, String value) {
        String url = createQueue(uniqueName());
        Map<String, String> before = settableAttributes(url);
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> setAttributes(url, Map.of(attribute, value)));
        assertEquals(before, settableAttributes(url));
    }

    @ParameterizedTest
    @CsvSource({
            "ContentBasedDeduplication, maybe",
            "DeduplicationScope, everything",
            "FifoThroughputLimit, perAccount",
    })
    void setFifoAttributeToInvalidValueIsInvalidAttributeValue(String attribute, String value) {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        Map<String, String> before = allAttributes(url);
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> setAttributes(url, Map.of(attribute, value)));
        assertEquals(before.get(attribute), attributes(url, attribute).get(attribute));
    }

    @Test
    void setQueueAttributesWithUnknownAttributeIsInvalidAttributeName() {
        String url = createQueue(uniqueName());
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, Map.of("NoSuchAttribute", "1")));
    }

    @Test
    void attributeNamesAreCaseSensitive() {
        String url = createQueue(uniqueName());
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, Map.of("visibilitytimeout", "40")));
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> attributes(url, "visibilityTimeout"));
        assertEquals("30", attributes(url, "VisibilityTimeout").get("VisibilityTimeout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"QueueArn", "ApproximateNumberOfMessages", "CreatedTimestamp"})
    void setQueueAttributesOfReadOnlyAttributeIsRejected(String attribute) {
        String url = createQueue(uniqueName());
        SqsException e = assertThrows(SqsException.class, () -> setAttributes(url, Map.of(attribute, "1")));
        assertEquals(400, e.statusCode());
        assertTrue(Set.of(INVALID_ATTRIBUTE_NAME, INVALID_ATTRIBUTE_VALUE).contains(e.awsErrorDetails().errorCode()),
                e.awsErrorDetails().errorCode());
        assertNotEquals("1", attributes(url, attribute).get(attribute));
    }

    @Test
    void setQueueAttributesUpdatesLastModifiedTimestamp() {
        String url = createQueue(uniqueName());
        Map<String, String> before = allAttributes(url);
        long created = Long.parseLong(before.get("CreatedTimestamp"));
        long modifiedBefore = Long.parseLong(before.get("LastModifiedTimestamp"));
        clock.advance(10_000);
        setAttributes(url, Map.of("VisibilityTimeout", "31"));
        Map<String, String> after = allAttributes(url);
        long modifiedAfter = Long.parseLong(after.get("LastModifiedTimestamp"));
        assertTrue(modifiedAfter >= modifiedBefore + 9,
                "LastModifiedTimestamp " + modifiedBefore + " -> " + modifiedAfter + " after 10 s");
        assertEquals(created, Long.parseLong(after.get("CreatedTimestamp")), "CreatedTimestamp must not move");
    }

    @Test
    void rejectedSetQueueAttributesChangesNothing() {
        String url = createQueue(uniqueName());
        Map<String, String> before = settableAttributes(url);
        String modifiedBefore = attributes(url, "LastModifiedTimestamp").get("LastModifiedTimestamp");
        clock.advance(10_000);

        // A valid change alongside an invalid value.
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> setAttributes(url, orderedMap("VisibilityTimeout", "60", "DelaySeconds", "901")));
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> setAttributes(url, orderedMap("DelaySeconds", "901", "VisibilityTimeout", "60")));
        // A valid change alongside an unknown attribute.
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, orderedMap("VisibilityTimeout", "60", "NoSuchAttribute", "1")));
        // A valid change alongside a redrive policy naming a queue that does not exist.
        String missingDlq = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":missing-" + shortId();
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> setAttributes(url, orderedMap("VisibilityTimeout", "60",
                        "RedrivePolicy", redrivePolicy(missingDlq, 3))));

        assertEquals(before, settableAttributes(url));
        assertEquals(modifiedBefore, attributes(url, "LastModifiedTimestamp").get("LastModifiedTimestamp"));
    }

    @ParameterizedTest
    @CsvSource({
            "ContentBasedDeduplication, true",
            "ContentBasedDeduplication, false",
            "DeduplicationScope, messageGroup",
            "FifoThroughputLimit, perQueue",
    })
    void fifoOnlyAttributeOnStandardQueueIsRejected(String attribute, String value) {
        String url = createQueue(uniqueName());
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, Map.of(attribute, value)));
        assertFalse(allAttributes(url).containsKey(attribute));
    }

    @Test
    void fifoOnlyAttributeOnStandardQueueCreateIsRejected() {
        String name = uniqueName();
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> createQueue(name, Map.of("ContentBasedDeduplication", "true")));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void setFifoQueueFalseOnFifoQueueIsInvalidAttributeValue() {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        assertAwsError(InvalidAttributeValueException.class, INVALID_ATTRIBUTE_VALUE,
                () -> setAttributes(url, Map.of("FifoQueue", "false")));
        assertEquals("true", attributes(url, "FifoQueue").get("FifoQueue"));
    }

    @Test
    void setFifoQueueTrueOnFifoQueueIsAccepted() {
        // Re-applying a FIFO queue's full attribute set (FifoQueue=true included) is allowed.
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        setAttributes(url, Map.of("FifoQueue", "true", "VisibilityTimeout", "60"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("true", attributes.get("FifoQueue"));
        assertEquals("60", attributes.get("VisibilityTimeout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false"})
    void setFifoQueueOnStandardQueueIsInvalidAttributeName(String value) {
        String url = createQueue(uniqueName());
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> setAttributes(url, Map.of("FifoQueue", value)));
        assertFalse(allAttributes(url).containsKey("FifoQueue"));
    }

    @Test
    void createStandardQueueWithFifoQueueFalseIsInvalidAttributeName() {
        // FifoQueue is only known to FIFO queues: even "false" is an unknown attribute on a standard queue.
        String name = uniqueName();
        assertAwsError(InvalidAttributeNameException.class, INVALID_ATTRIBUTE_NAME,
                () -> createQueue(name, Map.of("FifoQueue", "false")));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @Test
    void perMessageGroupIdThroughputRequiresMessageGroupDeduplicationScope() {
        String url = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(url, Map.of("FifoThroughputLimit", "perMessageGroupId")));
        assertEquals(400, e.statusCode());
        assertEquals("perQueue", attributes(url, "FifoThroughputLimit").get("FifoThroughputLimit"));

        setAttributes(url, Map.of("DeduplicationScope", "messageGroup", "FifoThroughputLimit", "perMessageGroupId"));
        Map<String, String> attributes = allAttributes(url);
        assertEquals("messageGroup", attributes.get("DeduplicationScope"));
        assertEquals("perMessageGroupId", attributes.get("FifoThroughputLimit"));
    }

    @Test
    void perMessageGroupIdThroughputWithoutMessageGroupScopeIsRejectedOnCreate() {
        String name = uniqueName() + ".fifo";
        SqsException e = assertThrows(SqsException.class,
                () -> createQueue(name, Map.of("FifoQueue", "true", "FifoThroughputLimit", "perMessageGroupId")));
        assertEquals(400, e.statusCode());
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    // =========================================================================================
    // RedrivePolicy / RedriveAllowPolicy / ListDeadLetterSourceQueues
    // =========================================================================================

    @Test
    void redrivePolicyRoundTrips() throws Exception {
        String dlq = createQueue(uniqueName());
        String dlqArn = arnOf(dlq);
        String source = createQueue(uniqueName());
        setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(dlqArn, 5)));
        JsonNode policy = JSON.readTree(attributes(source, "RedrivePolicy").get("RedrivePolicy"));
        assertEquals(dlqArn, policy.path("deadLetterTargetArn").asText());
        assertTrue(policy.path("maxReceiveCount").isNumber(), "maxReceiveCount is a JSON number: " + policy);
        assertEquals(5, policy.path("maxReceiveCount").asInt());
        assertEquals(policy, JSON.readTree(allAttributes(source).get("RedrivePolicy")));
    }

    @Test
    void redrivePolicyCanBeGivenOnCreateQueue() throws Exception {
        String dlqArn = arnOf(createQueue(uniqueName()));
        String source = createQueue(uniqueName(), Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3)));
        JsonNode policy = JSON.readTree(attributes(source, "RedrivePolicy").get("RedrivePolicy"));
        assertEquals(dlqArn, policy.path("deadLetterTargetArn").asText());
        assertEquals(3, policy.path("maxReceiveCount").asInt());
    }

    @Test
    void redrivePolicyWithMissingDeadLetterQueueIsInvalidParameterValue() {
        String source = createQueue(uniqueName());
        String missing = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":missing-" + shortId();
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(missing, 3))));
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void createQueueWithRedrivePolicyToMissingDeadLetterQueueCreatesNothing() {
        String name = uniqueName();
        String missing = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":missing-" + shortId();
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> createQueue(name, Map.of("RedrivePolicy", redrivePolicy(missing, 3))));
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().getQueueUrl(r -> r.queueName(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "\"just a string\""})
    void malformedRedrivePolicyIsInvalidParameterValue(String value) {
        String source = createQueue(uniqueName());
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> setAttributes(source, Map.of("RedrivePolicy", value)));
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void redrivePolicyWithoutMaxReceiveCountIsRejected() {
        String dlqArn = arnOf(createQueue(uniqueName()));
        String source = createQueue(uniqueName());
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(source, Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\"}")));
        assertEquals(400, e.statusCode());
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void fifoSourceWithStandardDeadLetterQueueIsRejected() {
        String dlqArn = arnOf(createQueue(uniqueName()));
        String source = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3))));
        assertEquals(400, e.statusCode());
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void standardSourceWithFifoDeadLetterQueueIsRejected() {
        String dlqArn = arnOf(createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true")));
        String source = createQueue(uniqueName());
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3))));
        assertEquals(400, e.statusCode());
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void fifoSourceWithFifoDeadLetterQueueIsAccepted() throws Exception {
        String dlqArn = arnOf(createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true")));
        String source = createQueue(uniqueName() + ".fifo", Map.of("FifoQueue", "true"));
        setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(dlqArn, 2)));
        JsonNode policy = JSON.readTree(attributes(source, "RedrivePolicy").get("RedrivePolicy"));
        assertEquals(dlqArn, policy.path("deadLetterTargetArn").asText());
    }

    @Test
    void redriveAllowPolicyDenyAllRejectsSource() {
        String dlq = createQueue(uniqueName());
        setAttributes(dlq, Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"));
        String source = createQueue(uniqueName());
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(arnOf(dlq), 3))));
        assertEquals(400, e.statusCode());
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"));
    }

    @Test
    void redriveAllowPolicyByQueueAllowsListedSource() throws Exception {
        String source = createQueue(uniqueName());
        String dlq = createQueue(uniqueName());
        setAttributes(dlq, Map.of("RedriveAllowPolicy",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + arnOf(source) + "\"]}"));
        setAttributes(source, Map.of("RedrivePolicy", redrivePolicy(arnOf(dlq), 4)));
        JsonNode policy = JSON.readTree(attributes(source, "RedrivePolicy").get("RedrivePolicy"));
        assertEquals(arnOf(dlq), policy.path("deadLetterTargetArn").asText());
    }

    @Test
    void redriveAllowPolicyByQueueRejectsUnlistedSource() {
        String listed = createQueue(uniqueName());
        String unlisted = createQueue(uniqueName());
        String dlq = createQueue(uniqueName());
        setAttributes(dlq, Map.of("RedriveAllowPolicy",
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + arnOf(listed) + "\"]}"));
        SqsException e = assertThrows(SqsException.class,
                () -> setAttributes(unlisted, Map.of("RedrivePolicy", redrivePolicy(arnOf(dlq), 4))));
        assertEquals(400, e.statusCode());
        assertFalse(allAttributes(unlisted).containsKey("RedrivePolicy"));
    }

    @Test
    void listDeadLetterSourceQueuesListsSources() {
        String dlq = createQueue(uniqueName());
        String dlqArn = arnOf(dlq);
        String a = createQueue(uniqueName(), Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3)));
        String b = createQueue(uniqueName());
        setAttributes(b, Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3)));
        createQueue(uniqueName()); // not a source
        String otherDlq = createQueue(uniqueName());
        createQueue(uniqueName(), Map.of("RedrivePolicy", redrivePolicy(arnOf(otherDlq), 3)));

        ListDeadLetterSourceQueuesResponse response = sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq));
        assertEquals(Set.of(a, b), new HashSet<>(response.queueUrls()));
        assertEquals(2, response.queueUrls().size());
        assertNull(response.nextToken());
    }

    @Test
    void listDeadLetterSourceQueuesOfQueueWithoutSourcesIsEmpty() {
        String dlq = createQueue(uniqueName());
        assertTrue(sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq)).queueUrls().isEmpty());
    }

    @Test
    void listDeadLetterSourceQueuesPaginates() {
        String dlq = createQueue(uniqueName());
        String dlqArn = arnOf(dlq);
        Set<String> sources = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            sources.add(createQueue(uniqueName(), Map.of("RedrivePolicy", redrivePolicy(dlqArn, 3))));
        }
        ListDeadLetterSourceQueuesResponse first =
                sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq).maxResults(2));
        assertEquals(2, first.queueUrls().size());
        assertNotNull(first.nextToken());
        ListDeadLetterSourceQueuesResponse second =
                sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq).maxResults(2).nextToken(first.nextToken()));
        assertEquals(1, second.queueUrls().size());
        assertNull(second.nextToken());
        Set<String> seen = new HashSet<>(first.queueUrls());
        seen.addAll(second.queueUrls());
        assertEquals(sources, seen);
    }

    @Test
    void listDeadLetterSourceQueuesOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().listDeadLetterSourceQueues(r -> r.queueUrl(missing)));
    }

    @Test
    void emptyRedrivePolicyRemovesIt() {
        String dlq = createQueue(uniqueName());
        String source = createQueue(uniqueName(), Map.of("RedrivePolicy", redrivePolicy(arnOf(dlq), 3)));
        assertEquals(List.of(source), sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq)).queueUrls());
        setAttributes(source, Map.of("RedrivePolicy", ""));
        assertFalse(allAttributes(source).containsKey("RedrivePolicy"), allAttributes(source).toString());
        assertTrue(sqs().listDeadLetterSourceQueues(r -> r.queueUrl(dlq)).queueUrls().isEmpty());
    }

    // =========================================================================================
    // Tags
    // =========================================================================================

    @Test
    void createQueueWithTagsShowsThemInListQueueTags() {
        String url = sqs().createQueue(r -> r.queueName(uniqueName()).tags(Map.of("team", "core", "env", "test")))
                .queueUrl();
        assertEquals(Map.of("team", "core", "env", "test"), sqs().listQueueTags(r -> r.queueUrl(url)).tags());
    }

    @Test
    void listQueueTagsWithoutTagsIsEmpty() {
        String url = createQueue(uniqueName());
        assertTrue(sqs().listQueueTags(r -> r.queueUrl(url)).tags().isEmpty());
    }

    @Test
    void tagQueueAddsAndOverwrites() {
        String url = sqs().createQueue(r -> r.queueName(uniqueName()).tags(Map.of("a", "1", "keep", "k")))
                .queueUrl();
        sqs().tagQueue(r -> r.queueUrl(url).tags(Map.of("a", "2", "b", "3")));
        assertEquals(Map.of("a", "2", "b", "3", "keep", "k"), sqs().listQueueTags(r -> r.queueUrl(url)).tags());
    }

    @Test
    void tagQueueOnUntaggedQueueAddsTags() {
        String url = createQueue(uniqueName());
        sqs().tagQueue(r -> r.queueUrl(url).tags(Map.of("x", "y")));
        assertEquals(Map.of("x", "y"), sqs().listQueueTags(r -> r.queueUrl(url)).tags());
    }

    @Test
    void untagQueueRemovesOnlyNamedKeys() {
        String url = createQueue(uniqueName());
        sqs().tagQueue(r -> r.queueUrl(url).tags(Map.of("a", "1", "b", "2", "c", "3")));
        sqs().untagQueue(r -> r.queueUrl(url).tagKeys("a", "c", "not-there"));
        assertEquals(Map.of("b", "2"), sqs().listQueueTags(r -> r.queueUrl(url)).tags());
        sqs().untagQueue(r -> r.queueUrl(url).tagKeys("b"));
        assertTrue(sqs().listQueueTags(r -> r.queueUrl(url)).tags().isEmpty());
    }

    @Test
    void tagKeysAreCaseSensitiveAndValuesMayBeEmpty() {
        String url = createQueue(uniqueName());
        sqs().tagQueue(r -> r.queueUrl(url).tags(Map.of("MyTag", "value1", "mytag", "value2", "empty", "")));
        assertEquals(Map.of("MyTag", "value1", "mytag", "value2", "empty", ""),
                sqs().listQueueTags(r -> r.queueUrl(url)).tags());
        sqs().untagQueue(r -> r.queueUrl(url).tagKeys("mytag"));
        assertEquals(Map.of("MyTag", "value1", "empty", ""), sqs().listQueueTags(r -> r.queueUrl(url)).tags());
    }

    @Test
    void tagsAreNotQueueAttributes() {
        String url = sqs().createQueue(r -> r.queueName(uniqueName()).tags(Map.of("team", "core"))).queueUrl();
        assertFalse(allAttributes(url).containsKey("team"));
    }

    // =========================================================================================
    // AddPermission / RemovePermission
    // =========================================================================================

    @Test
    void addPermissionAddsStatementWithLabelAsSid() throws Exception {
        String name = uniqueName();
        String url = createQueue(name);
        sqs().addPermission(r -> r.queueUrl(url).label("perm1").awsAccountIds("111122223333")
                .actions("SendMessage"));
        String policy = attributes(url, "Policy").get("Policy");
        assertNotNull(policy, "Policy attribute after AddPermission");
        assertEquals(List.of("perm1"), sids(policy));
        JsonNode statement = statements(JSON.readTree(policy)).get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name, statement.path("Resource").asText());
        assertTrue(statement.toString().contains("111122223333"), statement.toString());
        assertTrue(statement.toString().contains("SendMessage"), statement.toString());
    }

    @Test
    void removePermissionRemovesStatement() throws Exception {
        String url = createQueue(uniqueName());
        sqs().addPermission(r -> r.queueUrl(url).label("first").awsAccountIds("111122223333").actions("SendMessage"));
        sqs().addPermission(r -> r.queueUrl(url).label("second").awsAccountIds("111122223333")
                .actions("ReceiveMessage"));
        assertEquals(Set.of("first", "second"), new HashSet<>(sids(attributes(url, "Policy").get("Policy"))));

        sqs().removePermission(r -> r.queueUrl(url).label("first"));
        assertEquals(List.of("second"), sids(attributes(url, "Policy").get("Policy")));

        sqs().removePermission(r -> r.queueUrl(url).label("second"));
        String policy = allAttributes(url).get("Policy");
        assertTrue(policy == null || sids(policy).isEmpty(), "no statements left: " + policy);
    }

    @Test
    void addPermissionWithDuplicateLabelIsInvalidParameterValue() throws Exception {
        String url = createQueue(uniqueName());
        sqs().addPermission(r -> r.queueUrl(url).label("dup").awsAccountIds("111122223333").actions("SendMessage"));
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> sqs().addPermission(r -> r.queueUrl(url).label("dup").awsAccountIds("444455556666")
                        .actions("ReceiveMessage")));
        assertEquals(List.of("dup"), sids(attributes(url, "Policy").get("Policy")));
    }

    @Test
    void removePermissionOfUnknownLabelIsInvalidParameterValue() {
        String url = createQueue(uniqueName());
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> sqs().removePermission(r -> r.queueUrl(url).label("nope")));
        sqs().addPermission(r -> r.queueUrl(url).label("real").awsAccountIds("111122223333").actions("SendMessage"));
        assertAwsError(SqsException.class, INVALID_PARAMETER_VALUE,
                () -> sqs().removePermission(r -> r.queueUrl(url).label("nope")));
    }

    // =========================================================================================
    // Operations on a queue that does not exist
    // =========================================================================================

    @Test
    void getQueueAttributesOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE, () -> allAttributes(missing));
    }

    @Test
    void setQueueAttributesOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> setAttributes(missing, Map.of("VisibilityTimeout", "40")));
    }

    @Test
    void purgeQueueOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().purgeQueue(r -> r.queueUrl(missing)));
    }

    @Test
    void tagQueueOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().tagQueue(r -> r.queueUrl(missing).tags(Map.of("a", "b"))));
    }

    @Test
    void untagQueueOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().untagQueue(r -> r.queueUrl(missing).tagKeys("a")));
    }

    @Test
    void listQueueTagsOfMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().listQueueTags(r -> r.queueUrl(missing)));
    }

    @Test
    void addPermissionOnMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().addPermission(r -> r.queueUrl(missing).label("l").awsAccountIds("111122223333")
                        .actions("SendMessage")));
    }

    @Test
    void removePermissionOnMissingQueueIsQueueDoesNotExist() {
        String missing = missingQueueUrl();
        assertAwsError(QueueDoesNotExistException.class, NON_EXISTENT_QUEUE,
                () -> sqs().removePermission(r -> r.queueUrl(missing).label("l")));
    }

    // =========================================================================================
    // helpers
    // =========================================================================================

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String uniqueName() {
        return "q-" + shortId();
    }

    /** {@code start} padded with 'a' to exactly {@code length} characters. */
    static String padded(String start, int length) {
        return start + "a".repeat(length - start.length());
    }

    static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String redrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + deadLetterTargetArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
    }

    String createQueue(String name) {
        return sqs().createQueue(r -> r.queueName(name)).queueUrl();
    }

    String createQueue(String name, Map<String, String> attributes) {
        return sqs().createQueue(r -> r.queueName(name).attributesWithStrings(attributes)).queueUrl();
    }

    void setAttributes(String url, Map<String, String> attributes) {
        sqs().setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(attributes));
    }

    Map<String, String> attributes(String url, String... names) {
        return sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings(names)).attributesAsStrings();
    }

    Map<String, String> allAttributes(String url) {
        return attributes(url, "All");
    }

    /** All attributes except the ones that move on their own (counts, timestamps). */
    Map<String, String> settableAttributes(String url) {
        Map<String, String> attributes = new LinkedHashMap<>(allAttributes(url));
        attributes.keySet().removeIf(k -> k.startsWith("Approximate") || k.endsWith("Timestamp"));
        return attributes;
    }

    String arnOf(String url) {
        String arn = attributes(url, "QueueArn").get("QueueArn");
        assertNotNull(arn, "QueueArn of " + url);
        return arn;
    }

    /** The URL of a queue that existed once and was deleted. */
    String missingQueueUrl() {
        String url = createQueue(uniqueName());
        sqs().deleteQueue(r -> r.queueUrl(url));
        return url;
    }

    static List<JsonNode> statements(JsonNode policy) {
        JsonNode statement = policy.path("Statement");
        List<JsonNode> result = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(result::add);
        } else if (statement.isObject()) {
            result.add(statement);
        }
        return result;
    }

    static List<String> sids(String policy) throws Exception {
        assertNotNull(policy, "Policy attribute");
        List<String> sids = new ArrayList<>();
        for (JsonNode statement : statements(JSON.readTree(policy))) {
            sids.add(statement.path("Sid").asText());
        }
        return sids;
    }

    /** The call fails with exactly this AWS error: exception class, error code and HTTP 400. */
    static <T extends SqsException> T assertAwsError(Class<T> type, String errorCode, Executable call) {
        return assertAwsError(type, errorCode, 400, call);
    }

    static <T extends SqsException> T assertAwsError(Class<T> type, String errorCode, int status, Executable call) {
        T e = assertThrows(type, call);
        assertNotNull(e.awsErrorDetails(), "awsErrorDetails of " + e);
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), "error code of " + e);
        assertEquals(status, e.statusCode(), "HTTP status of " + e);
        return e;
    }

    @Test
    void aBodyThatIsNotUtf8IsMalformedJsonInAwsWordsNotJavas() throws Exception {
        byte[] body = "{\"QueueName\":\"\u0000\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body[14] = (byte) 0xff;
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        SqsClients.endpoint()).header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS.CreateQueue")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("SerializationException"), response.body());
        for (String internal : List.of("dev.eddy", "java.", "StreamReadFeature", "reference chain")) {
            assertFalse(response.body().contains(internal), response.body());
        }
    }
}
