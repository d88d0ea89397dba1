package dev.eddy.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** One Eddy with the in-memory store, shared by the class, driven through the AWS SDK v2. */
@Testcontainers
class EddyContainerTest {
    @Container
    static final EddyContainer eddy = new EddyContainer();

    static SqsClient sqs;
    static S3Client s3;

    @BeforeAll
    static void clients() {
        sqs = AwsClients.sqs(eddy);
        s3 = AwsClients.s3(eddy);
    }

    @AfterAll
    static void closeClients() {
        sqs.close();
        s3.close();
    }

    @Test
    void endpointAnswersReadinessOnceStarted() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(eddy.getEndpoint().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
        assertEquals("http", eddy.getEndpoint().getScheme());
        assertEquals(eddy.getMappedPort(EddyContainer.PORT), eddy.getEndpoint().getPort());
    }

    @Test
    void sqsMessageIsReceivedOnceAndGoneAfterDelete() {
        String queueUrl = sqs.createQueue(b -> b.queueName("orders")).queueUrl();

        String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("order 42")).messageId();
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();

        assertEquals(1, received.size());
        assertEquals(messageId, received.get(0).messageId());
        assertEquals("order 42", received.get(0).body());
        // In flight, within its visibility timeout: not handed out again.
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages().isEmpty());

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));

        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void s3ObjectIsReadBackWithItsBytesAndContentType() {
        s3.createBucket(b -> b.bucket("photos"));

        s3.putObject(b -> b.bucket("photos").key("cats/cat.txt").contentType("text/plain"),
                RequestBody.fromString("meow"));
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket("photos").key("cats/cat.txt"));

        assertEquals("meow", object.asUtf8String());
        assertEquals("text/plain", object.response().contentType());
        assertEquals(List.of("cats/cat.txt"),
                s3.listObjectsV2(b -> b.bucket("photos")).contents().stream().map(S3Object::key).toList());
    }

    @Test
    void resetDropsQueuesAndBuckets() {
        sqs.createQueue(b -> b.queueName("doomed"));
        s3.createBucket(b -> b.bucket("doomed"));

        eddy.reset();

        assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(b -> b.queueName("doomed")));
        assertThrows(NoSuchBucketException.class, () -> s3.listObjectsV2(b -> b.bucket("doomed")));
        assertFalse(sqs.listQueues().queueUrls().stream().anyMatch(url -> url.endsWith("/doomed")));
    }
}
