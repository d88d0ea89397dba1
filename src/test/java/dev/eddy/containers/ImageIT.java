package dev.eddy.containers;

import static dev.eddy.containers.Podman.EDDY_IMAGE;
import static dev.eddy.containers.Podman.podman;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The image as users run it: {@code docker run -p 4566:4566 eddy:jvm}, the memory store. */
class ImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTAINER = Podman.uniqueName("eddy-image");
    private static URI endpoint;

    @BeforeAll
    static void start() {
        podman("run", "-d", "--name", CONTAINER, "-p", "127.0.0.1::4566", EDDY_IMAGE);
        endpoint = Podman.endpoint(CONTAINER);
        Podman.awaitReady(endpoint, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        Podman.removeQuietly("container", CONTAINER);
    }

    @Test
    void awsCliSendsAndReceivesThroughTheImage() throws Exception {
        JsonNode created = cli("sqs", "create-queue", "--queue-name", "cli-orders");
        String url = created.path("QueueUrl").asText();
        assertTrue(url.endsWith("/000000000000/cli-orders"), url);
        cli("sqs", "send-message", "--queue-url", url, "--message-body", "from the CLI");
        JsonNode received = cli("sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "5");
        assertEquals("from the CLI", received.path("Messages").path(0).path("Body").asText(), received.toString());

        Path file = Files.createTempFile("eddy-cli", ".txt");
        Files.writeString(file, "an object from the CLI");
        cliText("s3", "mb", "s3://cli-bucket");
        cliText("s3", "cp", file.toString(), "s3://cli-bucket/notes/cli.txt");
        String listing = cliText("s3", "ls", "s3://cli-bucket", "--recursive");
        assertTrue(listing.contains("notes/cli.txt"), listing);
        try (S3Client s3 = AwsClients.s3(endpoint)) {
            assertEquals("an object from the CLI",
                    s3.getObjectAsBytes(b -> b.bucket("cli-bucket").key("notes/cli.txt")).asUtf8String());
        }
    }

    @Test
    void snsFansOutToQueuesThroughTheImage() throws Exception {
        try (SqsClient sqs = AwsClients.sqs(endpoint); SnsClient sns = AwsClients.sns(endpoint)) {
            String topic = sns.createTopic(b -> b.name("image-fanout")).topicArn();
            List<String> queues = new ArrayList<>();
            for (String name : List.of("image-fanout-a", "image-fanout-b")) {
                String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
                String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
                queues.add(url);
            }
            String messageId = sns.publish(b -> b.topicArn(topic).message("to every queue")).messageId();
            for (String url : queues) {
                Message m = receiveOne(sqs, url);
                JsonNode envelope = JSON.readTree(m.body());
                assertEquals("Notification", envelope.path("Type").asText(), m.body());
                assertEquals(messageId, envelope.path("MessageId").asText(), m.body());
                assertEquals("to every queue", envelope.path("Message").asText(), m.body());
            }
        }
    }

    @Test
    void s3NotifiesAQueueThroughTheImage() throws Exception {
        try (SqsClient sqs = AwsClients.sqs(endpoint); S3Client s3 = AwsClients.s3(endpoint)) {
            String url = sqs.createQueue(b -> b.queueName("image-uploads")).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            s3.createBucket(b -> b.bucket("image-photos"));
            s3.putBucketNotificationConfiguration(b -> b.bucket("image-photos").notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(arn).events(Event.S3_OBJECT_CREATED))));
            s3.putObject(b -> b.bucket("image-photos").key("cats/cat.jpg"), RequestBody.fromString("meow"));

            // The first message may be S3's test event for the new configuration; the put follows.
            JsonNode record = null;
            for (int i = 0; i < 3 && record == null; i++) {
                JsonNode event = JSON.readTree(receiveOne(sqs, url).body());
                if (event.has("Records")) {
                    record = event.path("Records").path(0);
                }
            }
            assertTrue(record != null, "an S3 event record arrived");
            assertEquals("aws:s3", record.path("eventSource").asText());
            assertTrue(record.path("eventName").asText().startsWith("ObjectCreated:"), record.toString());
            assertEquals("image-photos", record.path("s3").path("bucket").path("name").asText());
            assertEquals("cats/cat.jpg", record.path("s3").path("object").path("key").asText());
        }
    }

    @Test
    void runsAsItsOwnUserAndItsHealthCheckNeedsNoCurl() {
        assertEquals("185", podman("exec", CONTAINER, "id", "-u"), "Eddy runs as uid 185, not root");
        Podman.Result curl = Podman.tryRun(List.of("podman", "exec", CONTAINER, "sh", "-c", "command -v curl"),
                Duration.ofSeconds(30));
        assertTrue(curl.exitCode() != 0, "the image has no curl: " + curl.output());
        assertTrue(podman("inspect", "--format", "{{json .Config.Healthcheck}}", CONTAINER).contains("/deployments/bin/healthcheck"),
                "the image declares its health check");
        Podman.Result check = Podman.tryRun(List.of("podman", "healthcheck", "run", CONTAINER), Duration.ofSeconds(30));
        assertEquals(0, check.exitCode(), "the health check passes on a ready Eddy: " + check.output());
        assertTrue(podman("image", "inspect", "--format", "{{json .Config.ExposedPorts}}", EDDY_IMAGE).contains("\"4566/tcp\""),
                "the image exposes 4566");
    }

    @Test
    void sigtermAnswersWaitingLongPollsAndStopsWithinTheGracePeriod() throws Exception {
        String name = Podman.uniqueName("eddy-sigterm");
        try {
            podman("run", "-d", "--name", name, "-p", "127.0.0.1::4566", EDDY_IMAGE);
            URI own = Podman.endpoint(name);
            Podman.awaitReady(own, Duration.ofSeconds(60));
            try (SqsClient sqs = AwsClients.sqs(own)) {
                String url = sqs.createQueue(b -> b.queueName("draining")).queueUrl();
                CompletableFuture<ReceiveMessageResponse> poll = CompletableFuture.supplyAsync(
                        () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)));
                Podman.pause(Duration.ofMillis(500)); // the long poll is waiting in Eddy
                long start = System.nanoTime();
                podman("stop", "--time", "30", name);
                long stopped = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                ReceiveMessageResponse answer = poll.get(5, TimeUnit.SECONDS);
                assertTrue(answer.messages().isEmpty(), "the waiting long poll is answered, empty, on SIGTERM");
                assertTrue(stopped < 15_000, "Eddy stopped " + stopped + " ms after SIGTERM, before the 30 s grace");
            }
            String state = podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", name);
            assertTrue(state.matches("exited (0|143) false"), "a clean SIGTERM exit, not a kill: " + state);
        } finally {
            Podman.removeQuietly("container", name);
        }
    }

    private static Message receiveOne(SqsClient sqs, String url) {
        for (int i = 0; i < 5; i++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(1)).messages();
            if (!got.isEmpty()) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
                return got.get(0);
            }
        }
        throw new AssertionError("no message arrived on " + url);
    }

    private JsonNode cli(String... args) throws Exception {
        String out = cliText(args);
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    /** The AWS CLI with test credentials, pointed at the container. */
    private String cliText(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(), "--output", "json"));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_EC2_METADATA_DISABLED", "true"));
        Podman.Result r = Podman.tryRun(command, Duration.ofMinutes(1), env);
        assertEquals(0, r.exitCode(), String.join(" ", command) + ":\n" + r.output());
        assertFalse(r.stdout().contains("Traceback"), r.output());
        return r.stdout();
    }
}
