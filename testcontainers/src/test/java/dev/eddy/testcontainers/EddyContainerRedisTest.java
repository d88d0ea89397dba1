package dev.eddy.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Eddy with {@code withRedis()}: its state lives in the Redis container, shared by any Eddy given it. */
@Testcontainers
class EddyContainerRedisTest {
    @Container
    static final EddyContainer eddy = new EddyContainer().withRedis();

    @Test
    void startingEddyStartedItsRedisAndStoresQueuesThere() throws Exception {
        GenericContainer<?> redis = eddy.getRedis().orElseThrow();
        assertTrue(redis.isRunning());

        try (SqsClient sqs = AwsClients.sqs(eddy)) {
            sqs.createQueue(b -> b.queueName("kept-in-redis"));
        }

        // The queue table's key, as docs/redis.md documents the Redis layout.
        ExecResult queues = redis.execInContainer("redis-cli", "HKEYS", "eddy:queues:000000000000");
        assertEquals(0, queues.getExitCode(), queues.getStderr());
        assertTrue(queues.getStdout().lines().anyMatch("kept-in-redis"::equals), queues.getStdout());
    }

    @Test
    void messageSentThroughOneEddyIsReceivedThroughAnotherOnTheSameRedis() {
        String messageId;
        try (SqsClient sqs = AwsClients.sqs(eddy)) {
            String queueUrl = sqs.createQueue(b -> b.queueName("handover")).queueUrl();
            messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("sent through the first")).messageId();
        }

        try (EddyContainer replica = new EddyContainer().withRedis(eddy.getRedis().orElseThrow());
             SqsClient sqs = startedSqs(replica)) {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName("handover")).queueUrl();
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();

            assertEquals(1, received.size());
            assertEquals(messageId, received.get(0).messageId());
            assertEquals("sent through the first", received.get(0).body());
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
        }

        // The replica is gone; its delete is in Redis, so the first Eddy sees an empty queue.
        try (SqsClient sqs = AwsClients.sqs(eddy)) {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName("handover")).queueUrl();
            var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            assertTrue(eddy.getRedis().orElseThrow().isRunning(), "stopping the replica stopped the shared Redis");
        }
    }

    private static SqsClient startedSqs(EddyContainer replica) {
        replica.start();
        return AwsClients.sqs(replica);
    }
}
