package dev.eddy.containers;

import static dev.eddy.containers.Podman.EDDY_IMAGE;
import static dev.eddy.containers.Podman.podman;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The memory store in a container with a memory limit: the image sizes the heap from the limit, so a
 * backlog that outgrows it meets Eddy's own ServiceUnavailable, not the kernel's OOM kill.
 */
class MemoryLimitIT {
    private final String name = Podman.uniqueName("eddy-limit");

    @AfterEach
    void remove() {
        Podman.removeQuietly("container", name);
    }

    @Test
    void aBacklogThatFillsTheHeapIsRefusedWithServiceUnavailableAndDrains() {
        podman("run", "-d", "--name", name, "-p", "127.0.0.1::4566", "--memory", "256m", EDDY_IMAGE);
        URI endpoint = Podman.endpoint(name);
        Podman.awaitReady(endpoint, Duration.ofSeconds(60));
        // The SDK's default retries: a refused send is retried, then reaches the caller.
        try (SqsClient sqs = AwsClients.sqs(endpoint)) {
            String url = sqs.createQueue(q -> q.queueName("backlog")).queueUrl();
            String body = "x".repeat(4096);
            AwsServiceException refused = null;
            long sent = 0;
            // 144 MiB of heap (256m less the 112 MiB the launcher keeps for the rest) holds some tens of thousands of these; 200,000 bounds the loop.
            while (refused == null && sent < 200_000) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
                }
                try {
                    sent += sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size();
                } catch (AwsServiceException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null, "a send was refused before 200,000 messages (" + sent + " stored)");
            assertEquals(503, refused.statusCode(), refused.toString());
            assertEquals("ServiceUnavailable", refused.awsErrorDetails().errorCode(), refused.toString());
            System.out.printf("MemoryLimitIT: %d messages of 4 KiB stored before ServiceUnavailable: %s%n",
                    sent, refused.awsErrorDetails().errorMessage());
            assertEquals("true false", podman("inspect", "--format", "{{.State.Running}} {{.State.OOMKilled}}", name),
                    "Eddy is still running, not OOM-killed");

            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages();
            assertEquals(10, got.size(), "receives go on while the store is full");
            got.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle())));
            sqs.purgeQueue(p -> p.queueUrl(url));

            // Drained: the guard clears after the next collection, which a refused send asks for.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean accepted = false;
            while (!accepted && System.nanoTime() < deadline) {
                try {
                    sqs.sendMessage(m -> m.queueUrl(url).messageBody("after the drain"));
                    accepted = true;
                } catch (AwsServiceException e) {
                    assertEquals(503, e.statusCode(), e.toString());
                    Podman.pause(Duration.ofMillis(500));
                }
            }
            assertTrue(accepted, "sends are accepted again once the queue is drained");
            assertFalse(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages().isEmpty());
        }
    }
}
