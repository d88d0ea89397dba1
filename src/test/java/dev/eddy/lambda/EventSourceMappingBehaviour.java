package dev.eddy.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eddy.sqs.SqsClients;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SQS event source mappings end to end: the Lambda API through the AWS SDK for Java v2, and
 * batches delivered to a local HTTP function, parsed with AWS's own {@link SQSEvent}. Each store
 * runs it through a subclass.
 */
abstract class EventSourceMappingBehaviour {
    /** Reads events exactly as Lambda's Java runtime does (its serializer for AWS's event classes). */
    private static final PojoSerializer<SQSEvent> EVENTS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SQSEvent.class.getClassLoader());

    private HttpServer server;
    private LambdaClient lambda;
    private final SqsClient sqs = SqsClients.json();

    /** What one function received: each invocation's event. */
    private record Calls(String url, BlockingQueue<SQSEvent> events) {
        SQSEvent next(long seconds) throws InterruptedException {
            return events.poll(seconds, TimeUnit.SECONDS);
        }

        /** Message bodies delivered within the time, in order of delivery. */
        List<String> bodies(int expected, long seconds) throws InterruptedException {
            List<String> bodies = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (bodies.size() < expected && System.nanoTime() < deadline) {
                SQSEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event != null) {
                    event.getRecords().forEach(r -> bodies.add(r.getBody()));
                }
            }
            return bodies;
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        lambda = LambdaClient.builder().endpointOverride(SqsClients.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)).build())
                .build();
    }

    @AfterEach
    void stop() {
        lambda.listEventSourceMappings().eventSourceMappings()
                .forEach(m -> lambda.deleteEventSourceMapping(b -> b.uuid(m.uuid())));
        server.stop(0);
        lambda.close();
    }

    /** A function at a path of the local server; {@code answer} gives its response to each event. */
    private Calls function(String path, Function<SQSEvent, Answer> answer) {
        BlockingQueue<SQSEvent> events = new LinkedBlockingQueue<>();
        server.createContext(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            SQSEvent event = EVENTS.fromJson(new java.io.ByteArrayInputStream(body));
            events.add(event);
            respond(exchange, answer.apply(event));
        });
        return new Calls("http://127.0.0.1:" + server.getAddress().getPort() + path, events);
    }

    private Calls function(Function<SQSEvent, Answer> answer) {
        return function("/fn-" + UUID.randomUUID(), answer);
    }

    private record Answer(int status, String body) {
        static final Answer OK = new Answer(200, "null");
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private String createFunction(Calls calls) {
        String name = "esm-fn-" + UUID.randomUUID().toString().substring(0, 8);
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA17).role("arn:aws:iam::000000000000:role/r")
                .handler("example.Handler").code(c -> c.zipFile(SdkBytes.fromUtf8String("code")))
                .environment(e -> e.variables(Map.of(LambdaFunctions.URL_VARIABLE, calls.url()))));
        return name;
    }

    private String queue(Map<QueueAttributeName, String> attributes, boolean fifo) {
        String name = "esm-q-" + UUID.randomUUID().toString().substring(0, 8) + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        if (fifo) {
            all.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        return sqs.createQueue(b -> b.queueName(name).attributes(all)).queueUrl();
    }

    private String arn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private int messagesLeft(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private void awaitEmpty(String queueUrl, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (messagesLeft(queueUrl) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, messagesLeft(queueUrl), "the queue was emptied");
    }

    // ---- the API --------------------------------------------------------------------------------

    @Test
    void createGetListUpdateAndDeleteAMapping() {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueArn = arn(queue(Map.of(), false));
        CreateEventSourceMappingResponse created = lambda.createEventSourceMapping(b -> b.functionName(name)
                .eventSourceArn(queueArn).enabled(false));
        assertEquals(202, created.sdkHttpResponse().statusCode());
        assertEquals("Creating", created.state());
        assertEquals(10, created.batchSize());
        assertEquals(0, created.maximumBatchingWindowInSeconds());
        assertEquals(queueArn, created.eventSourceArn());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:" + name, created.functionArn());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + created.uuid(),
                created.eventSourceMappingArn());
        assertEquals("USER_INITIATED", created.stateTransitionReason());
        assertNotNull(created.lastModified());
        UUID.fromString(created.uuid());

        var got = lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals("Disabled", got.state());
        assertEquals("No records processed", got.lastProcessingResult());

        var updated = lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(true).batchSize(5)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .scalingConfig(s -> s.maximumConcurrency(3)));
        assertEquals(202, updated.sdkHttpResponse().statusCode());
        assertEquals("Enabling", updated.state());
        assertEquals(5, updated.batchSize());
        var enabled = lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals("Enabled", enabled.state());
        assertEquals(List.of(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES), enabled.functionResponseTypes());
        assertEquals(3, enabled.scalingConfig().maximumConcurrency());
        assertEquals("Updating", lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).batchSize(6)).state());
        assertEquals("Disabling", lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(false)).state());

        assertTrue(lambda.listEventSourceMappings(b -> b.functionName(name)).eventSourceMappings().stream()
                .anyMatch(m -> m.uuid().equals(created.uuid())));
        assertEquals(List.of(created.uuid()), lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn))
                .eventSourceMappings().stream().map(EventSourceMappingConfiguration::uuid).toList());

        var deleted = lambda.deleteEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals(202, deleted.sdkHttpResponse().statusCode());
        assertEquals("Deleting", deleted.state());
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getEventSourceMapping(b -> b.uuid(created.uuid())));
        assertEquals(404, missing.statusCode());
        assertThrows(ResourceNotFoundException.class, () -> lambda.deleteEventSourceMapping(b -> b.uuid(created.uuid())));
    }

    @Test
    void listingPagesWithMarkers() {
        String name = createFunction(function(e -> Answer.OK));
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String queueArn = arn(queue(Map.of(), false));
            created.add(lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn)
                    .enabled(false)).uuid());
        }
        Set<String> listed = new HashSet<>();
        String marker = null;
        int pages = 0;
        do {
            String from = marker;
            ListEventSourceMappingsResponse page = lambda.listEventSourceMappings(b -> b.functionName(name)
                    .maxItems(2).marker(from));
            page.eventSourceMappings().forEach(m -> listed.add(m.uuid()));
            marker = page.nextMarker();
            pages++;
        } while (marker != null);
        assertEquals(created, listed);
        assertEquals(2, pages);
    }

    @Test
    void badMappingsAreRejectedAsAwsDoes() {
        String name = createFunction(function(e -> Answer.OK));
        String queueArn = arn(queue(Map.of(), false));
        String fifoArn = arn(queue(Map.of(), true));
        InvalidParameterValueException tooSmall = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn).batchSize(0)));
        assertEquals(400, tooSmall.statusCode());
        assertThrows(InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName(name).eventSourceArn(queueArn).batchSize(10_001).maximumBatchingWindowInSeconds(1)));
        InvalidParameterValueException noWindow = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn).batchSize(11)));
        assertEquals("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
                noWindow.awsErrorDetails().errorMessage());
        assertThrows(InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName(name).eventSourceArn(queueArn).maximumBatchingWindowInSeconds(301)));
        assertThrows(InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName(name).eventSourceArn(fifoArn).batchSize(11).maximumBatchingWindowInSeconds(1)));
        assertEquals("Batching window is not supported for FIFO queues", assertThrows(
                InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b.functionName(name)
                        .eventSourceArn(fifoArn).maximumBatchingWindowInSeconds(5))).awsErrorDetails().errorMessage());
        assertThrows(InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName(name).eventSourceArn(queueArn).scalingConfig(s -> s.maximumConcurrency(1))));
        assertEquals("Invalid filter pattern definition.", assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn)
                        .filterCriteria(f -> f.filters(p -> p.pattern("{not json"))))).awsErrorDetails().errorMessage());
        assertThrows(InvalidParameterValueException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName(name).eventSourceArn("arn:aws:sqs:us-east-1:000000000000:no-such-queue")));
        assertThrows(ResourceNotFoundException.class, () -> lambda.createEventSourceMapping(b -> b
                .functionName("no-such-function").eventSourceArn(queueArn)));
        assertThrows(InvalidParameterValueException.class, () -> lambda.updateEventSourceMapping(b -> b
                .uuid(lambda.createEventSourceMapping(c -> c.functionName(name).eventSourceArn(queueArn)
                        .enabled(false)).uuid()).batchSize(100)));
        ResourceConflictException duplicate = assertThrows(ResourceConflictException.class,
                () -> lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn)));
        assertEquals(409, duplicate.statusCode());
        assertTrue(duplicate.awsErrorDetails().errorMessage().contains("already exists"));
        assertEquals(1, lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn)).eventSourceMappings().size(),
                "nothing was stored by the rejected requests");
    }

    @Test
    void theWireShapeIsLambdas() {
        String name = createFunction(function(e -> Answer.OK));
        String queueArn = arn(queue(Map.of(), false));
        RestAssured.given().contentType("application/json")
                .body("{\"FunctionName\":\"" + name + "\",\"EventSourceArn\":\"" + queueArn + "\",\"Enabled\":false}")
                .post("/2015-03-31/event-source-mappings/")
                .then().statusCode(202)
                .body("UUID", org.hamcrest.Matchers.notNullValue())
                .body("State", org.hamcrest.Matchers.equalTo("Creating"))
                .body("BatchSize", org.hamcrest.Matchers.equalTo(10));
        RestAssured.given().get("/2015-03-31/event-source-mappings/" + UUID.randomUUID())
                .then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("Type", org.hamcrest.Matchers.equalTo("User"));
    }

    // ---- delivery -------------------------------------------------------------------------------

    @Test
    void messagesReachTheFunctionAsAwsSqsEventsAndAreDeleted() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        String queueArn = arn(queueUrl);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn));
        String sentId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello function")
                .messageAttributes(Map.of(
                        "color", MessageAttributeValue.builder().dataType("String").stringValue("blue").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("bytes")).build()))).messageId();
        SQSEvent event = calls.next(10);
        assertNotNull(event, "the function was invoked");
        assertEquals(1, event.getRecords().size());
        SQSEvent.SQSMessage record = event.getRecords().get(0);
        assertEquals(sentId, record.getMessageId());
        assertEquals("hello function", record.getBody());
        assertEquals("aws:sqs", record.getEventSource());
        assertEquals(queueArn, record.getEventSourceArn());
        assertEquals("us-east-1", record.getAwsRegion());
        assertNotNull(record.getReceiptHandle());
        assertEquals(dev.eddy.common.Digest.hex("MD5", "hello function".getBytes(StandardCharsets.UTF_8)),
                record.getMd5OfBody());
        assertNotNull(record.getMd5OfMessageAttributes());
        assertEquals("1", record.getAttributes().get("ApproximateReceiveCount"));
        assertNotNull(record.getAttributes().get("SentTimestamp"));
        assertNotNull(record.getAttributes().get("SenderId"));
        assertNotNull(record.getAttributes().get("ApproximateFirstReceiveTimestamp"));
        assertEquals("blue", record.getMessageAttributes().get("color").getStringValue());
        assertEquals("String", record.getMessageAttributes().get("color").getDataType());
        assertEquals(ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)),
                record.getMessageAttributes().get("blob").getBinaryValue());
        awaitEmpty(queueUrl, 5);
        assertNull(calls.next(2), "a delivered message is not delivered again");
        assertEquals("OK", lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn)).eventSourceMappings()
                .get(0).lastProcessingResult());
    }

    @Test
    void batchSizeAndTheBatchingWindowShapeInvocations() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        sendMany(queueUrl, "m", 25);
        String uuid = lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))
                .batchSize(25).maximumBatchingWindowInSeconds(1)).uuid();
        SQSEvent first = calls.next(10);
        assertNotNull(first);
        assertEquals(25, first.getRecords().size(), "one invocation carried the whole batch");
        awaitEmpty(queueUrl, 5);

        lambda.updateEventSourceMapping(b -> b.uuid(uuid).batchSize(1).maximumBatchingWindowInSeconds(0));
        Thread.sleep(1_500);
        sendMany(queueUrl, "single", 3);
        for (int i = 0; i < 3; i++) {
            SQSEvent event = calls.next(10);
            assertNotNull(event);
            assertEquals(1, event.getRecords().size());
        }
        awaitEmpty(queueUrl, 5);
    }

    @Test
    void reportedItemFailuresStayAndTheRestAreDeleted() throws Exception {
        Calls calls = function(e -> {
            StringBuilder failures = new StringBuilder();
            e.getRecords().stream().filter(r -> r.getBody().startsWith("fail")).forEach(r -> failures
                    .append(failures.isEmpty() ? "" : ",").append("{\"itemIdentifier\":\"")
                    .append(r.getMessageId()).append("\"}"));
            return new Answer(200, "{\"batchItemFailures\":[" + failures + "]}");
        });
        String name = createFunction(calls);
        String dlqUrl = queue(Map.of(), false);
        String queueUrl = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\""
                        + arn(dlqUrl) + "\"}"), false);
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("ok-1").build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("fail-1").build(),
                SendMessageBatchRequestEntry.builder().id("c").messageBody("ok-2").build()));
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        List<String> bodies = calls.bodies(4, 15);
        assertEquals(1, bodies.stream().filter("ok-1"::equals).count(), "a succeeded message is delivered once");
        assertEquals(1, bodies.stream().filter("ok-2"::equals).count());
        assertEquals(2, bodies.stream().filter("fail-1"::equals).count(), "the failed one is retried");
        var dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, dead.size(), "after maxReceiveCount the failed message is in the dead-letter queue");
        assertEquals("fail-1", dead.get(0).body());
        awaitEmpty(queueUrl, 5);
    }

    @Test
    void aFailedBatchReappearsAndEndsInTheDeadLetterQueue() throws Exception {
        Calls calls = function(e -> new Answer(500, "{\"errorType\":\"Boom\",\"errorMessage\":\"no\"}"));
        String name = createFunction(calls);
        String dlqUrl = queue(Map.of(), false);
        String queueUrl = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\""
                        + arn(dlqUrl) + "\"}"), false);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("doomed"));
        String queueArn = arn(queueUrl);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn));
        assertEquals(List.of("doomed", "doomed"), calls.bodies(2, 10), "invoked once per receive");
        var dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(10)
                .messageSystemAttributeNamesWithStrings("All")).messages();
        assertEquals(1, dead.size());
        assertEquals("doomed", dead.get(0).body());
        assertTrue(lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn)).eventSourceMappings()
                .get(0).lastProcessingResult().startsWith("PROBLEM"));
    }

    @Test
    void aMalformedPartialBatchResponseFailsTheWholeBatch() throws Exception {
        Calls calls = function(e -> new Answer(200, "{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-batch\"}]}"));
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"), false);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("again"));
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        assertEquals(List.of("again", "again"), calls.bodies(2, 10), "the message was not deleted");
    }

    @Test
    void aDisabledMappingStopsAndResumesWhenEnabled() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        String uuid = lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))).uuid();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("before"));
        assertEquals(List.of("before"), calls.bodies(1, 10));
        lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(false));
        Thread.sleep(2_500);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("while disabled"));
        assertNull(calls.next(3), "a disabled mapping invokes nothing");
        assertEquals("Disabled", lambda.getEventSourceMapping(b -> b.uuid(uuid)).state());
        var waiting = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(0)
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
        assertEquals(1, waiting.size());
        assertEquals("1", waiting.get(0).attributesAsStrings().get("ApproximateReceiveCount"),
                "the stopped poller did not take the message");
        lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true));
        assertEquals(List.of("while disabled"), calls.bodies(1, 10));
    }

    @Test
    void filterCriteriaDeliverMatchesAndDeleteTheRest() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))
                .filterCriteria(f -> f.filters(
                        p -> p.pattern("{\"body\":{\"kind\":[\"keep\"],\"size\":[{\"numeric\":[\">\",10]}]}}"),
                        p -> p.pattern("{\"body\":[{\"prefix\":\"plain-\"}]}"))));
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("{\"kind\":\"keep\",\"size\":20}").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("{\"kind\":\"keep\",\"size\":5}").build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("{\"kind\":\"drop\",\"size\":20}").build(),
                SendMessageBatchRequestEntry.builder().id("4").messageBody("plain-text").build(),
                SendMessageBatchRequestEntry.builder().id("5").messageBody("other text").build()));
        List<String> bodies = calls.bodies(2, 10);
        assertEquals(Set.of("{\"kind\":\"keep\",\"size\":20}", "plain-text"), new HashSet<>(bodies));
        awaitEmpty(queueUrl, 5);
        assertNull(calls.next(1), "messages matching no filter were deleted, not delivered");
    }

    @Test
    void fifoQueuesKeepGroupOrder() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"), true);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl)).batchSize(3));
        for (int i = 0; i < 12; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageGroupId("g" + (n % 3)).messageBody("g" + (n % 3) + "-" + n));
        }
        List<String> bodies = calls.bodies(12, 20);
        assertEquals(12, bodies.size());
        for (int group = 0; group < 3; group++) {
            String prefix = "g" + group + "-";
            List<Integer> order = bodies.stream().filter(b -> b.startsWith(prefix))
                    .map(b -> Integer.parseInt(b.substring(prefix.length()))).toList();
            assertEquals(order.stream().sorted().toList(), order, "group " + group + " in order");
            assertEquals(4, order.size());
        }
        awaitEmpty(queueUrl, 5);
    }

    @Test
    void aRuntimeInterfaceEmulatorUrlWorks() throws Exception {
        Calls calls = function("/2015-03-31/functions/function/invocations", e -> new Answer(200, "\"done\""));
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl)));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("to the emulator"));
        assertEquals(List.of("to the emulator"), calls.bodies(1, 10));
        awaitEmpty(queueUrl, 5);
    }

    @Test
    void invocationsAreCountedInMetrics() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl)));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("counted"));
        assertEquals(List.of("counted"), calls.bodies(1, 10));
        awaitEmpty(queueUrl, 5);
        String metrics = RestAssured.get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("eddy_esm_invocations_total{")
                && l.contains("function=\"" + name + "\"") && l.contains("outcome=\"success\"")), metrics);
    }

    @Test
    void provisionedPollersMetricsConfigAndTagsAreValidatedStoredAndReturned() {
        String name = createFunction(function(e -> Answer.OK));
        String queueArn = arn(queue(Map.of(), false));
        var created = lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(queueArn).enabled(false)
                .provisionedPollerConfig(p -> p.minimumPollers(3).maximumPollers(5))
                .metricsConfig(m -> m.metrics(software.amazon.awssdk.services.lambda.model.EventSourceMappingMetric.EVENT_COUNT))
                .tags(Map.of("team", "payments")));
        assertEquals(3, created.provisionedPollerConfig().minimumPollers());
        assertEquals(5, created.provisionedPollerConfig().maximumPollers());
        var got = lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals(3, got.provisionedPollerConfig().minimumPollers());
        assertEquals(5, got.provisionedPollerConfig().maximumPollers());
        assertEquals(List.of("EventCount"), got.metricsConfig().metricsAsStrings());
        assertEquals(Map.of("team", "payments"), lambda.listTags(b -> b.resource(created.eventSourceMappingArn())).tags());

        // One given, the other defaults (MinimumPollers 2, MaximumPollers 200).
        lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).provisionedPollerConfig(p -> p.maximumPollers(40)));
        var updated = lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertEquals(2, updated.provisionedPollerConfig().minimumPollers());
        assertEquals(40, updated.provisionedPollerConfig().maximumPollers());
        assertEquals(List.of("EventCount"), updated.metricsConfig().metricsAsStrings(), "kept when not given");

        lambda.tagResource(b -> b.resource(created.eventSourceMappingArn()).tags(Map.of("stage", "test")));
        lambda.untagResource(b -> b.resource(created.eventSourceMappingArn()).tagKeys("team"));
        assertEquals(Map.of("stage", "test"), lambda.listTags(b -> b.resource(created.eventSourceMappingArn())).tags());

        var plain = lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queue(Map.of(), false)))
                .enabled(false));
        assertNull(plain.provisionedPollerConfig());
        assertNull(plain.metricsConfig());

        String otherQueue = arn(queue(Map.of(), false));
        for (var bad : List.<java.util.function.Consumer<software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest.Builder>>of(
                b -> b.provisionedPollerConfig(p -> p.minimumPollers(1)),
                b -> b.provisionedPollerConfig(p -> p.minimumPollers(201)),
                b -> b.provisionedPollerConfig(p -> p.maximumPollers(2001)),
                b -> b.provisionedPollerConfig(p -> p.minimumPollers(10).maximumPollers(5)),
                b -> b.metricsConfig(m -> m.metricsWithStrings("PolledEventCount")),
                b -> b.tags(Map.of("aws:reserved", "x")))) {
            var refused = assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                    () -> lambda.createEventSourceMapping(b -> {
                        b.functionName(name).eventSourceArn(otherQueue).enabled(false);
                        bad.accept(b);
                    }));
            assertEquals(400, refused.statusCode());
        }
    }

    @Test
    void maximumPollersCapsHowManyBatchesAreInvokedAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        Calls calls = function(e -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return Answer.OK;
        });
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl)).batchSize(1)
                .provisionedPollerConfig(p -> p.minimumPollers(2).maximumPollers(2)));
        sendMany(queueUrl, "capped", 12);
        assertEquals(12, calls.bodies(12, 30).size());
        awaitEmpty(queueUrl, 10);
        assertEquals(2, most.get(), "two pollers, two batches at a time");
    }

    @Test
    void eventCountMetricsCountTheEventsOfMappingsThatAskForThem() throws Exception {
        Calls calls = function(e -> Answer.OK);
        String name = createFunction(calls);
        String queueUrl = queue(Map.of(), false);
        String counted = lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(queueUrl))
                .filterCriteria(f -> f.filters(p -> p.pattern("{\"body\":[{\"prefix\":\"keep\"}]}")))
                .metricsConfig(m -> m.metrics(software.amazon.awssdk.services.lambda.model.EventSourceMappingMetric.EVENT_COUNT)))
                .uuid();
        Calls quiet = function(e -> Answer.OK);
        String quietName = createFunction(quiet);
        String quietQueue = queue(Map.of(), false);
        String uncounted = lambda.createEventSourceMapping(b -> b.functionName(quietName)
                .eventSourceArn(arn(quietQueue))).uuid();
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("keep-1").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("keep-2").build(),
                SendMessageBatchRequestEntry.builder().id("3").messageBody("drop-1").build()));
        sqs.sendMessage(b -> b.queueUrl(quietQueue).messageBody("keep-quiet"));
        assertEquals(2, calls.bodies(2, 10).size());
        assertEquals(1, quiet.bodies(1, 10).size());
        awaitEmpty(queueUrl, 5);
        awaitEmpty(quietQueue, 5);
        Map<String, Double> events = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String metrics;
        do {
            metrics = RestAssured.get("/q/metrics").asString();
            events.clear();
            metrics.lines().filter(l -> l.startsWith("eddy_esm_events_total{") && l.contains("mapping=\"" + counted + "\""))
                    .forEach(l -> events.merge(l.replaceAll(".*event=\"([a-z_]+)\".*", "$1"),
                            Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum));
        } while (!events.containsKey("deleted") && System.nanoTime() < deadline);
        assertEquals(Map.of("polled", 3.0, "filtered_out", 1.0, "invoked", 2.0, "deleted", 2.0), events);
        String all = metrics;
        assertTrue(all.lines().noneMatch(l -> l.startsWith("eddy_esm_events_total{") && l.contains(uncounted)),
                "no event counts for a mapping without MetricsConfig");
    }

    @Test
    void aMappingToAnAliasInvokesTheVersionItPointsTo() throws Exception {
        Calls published = function(e -> Answer.OK);
        Calls latest = function(e -> Answer.OK);
        String name = createFunction(published);
        lambda.publishVersion(b -> b.functionName(name));
        lambda.updateFunctionConfiguration(b -> b.functionName(name)
                .environment(e -> e.variables(Map.of(LambdaFunctions.URL_VARIABLE, latest.url()))));
        lambda.createAlias(b -> b.functionName(name).name("live").functionVersion("1"));
        String queueUrl = queue(Map.of(), false);
        var mapping = lambda.createEventSourceMapping(b -> b.functionName(name + ":live").eventSourceArn(arn(queueUrl)));
        assertTrue(mapping.functionArn().endsWith(":function:" + name + ":live"), mapping.functionArn());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("to version 1"));
        assertEquals(List.of("to version 1"), published.bodies(1, 10));
        assertNull(latest.next(1), "$LATEST is not called");
        awaitEmpty(queueUrl, 5);
        assertThrows(ResourceNotFoundException.class, () -> lambda.createEventSourceMapping(
                b -> b.functionName(name + ":missing").eventSourceArn(arn(queue(Map.of(), false)))));
    }

    private void sendMany(String queueUrl, String prefix, int count) {
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(prefix + "-" + i).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }
}
