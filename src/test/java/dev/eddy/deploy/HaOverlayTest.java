package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.store.redis.RedisSentinelProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/ha/, the overlay for a Redis with replicas and Sentinel: it removes exactly the base's single
 * Redis, and gives Eddy the settings the Sentinel failover test ran with.
 */
class HaOverlayTest {
    private static final Path BASE = Path.of("k8s");
    private static final Path HA = BASE.resolve("ha");

    private static List<? extends JsonNode> documents(Path file) throws IOException {
        return ManifestsTest.readYaml(file);
    }

    private static Set<String> kindsAndNames(List<? extends JsonNode> docs) {
        Set<String> out = new TreeSet<>();
        docs.forEach(d -> out.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()));
        return out;
    }

    private static List<JsonNode> base() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode resource : documents(BASE.resolve("kustomization.yaml")).get(0).path("resources")) {
            all.addAll(documents(BASE.resolve(resource.asText())));
        }
        return all;
    }

    @Test
    void theOverlayBuildsOnTheBaseAndDeletesOnlyItsSingleRedis() throws IOException {
        JsonNode kustomization = documents(HA.resolve("kustomization.yaml")).get(0);
        assertEquals("../", kustomization.path("resources").get(0).asText());
        assertEquals(1, kustomization.path("resources").size());
        Set<String> deleted = new TreeSet<>();
        Set<String> patched = new TreeSet<>();
        for (JsonNode patch : kustomization.path("patches")) {
            Path file = HA.resolve(patch.path("path").asText());
            assertTrue(Files.exists(file), file + " exists");
            for (JsonNode doc : documents(file)) {
                String id = doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
                (doc.path("$patch").asText().equals("delete") ? deleted : patched).add(id);
            }
        }
        Set<String> baseResources = kindsAndNames(base());
        assertEquals(Set.of("StatefulSet/redis", "Service/redis"), deleted);
        assertTrue(baseResources.containsAll(deleted), "deleted " + deleted + " from " + baseResources);
        assertTrue(baseResources.containsAll(patched), "patched " + patched + " in " + baseResources);
    }

    @Test
    void eddyGetsTheSettingsTheSentinelFailoverTestRanWith() throws IOException {
        JsonNode config = documents(HA.resolve("eddy-config.yaml")).get(0);
        Map<String, String> data = new TreeMap<>();
        config.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        Set<String> known = ManifestsTest.eddyEnvironment();
        data.keySet().forEach(k -> assertTrue(known.contains(k), k + " is no setting Eddy reads"));
        Map<String, String> tested = new TreeMap<>();
        RedisSentinelProfile.settings("redis://sentinel:26379").forEach((property, value) -> {
            if (!property.equals("quarkus.redis.hosts") && !property.equals("eddy.store")) {
                tested.put(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(), value);
            }
        });
        Map<String, String> given = new TreeMap<>(data);
        given.keySet().retainAll(tested.keySet());
        assertEquals(tested, given);
        assertTrue(data.get("QUARKUS_REDIS_HOSTS").matches("redis://[a-z0-9.-]+:26379"),
                "the hosts are the sentinels: " + data.get("QUARKUS_REDIS_HOSTS"));
    }
}
