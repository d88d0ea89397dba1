package dev.eddy.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The memory store with its heap full, through the real SDK clients (retries off, so each refusal
 * is seen once): writes that add data fail with ServiceUnavailable, consumers drain, and once a
 * collection finds room writes are accepted again. The heap is one the test fills.
 */
@QuarkusTest
@TestProfile(FullHeapTest.AdjustableHeapProfile.class)
class FullHeapTest {
    /** This Eddy's heap is an {@link AdjustableHeap}; other tests' Eddys keep the JVM's. */
    public static class AdjustableHeapProfile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AdjustableHeap.class);
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));

    private final SqsClient sqs = SqsClient.builder().endpointOverride(SqsClients.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final S3Client s3 = S3Client.builder().endpointOverride(SqsClients.endpoint()).forcePathStyle(true)
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    private final SnsClient sns = SnsClient.builder().endpointOverride(SqsClients.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();

    @Inject
    AdjustableHeap heap;

    /** Room again for whatever runs next (the guard clears at the next write). */
    @AfterEach
    void makeRoom() {
        heap.fill(0);
        sqs.close();
        s3.close();
        sns.close();
    }

    private static void assertFull(AwsServiceException refusal) {
        assertEquals(503, refusal.statusCode());
        assertEquals("ServiceUnavailable", refusal.awsErrorDetails().errorCode());
        assertTrue(refusal.awsErrorDetails().errorMessage().startsWith("Eddy's memory store is full: the heap is 95% "
                + "used after collection."), refusal.awsErrorDetails().errorMessage());
    }

    private String queue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    private String arn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
            bodies.add(m.body());
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return bodies;
    }

    @Test
    void sendFailsWithServiceUnavailableWhileConsumersDrainTheQueue() {
        String name = "full-" + UUID.randomUUID();
        String url = queue(name, Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("one"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("two"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("three"));

        heap.fill(0.95);
        assertFull(assertThrows(AwsServiceException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("refused"))));
        assertFull(assertThrows(AwsServiceException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(url)
                .entries(SendMessageBatchRequestEntry.builder().id("a").messageBody("refused").build()))));
        assertFull(assertThrows(AwsServiceException.class,
                () -> sqs.createQueue(b -> b.queueName("full-new-" + UUID.randomUUID()))));
        // A consumer starting up may create the queue it drains: that stores nothing.
        assertEquals(url, queue(name, Map.of()));

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(Set.of("one", "two", "three"), Set.copyOf(received.stream().map(Message::body).toList()));
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(received.get(1).receiptHandle())
                .visibilityTimeout(0));
        assertEquals(1, sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().size());
        sqs.purgeQueue(b -> b.queueUrl(url));

        heap.fill(0.5);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("after"));
        assertEquals(List.of("after"), drain(url));
    }

    @Test
    void aReceiveDueToDeadLetterAMessageStillAnswersWhileTheStoreIsFull() {
        String dlq = queue("full-dlq-" + UUID.randomUUID(), Map.of());
        String url = queue("full-redriven-" + UUID.randomUUID(), Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"1\"}"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));
        assertEquals(1, sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)).messages().size());

        heap.fill(0.95);
        // Its second receive would move it to the dead-letter queue, which cannot take it now.
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).waitTimeSeconds(1))
                .messages());

        heap.fill(0.5);
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)).messages());
        assertEquals(List.of("poison"), drain(dlq));
    }

    @Test
    void putObjectAndUploadPartFailWithServiceUnavailableWhileReadsAndDeletesGoOn() {
        String bucket = "full-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("kept"), RequestBody.fromString("kept"));
        s3.putObject(b -> b.bucket(bucket).key("deleted"), RequestBody.fromString("deleted"));
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("parts")).uploadId();

        heap.fill(0.95);
        assertFull(assertThrows(AwsServiceException.class,
                () -> s3.putObject(b -> b.bucket(bucket).key("refused"), RequestBody.fromString("refused"))));
        assertFull(assertThrows(AwsServiceException.class, () -> s3.uploadPart(b -> b.bucket(bucket).key("parts")
                .uploadId(upload).partNumber(1), RequestBody.fromString("part"))));
        assertFull(assertThrows(AwsServiceException.class,
                () -> s3.createBucket(b -> b.bucket("full-new-" + UUID.randomUUID()))));

        assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket(bucket).key("kept")).asUtf8String());
        s3.deleteObject(b -> b.bucket(bucket).key("deleted"));
        assertEquals(List.of("kept"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).toList());
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("parts").uploadId(upload));

        heap.fill(0.5);
        s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromString("after"));
        assertEquals("after", s3.getObjectAsBytes(b -> b.bucket(bucket).key("after")).asUtf8String());
    }

    @Test
    void publishToASubscribedQueueFailsWithServiceUnavailableRatherThanDroppingTheMessage() {
        String url = queue("full-subscriber-" + UUID.randomUUID(), Map.of());
        String topic = sns.createTopic(b -> b.name("full-" + UUID.randomUUID())).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn(url))
                .attributes(Map.of("RawMessageDelivery", "true")));

        heap.fill(0.95);
        assertFull(assertThrows(AwsServiceException.class, () -> sns.publish(b -> b.topicArn(topic).message("m"))));

        heap.fill(0.5);
        sns.publish(b -> b.topicArn(topic).message("m"));
        assertEquals(List.of("m"), drain(url));
    }

    @Test
    void anS3EventTheFullStoreRefusedArrivesOnceThereIsRoom() throws Exception {
        String url = queue("full-events-" + UUID.randomUUID(), Map.of());
        String bucket = "full-events-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(arn(url)).events(Event.S3_OBJECT_REMOVED))));
        assertTrue(drain(url).get(0).contains("s3:TestEvent"));

        heap.fill(0.95);
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        // Longer than S3 events' own retries (1 s, then 2 s): a full store must not exhaust them.
        Thread.sleep(4_000);
        heap.fill(0.5);

        List<Message> events = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(10)).messages();
        assertEquals(1, events.size());
        assertTrue(events.get(0).body().contains("\"eventName\":\"ObjectRemoved:Delete\""), events.get(0).body());
    }
}
