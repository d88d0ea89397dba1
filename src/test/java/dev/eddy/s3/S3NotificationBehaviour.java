package dev.eddy.s3;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.eddy.sns.SnsClients;
import dev.eddy.sqs.SqsClients;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3 event notifications end to end: configured with the SDK, delivered to real queues, topics and
 * functions, and read back with AWS's own event classes (aws-lambda-java-events, through Lambda's
 * serializer), as a Java function would get them.
 *
 * <p>Run by {@code S3NotificationTest} (memory store) and {@code S3NotificationRedisTest}.
 */
public abstract class S3NotificationBehaviour {
    private static final PojoSerializer<S3Event> EVENTS =
            LambdaEventSerializers.serializerFor(S3Event.class, S3Event.class.getClassLoader());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3 = S3Clients.pathStyle();
    private final SqsClient sqs = SqsClients.json();

    private record Queue(String url, String arn) {
    }

    private Queue queue(Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(b -> b.queueName("n-" + UUID.randomUUID()).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private Queue queue() {
        return queue(Map.of());
    }

    private void configure(String bucket, Consumer<NotificationConfiguration.Builder> configuration) {
        NotificationConfiguration.Builder builder = NotificationConfiguration.builder();
        configuration.accept(builder);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(builder.build()));
    }

    private static QueueConfiguration rule(Queue queue, String id, String prefix, String suffix, Event... events) {
        QueueConfiguration.Builder rule = QueueConfiguration.builder().queueArn(queue.arn()).events(events);
        if (id != null) {
            rule.id(id);
        }
        if (prefix != null || suffix != null) {
            List<software.amazon.awssdk.services.s3.model.FilterRule> rules = new ArrayList<>();
            if (prefix != null) {
                rules.add(software.amazon.awssdk.services.s3.model.FilterRule.builder().name(FilterRuleName.PREFIX)
                        .value(prefix).build());
            }
            if (suffix != null) {
                rules.add(software.amazon.awssdk.services.s3.model.FilterRule.builder().name(FilterRuleName.SUFFIX)
                        .value(suffix).build());
            }
            rule.filter(f -> f.key(k -> k.filterRules(rules)));
        }
        return rule.build();
    }

    private List<String> bodies(Queue queue, int count) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (bodies.size() < count && System.currentTimeMillis() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(count, bodies.size(), "messages: " + bodies);
        return bodies;
    }

    private void assertNothingMore(Queue queue) {
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(queue.url()).waitTimeSeconds(1)).messages().isEmpty());
    }

    /** Drops the test event sent when the configuration was stored, checking it. */
    private void skipTestEvent(Queue queue, String bucket) throws Exception {
        JsonNode test = JSON.readTree(bodies(queue, 1).get(0));
        assertEquals("s3:TestEvent", test.path("Event").asText());
        assertEquals("Amazon S3", test.path("Service").asText());
        assertEquals(bucket, test.path("Bucket").asText());
    }

    private static S3EventNotificationRecord record(String body) {
        S3Event event = EVENTS.fromJson(body);
        assertEquals(1, event.getRecords().size());
        return event.getRecords().get(0);
    }

    private Queue watched(String bucket, Event... events) throws Exception {
        Queue queue = queue();
        configure(bucket, c -> c.queueConfigurations(rule(queue, "watch", null, null, events)));
        skipTestEvent(queue, bucket);
        return queue;
    }

    // ---- one test per event type --------------------------------------------------------------------

    @Test
    void putSendsObjectCreatedPutWithAwsRecordLayout() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = watched(bucket, Event.S3_OBJECT_CREATED_PUT);
        String etag = s3.putObject(b -> b.bucket(bucket).key("photos/red flower.jpg"), RequestBody.fromString("12345"))
                .eTag();
        String body = bodies(queue, 1).get(0);
        S3EventNotificationRecord r = record(body);
        assertEquals("2.1", r.getEventVersion());
        assertEquals("aws:s3", r.getEventSource());
        assertEquals("us-east-1", r.getAwsRegion());
        assertEquals("ObjectCreated:Put", r.getEventName());
        assertNotNull(r.getEventTime());
        assertNotNull(r.getUserIdentity().getPrincipalId());
        assertNotNull(r.getRequestParameters().getSourceIPAddress());
        assertNotNull(r.getResponseElements().getxAmzRequestId());
        assertNotNull(r.getResponseElements().getxAmzId2());
        assertEquals("1.0", r.getS3().getS3SchemaVersion());
        assertEquals("watch", r.getS3().getConfigurationId());
        assertEquals(bucket, r.getS3().getBucket().getName());
        assertEquals("arn:aws:s3:::" + bucket, r.getS3().getBucket().getArn());
        assertNotNull(r.getS3().getBucket().getOwnerIdentity().getPrincipalId());
        assertEquals("photos/red+flower.jpg", r.getS3().getObject().getKey());
        assertEquals("photos/red flower.jpg", r.getS3().getObject().getUrlDecodedKey());
        assertEquals(5L, r.getS3().getObject().getSizeAsLong());
        assertEquals(etag.replace("\"", ""), r.getS3().getObject().geteTag());
        String versionId = r.getS3().getObject().getVersionId();
        assertTrue(versionId == null || versionId.isEmpty(), "no version id on an unversioned bucket");
        assertNotNull(r.getS3().getObject().getSequencer());
        JsonNode raw = JSON.readTree(body).path("Records").get(0);
        assertFalse(raw.path("eventName").asText().startsWith("s3:"));
        assertTrue(raw.path("s3").path("object").path("size").isNumber());
        assertTrue(raw.path("s3").path("object").path("versionId").isMissingNode());
    }

    @Test
    void aBrowserPostUploadSendsObjectCreatedPost() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = watched(bucket, Event.S3_OBJECT_CREATED_POST);
        given().multiPart("key", "uploads/${filename}").multiPart("Content-Type", "text/plain")
                .multiPart("x-amz-meta-origin", "form").multiPart("file", "note.txt", "posted".getBytes(StandardCharsets.UTF_8))
                .post("/" + bucket).then().statusCode(204);
        S3EventNotificationRecord r = record(bodies(queue, 1).get(0));
        assertEquals("ObjectCreated:Post", r.getEventName());
        assertEquals("uploads/note.txt", r.getS3().getObject().getKey());
        assertEquals("posted", s3.getObjectAsBytes(b -> b.bucket(bucket).key("uploads/note.txt")).asUtf8String());
        assertEquals(Map.of("origin", "form"), s3.headObject(b -> b.bucket(bucket).key("uploads/note.txt")).metadata());
        // Puts are not posts.
        s3.putObject(b -> b.bucket(bucket).key("put.txt"), RequestBody.fromString("x"));
        assertNothingMore(queue);
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("eddy_s3_events_sent_total")
                && l.contains("event=\"ObjectCreated:Post\"") && l.contains("destination=\"queue\"")
                && l.contains("outcome=\"success\"")), "S3 events are counted");
    }

    @Test
    void copySendsObjectCreatedCopy() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("x"));
        Queue queue = watched(bucket, Event.S3_OBJECT_CREATED_COPY);
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst"));
        S3EventNotificationRecord r = record(bodies(queue, 1).get(0));
        assertEquals("ObjectCreated:Copy", r.getEventName());
        assertEquals("dst", r.getS3().getObject().getKey());
        assertNothingMore(queue);
    }

    @Test
    void completingAMultipartUploadSendsCompleteMultipartUpload() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = watched(bucket, Event.S3_OBJECT_CREATED);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part")).eTag();
        assertNothingMore(queue);
        String done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))).eTag();
        S3EventNotificationRecord r = record(bodies(queue, 1).get(0));
        assertEquals("ObjectCreated:CompleteMultipartUpload", r.getEventName());
        assertEquals(done.replace("\"", ""), r.getS3().getObject().geteTag());
        assertTrue(r.getS3().getObject().geteTag().endsWith("-1"));
    }

    @Test
    void deleteSendsObjectRemovedDeleteWithAGrowingSequencer() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = watched(bucket, Event.S3_OBJECT_CREATED_PUT, Event.S3_OBJECT_REMOVED_DELETE);
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        String created = record(bodies(queue, 1).get(0)).getS3().getObject().getSequencer();
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        S3EventNotificationRecord removed = record(bodies(queue, 1).get(0));
        assertEquals("ObjectRemoved:Delete", removed.getEventName());
        assertTrue(removed.getS3().getObject().getSequencer().compareTo(created) > 0);
        // Nothing was there to delete: no event.
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertNothingMore(queue);
    }

    @Test
    void deleteObjectsSendsOneEventPerKey() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        for (String k : List.of("a", "b", "c")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        Queue queue = watched(bucket, Event.S3_OBJECT_REMOVED);
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ObjectIdentifier.builder().key("a").build(),
                ObjectIdentifier.builder().key("b").build(), ObjectIdentifier.builder().key("c").build())));
        List<String> keys = bodies(queue, 3).stream().map(S3NotificationBehaviour::record)
                .peek(r -> assertEquals("ObjectRemoved:Delete", r.getEventName()))
                .map(r -> r.getS3().getObject().getKey()).sorted().toList();
        assertEquals(List.of("a", "b", "c"), keys);
    }

    @Test
    void taggingSendsObjectTaggingPutAndDelete() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("t"), RequestBody.fromString("x"));
        Queue queue = watched(bucket, Event.S3_OBJECT_TAGGING);
        s3.putObjectTagging(b -> b.bucket(bucket).key("t").tagging(t -> t.tagSet(Tag.builder().key("a").value("b")
                .build())));
        S3EventNotificationRecord put = record(bodies(queue, 1).get(0));
        assertEquals("ObjectTagging:Put", put.getEventName());
        assertEquals("2.3", put.getEventVersion());
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("t"));
        assertEquals("ObjectTagging:Delete", record(bodies(queue, 1).get(0)).getEventName());
    }

    // ---- filters ------------------------------------------------------------------------------------

    @Test
    void prefixAndSuffixRulesFilterKeys() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue prefixed = queue();
        Queue suffixed = queue();
        Queue both = queue();
        configure(bucket, c -> c.queueConfigurations(
                rule(prefixed, "p", "images/", null, Event.S3_OBJECT_CREATED_PUT),
                rule(suffixed, "s", null, ".txt", Event.S3_OBJECT_REMOVED_DELETE),
                rule(both, "ps", "docs/", ".pdf", Event.S3_OBJECT_REMOVED_DELETE)));
        skipTestEvent(prefixed, bucket);
        skipTestEvent(suffixed, bucket);
        skipTestEvent(both, bucket);
        for (String k : List.of("images/a.png", "notes.txt", "other.bin", "docs/x.pdf", "docs/y.doc")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        assertEquals("images/a.png", record(bodies(prefixed, 1).get(0)).getS3().getObject().getKey());
        assertNothingMore(both);
        assertNothingMore(suffixed);
        for (String k : List.of("docs/y.doc", "docs/x.pdf", "notes.txt", "images/a.png")) {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        }
        assertEquals("docs/x.pdf", record(bodies(both, 1).get(0)).getS3().getObject().getKey());
        assertEquals("notes.txt", record(bodies(suffixed, 1).get(0)).getS3().getObject().getKey());
        assertNothingMore(prefixed);
        assertNothingMore(suffixed);
    }

    // ---- destinations -------------------------------------------------------------------------------

    @Test
    void topicsGetTheEventPublishedWithS3sSubject() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        String topic = SnsClients.sns().createTopic(b -> b.name("s3-" + UUID.randomUUID())).topicArn();
        Queue queue = queue();
        SnsClients.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn()));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .topicConfigurations(t -> t.topicArn(topic).events(Event.S3_OBJECT_CREATED))));
        JsonNode test = JSON.readTree(bodies(queue, 1).get(0));
        assertEquals("Amazon S3 Notification", test.path("Subject").asText());
        assertEquals("s3:TestEvent", JSON.readTree(test.path("Message").asText()).path("Event").asText());
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        JsonNode envelope = JSON.readTree(bodies(queue, 1).get(0));
        assertEquals("Notification", envelope.path("Type").asText());
        assertEquals("Amazon S3 Notification", envelope.path("Subject").asText());
        S3EventNotificationRecord r = record(envelope.path("Message").asText());
        assertEquals("ObjectCreated:Put", r.getEventName());
        assertEquals("k", r.getS3().getObject().getKey());
    }

    @Test
    void functionsAreInvokedWithTheEvent() throws Exception {
        LinkedBlockingQueue<String> invocations = new LinkedBlockingQueue<>();
        HttpServer function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/", exchange -> {
            invocations.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        function.start();
        try {
            String name = "s3fn-" + UUID.randomUUID().toString().substring(0, 8);
            String arn = given().body("{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:"
                    + function.getAddress().getPort() + "/\"}").post("/_eddy/functions").then().statusCode(200)
                    .extract().path("FunctionArn");
            String bucket = S3Behaviour.newBucket(s3);
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                    .lambdaFunctionConfigurations(l -> l.id("fn").lambdaFunctionArn(arn)
                            .events(Event.S3_OBJECT_CREATED_PUT))));
            String test = invocations.poll(10, TimeUnit.SECONDS);
            assertEquals("s3:TestEvent", JSON.readTree(test).path("Event").asText());
            s3.putObject(b -> b.bucket(bucket).key("fn.txt"), RequestBody.fromString("x"));
            String event = invocations.poll(10, TimeUnit.SECONDS);
            assertNotNull(event);
            S3EventNotificationRecord r = record(event);
            assertEquals("ObjectCreated:Put", r.getEventName());
            assertEquals("fn", r.getS3().getConfigurationId());
            assertEquals("fn.txt", r.getS3().getObject().getKey());
        } finally {
            function.stop(0);
        }
    }

    // ---- configuration ------------------------------------------------------------------------------

    @Test
    void configurationIsReadBackWithGeneratedIds() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations().isEmpty());
        Queue queue = queue();
        configure(bucket, c -> c.queueConfigurations(rule(queue, null, "in/", ".csv", Event.S3_OBJECT_CREATED)));
        GetBucketNotificationConfigurationResponse got = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        assertEquals(1, got.queueConfigurations().size());
        QueueConfiguration rule = got.queueConfigurations().get(0);
        assertFalse(rule.id() == null || rule.id().isEmpty());
        assertEquals(queue.arn(), rule.queueArn());
        assertEquals(List.of(Event.S3_OBJECT_CREATED), rule.events());
        assertEquals(2, rule.filter().key().filterRules().size());
        // An empty configuration removes every rule.
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> { }));
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations().isEmpty());
    }

    private S3Exception refused(String bucket, Consumer<NotificationConfiguration.Builder> configuration) {
        S3Exception e = assertThrows(S3Exception.class, () -> configure(bucket, configuration));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        return e;
    }

    @Test
    void aPrefixRuleAndASuffixRuleForOneEventOverlap() {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = queue();
        refused(bucket, c -> c.queueConfigurations(rule(queue, "p", "images/", null, Event.S3_OBJECT_CREATED_PUT),
                rule(queue, "s", null, ".txt", Event.S3_OBJECT_CREATED)));
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations().isEmpty());
    }

    @Test
    void invalidConfigurationsAreRefusedAndChangeNothing() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = queue();
        configure(bucket, c -> c.queueConfigurations(rule(queue, "kept", null, null, Event.S3_OBJECT_CREATED_PUT)));
        skipTestEvent(queue, bucket);
        String missingArn = "arn:aws:sqs:us-east-1:000000000000:missing-" + UUID.randomUUID();
        S3Exception missing = refused(bucket, c -> c.queueConfigurations(q -> q.queueArn(missingArn)
                .events(Event.S3_OBJECT_CREATED)));
        assertEquals("Unable to validate the following destination configurations",
                missing.awsErrorDetails().errorMessage());
        Queue realFifo = new Queue(sqs.createQueue(b -> b.queueName("n-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl(), null);
        String fifoArn = sqs.getQueueAttributes(b -> b.queueUrl(realFifo.url()).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        refused(bucket, c -> c.queueConfigurations(q -> q.queueArn(fifoArn).events(Event.S3_OBJECT_CREATED)));
        refused(bucket, c -> c.queueConfigurations(q -> q.queueArn("not-an-arn").events(Event.S3_OBJECT_CREATED)));
        refused(bucket, c -> c.queueConfigurations(q -> q.queueArn(queue.arn()).events(Event.fromValue("s3:Nope:*"))));
        S3Exception overlap = refused(bucket, c -> c.queueConfigurations(
                rule(queue, "one", "images/", null, Event.S3_OBJECT_CREATED),
                rule(queue, "two", "images/raw/", null, Event.S3_OBJECT_CREATED_PUT)));
        assertTrue(overlap.awsErrorDetails().errorMessage().startsWith("Configuration is ambiguously defined"));
        assertEquals(List.of("kept"), s3.getBucketNotificationConfiguration(b -> b.bucket(bucket))
                .queueConfigurations().stream().map(QueueConfiguration::id).toList());
        assertNothingMore(queue);
        // Different suffixes under one prefix do not overlap.
        configure(bucket, c -> c.queueConfigurations(rule(queue, "jpg", "images/", ".jpg", Event.S3_OBJECT_CREATED),
                rule(queue, "png", "images/", ".png", Event.S3_OBJECT_CREATED)));
        skipTestEvent(queue, bucket);
        assertEquals(List.of("jpg", "png"), s3.getBucketNotificationConfiguration(b -> b.bucket(bucket))
                .queueConfigurations().stream().map(QueueConfiguration::id).toList());
    }

    @Test
    void skippingDestinationValidationStoresUncheckedDestinations() {
        String bucket = S3Behaviour.newBucket(s3);
        String missingArn = "arn:aws:sqs:us-east-1:000000000000:later-" + UUID.randomUUID();
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).skipDestinationValidation(true)
                .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(missingArn)
                        .events(Event.S3_OBJECT_CREATED))));
        assertEquals(missingArn, s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()
                .get(0).queueArn());
        // A write whose destination is gone still succeeds.
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        assertEquals("x", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
    }

    @Test
    void theOlderPutBucketNotificationFormIsAccepted() throws Exception {
        String bucket = S3Behaviour.newBucket(s3);
        Queue queue = queue();
        given().body("<NotificationConfiguration><QueueConfiguration><Id>old</Id><Queue>" + queue.arn()
                + "</Queue><Event>s3:ObjectCreated:Put</Event></QueueConfiguration></NotificationConfiguration>")
                .put("/" + bucket + "?notification").then().statusCode(200);
        skipTestEvent(queue, bucket);
        given().get("/" + bucket + "?notification").then().statusCode(200)
                .body("NotificationConfiguration.QueueConfiguration.Id", equalTo("old"))
                .body("NotificationConfiguration.QueueConfiguration.Queue", equalTo(queue.arn()));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        assertEquals("old", record(bodies(queue, 1).get(0)).getS3().getConfigurationId());
    }
}
