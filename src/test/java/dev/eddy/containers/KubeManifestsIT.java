package dev.eddy.containers;

import static dev.eddy.containers.Podman.podman;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Runs k8s/ under {@code podman kube play}, which plays Pods, Deployments, ConfigMaps and
 * PersistentVolumeClaims, and knows neither StatefulSets nor Services. So, as the StatefulSet
 * controller would, the test makes Redis's pod {@code redis-0} and its claim {@code data-redis-0}
 * from the StatefulSet's template; and, as the {@code redis} Service would, it points that name at the
 * pod (a hostAlias). The Deployment runs with one replica: kube play publishes each container port
 * on the host, so a second pod of the same template cannot bind 4566 (two replicas on one Redis are
 * {@link ReplicasIT}). Everything else is played as shipped: the ConfigMap as the environment, the
 * security context (uid 185, read-only root filesystem with an emptyDir /tmp, no capabilities) and
 * the memory limit. Eddy's port 4566 is published on the host.
 */
class KubeManifestsIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");
    private final String network = Podman.uniqueName("eddy-kube");
    private final Path dir = Path.of(System.getProperty("eddy.containers.dir", "target/containers"), "kube");
    private final Path claimYaml = dir.resolve("redis-claim.yaml");
    private final Path redisYaml = dir.resolve("redis-pod.yaml");
    private final Path eddyYaml = dir.resolve("eddy.yaml");

    @AfterEach
    void down() {
        for (Path played : List.of(eddyYaml, redisYaml)) {
            Podman.tryRun(List.of("podman", "kube", "down", played.toString()), Duration.ofMinutes(1));
        }
        Podman.removeQuietly("volume", "data-redis-0");
        Podman.removeQuietly("network", network);
    }

    @Test
    void theManifestsRunUnderPodmanKubePlayAndRedisKeepsItsClaim() throws IOException {
        Files.createDirectories(dir);
        Podman.removeQuietly("volume", "data-redis-0");
        podman("network", "create", network);

        ObjectNode statefulSet = only(manifest("redis-statefulset.yaml"), "StatefulSet");
        List<JsonNode> claimAndPod = redisPodOf(statefulSet);
        writeYaml(claimYaml, claimAndPod.subList(0, 1));
        writeYaml(redisYaml, claimAndPod.subList(1, 2));
        play(claimYaml);
        play(redisYaml);
        String redis = "redis-0-redis";
        assertEquals("PONG", podman("exec", redis, "redis-cli", "ping"));
        assertEquals("appendonly\nyes", podman("exec", redis, "redis-cli", "config", "get", "appendonly"));

        playEddy(redis);
        String eddy = "eddy-pod-0-eddy";
        assertEquals("185", podman("exec", eddy, "id", "-u"), "the pod's runAsUser");
        assertEquals("true 536870912", podman("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Memory}}", eddy),
                "a read-only root filesystem and the 512Mi limit");
        assertTrue(podman("exec", eddy, "sh", "-c", "touch /tmp/written && echo ok").equals("ok"), "/tmp is writable");
        assertTrue(podman("inspect", "--format", "{{.HostConfig.CapDrop}}", eddy).contains("CAP_NET_RAW"), "capabilities dropped");

        try (SqsClient sqs = AwsClients.sqs(ENDPOINT); S3Client s3 = AwsClients.s3(ENDPOINT)) {
            String url = sqs.createQueue(q -> q.queueName("kube-orders")).queueUrl();
            assertEquals("http://eddy:4566/000000000000/kube-orders", url,
                    "queue URLs name the Service, as the ConfigMap's EDDY_PUBLIC_BASE_URL says");
            sqs.sendMessage(m -> m.queueUrl(url).messageBody("kept on the claim"));
            s3.createBucket(b -> b.bucket("kube-bucket"));
            s3.putObject(b -> b.bucket("kube-bucket").key("k.txt"), RequestBody.fromString("object on the claim"));
        }
        assertEquals("1", podman("exec", redis, "redis-cli", "hexists", "eddy:queues:000000000000", "kube-orders"),
                "the ConfigMap's EDDY_STORE=redis: the queue is in Redis");

        // Redis's pod goes away and comes back on the same claim, as a StatefulSet's pod does (the claim stays).
        podman("kube", "down", redisYaml.toString());
        play(redisYaml);
        Podman.tryRun(List.of("podman", "kube", "down", eddyYaml.toString()), Duration.ofMinutes(1));
        playEddy(redis);
        try (SqsClient sqs = AwsClients.sqs(ENDPOINT); S3Client s3 = AwsClients.s3(ENDPOINT)) {
            String url = sqs.getQueueUrl(q -> q.queueName("kube-orders")).queueUrl();
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
            assertEquals(1, got.size(), "the message outlived Redis's pod");
            assertEquals("kept on the claim", got.get(0).body());
            assertEquals("object on the claim", s3.getObjectAsBytes(b -> b.bucket("kube-bucket").key("k.txt")).asUtf8String());
        }
    }

    /** The ConfigMap and the Deployment as shipped, one replica, with {@code redis} resolving to Redis's pod. */
    private void playEddy(String redisContainer) throws IOException {
        String redisIp = podman("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", redisContainer);
        assertTrue(redisIp.matches("[0-9.]+"), "Redis's pod has an address: " + redisIp);
        ObjectNode deployment = only(manifest("eddy-deployment.yaml"), "Deployment");
        ((ObjectNode) deployment.path("spec")).put("replicas", 1);
        ObjectNode alias = ((ObjectNode) deployment.path("spec").path("template").path("spec")).putArray("hostAliases").addObject();
        alias.put("ip", redisIp);
        alias.putArray("hostnames").add("redis");
        List<JsonNode> docs = new ArrayList<>(manifest("eddy-configmap.yaml"));
        docs.add(deployment);
        writeYaml(eddyYaml, docs);
        play(eddyYaml);
        Podman.awaitReady(ENDPOINT, Duration.ofSeconds(90));
    }

    /** What the StatefulSet controller makes for ordinal 0: the claim from the template, and the pod. */
    private static List<JsonNode> redisPodOf(ObjectNode statefulSet) {
        String name = statefulSet.path("metadata").path("name").asText();
        JsonNode template = statefulSet.path("spec").path("volumeClaimTemplates").path(0);
        String claim = template.path("metadata").path("name").asText() + "-" + name + "-0";
        ObjectNode pvc = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
        pvc.putObject("metadata").put("name", claim);
        pvc.set("spec", template.path("spec").deepCopy());

        ObjectNode pod = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name + "-0");
        metadata.set("labels", statefulSet.path("spec").path("template").path("metadata").path("labels").deepCopy());
        ObjectNode spec = (ObjectNode) statefulSet.path("spec").path("template").path("spec").deepCopy();
        ArrayNode volumes = spec.withArray("volumes");
        volumes.addObject().put("name", template.path("metadata").path("name").asText())
                .putObject("persistentVolumeClaim").put("claimName", claim);
        pod.set("spec", spec);
        return List.of(pvc, pod);
    }

    private void play(Path yaml) {
        podman("kube", "play", "--replace", "--network", network, yaml.toString());
    }

    private static List<JsonNode> manifest(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(Podman.root().resolve("k8s").resolve(file).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    private static ObjectNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return (ObjectNode) found.get(0).deepCopy();
    }

    private static void writeYaml(Path file, List<JsonNode> docs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode d : docs) {
            text.append(YAML.writeValueAsString(d));
        }
        Files.writeString(file, text);
    }
}
