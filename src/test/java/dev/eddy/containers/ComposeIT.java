package dev.eddy.containers;

import static dev.eddy.containers.Podman.podman;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * compose.yaml as shipped (Eddy on Redis with its append-only file on a named volume), brought up by
 * podman-compose, which reads the same file as {@code docker compose}. It publishes port 4566 on the host.
 */
class ComposeIT {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");
    private final String project = Podman.uniqueName("eddyit").replace('-', '_');

    @AfterEach
    void down() {
        compose("down", "-v");
        Podman.removeQuietly("volume", project + "_redis-data");
    }

    @Test
    void comesUpHealthyAndKeepsStateAcrossDownAndUp() {
        compose("up", "-d");
        Podman.awaitReady(ENDPOINT, Duration.ofSeconds(90));
        String eddy = container("eddy");
        Podman.Result health = Podman.tryRun(List.of("podman", "healthcheck", "run", eddy), Duration.ofSeconds(30));
        assertEquals(0, health.exitCode(), "compose's health check passes: " + health.output());
        assertEquals("appendonly\nyes", podman("exec", container("redis"), "redis-cli", "config", "get", "appendonly"),
                "Redis appends every change to its AOF");

        try (SqsClient sqs = AwsClients.sqs(ENDPOINT); S3Client s3 = AwsClients.s3(ENDPOINT); SnsClient sns = AwsClients.sns(ENDPOINT)) {
            String url = sqs.createQueue(b -> b.queueName("compose-kept")).queueUrl();
            for (int i = 0; i < 3; i++) {
                String body = "kept " + i;
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
            }
            s3.createBucket(b -> b.bucket("compose-bucket"));
            s3.putObject(b -> b.bucket("compose-bucket").key("kept.txt"), RequestBody.fromString("still here"));
            sns.createTopic(b -> b.name("compose-topic"));
        }

        compose("down");
        assertTrue(podman("ps", "-a", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Names}}")
                .isBlank(), "down removed the containers");
        assertTrue(podman("volume", "ls", "--format", "{{.Name}}").lines().anyMatch(v -> v.equals(project + "_redis-data")),
                "down keeps the named volume");

        compose("up", "-d");
        Podman.awaitReady(ENDPOINT, Duration.ofSeconds(90));
        try (SqsClient sqs = AwsClients.sqs(ENDPOINT); S3Client s3 = AwsClients.s3(ENDPOINT); SnsClient sns = AwsClients.sns(ENDPOINT)) {
            String url = sqs.getQueueUrl(b -> b.queueName("compose-kept")).queueUrl();
            Set<String> bodies = new TreeSet<>();
            for (int i = 0; i < 10 && bodies.size() < 3; i++) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(2)).messages()) {
                    bodies.add(m.body());
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            assertEquals(Set.of("kept 0", "kept 1", "kept 2"), bodies, "the messages survived down and up");
            assertEquals("still here", s3.getObjectAsBytes(b -> b.bucket("compose-bucket").key("kept.txt")).asUtf8String());
            assertTrue(sns.listTopics().topics().stream().anyMatch(t -> t.topicArn().endsWith(":compose-topic")));
        }
    }

    private String container(String service) {
        String name = podman("ps", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service, "--format", "{{.Names}}");
        assertTrue(!name.isBlank() && name.lines().count() == 1, "one running " + service + " container: " + name);
        return name;
    }

    private void compose(String... args) {
        List<String> command = new ArrayList<>(List.of("podman-compose", "-f", "compose.yaml", "-p", project));
        command.addAll(List.of(args));
        Podman.run(command, Duration.ofMinutes(3));
    }
}
