package dev.eddy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eddy.common.EddyConfig;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads every deployment artifact (k8s/ and its kustomization, compose.yaml, src/main/docker/,
 * .dockerignore, application.properties) and checks that the references between them hold.
 *
 * <p>Each check runs once on the files as they are, where it must pass, and once on each of a few
 * copies with one deliberate mistake, where it must fail: so no check can pass by finding nothing
 * to look at. Plain JUnit; nothing starts.
 */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The longest ReceiveMessage wait SQS allows, in seconds: the grace period outlasts it. */
    private static final int LONG_POLL_SECONDS = 20;
    /** The values {@code eddy.store} accepts (QueueStoreProducer). */
    private static final Set<String> STORES = Set.of("memory", "redis");
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    // ------------------------------------------------------------------------------------------
    // The artifacts, loaded into one mutable object so that a check can be shown a broken copy.

    static final class Artifacts {
        Path root;
        /** File names present in k8s/. */
        Set<String> k8sFiles = new TreeSet<>();
        JsonNode kustomization;
        /** k8s/ file name → its YAML documents. */
        Map<String, List<ObjectNode>> manifests = new TreeMap<>();
        ObjectNode compose;
        /** Dockerfile name (Dockerfile.jvm, ...) → its text. */
        Map<String, String> dockerfiles = new TreeMap<>();
        Properties application = new Properties();
        List<String> dockerignore = new ArrayList<>();
        /** The JVM image's health check script (src/main/docker/jvm/healthcheck). */
        String healthcheck;

        static Artifacts load() throws IOException {
            Artifacts a = new Artifacts();
            a.root = Path.of("").toAbsolutePath();
            assertTrue(Files.exists(a.root.resolve("pom.xml")), "tests run from the project root: " + a.root);
            Path k8s = a.root.resolve("k8s");
            try (Stream<Path> files = Files.list(k8s)) {
                files.filter(Files::isRegularFile).forEach(p -> a.k8sFiles.add(p.getFileName().toString()));
            }
            for (String name : a.k8sFiles) {
                if (!isYaml(name)) {
                    continue;
                }
                List<ObjectNode> docs = readYaml(k8s.resolve(name));
                if (name.equals("kustomization.yaml") || name.equals("kustomization.yml")) {
                    assertEquals(1, docs.size(), name + " is one document");
                    a.kustomization = docs.get(0);
                } else {
                    a.manifests.put(name, docs);
                }
            }
            List<ObjectNode> compose = readYaml(a.root.resolve("compose.yaml"));
            assertEquals(1, compose.size(), "compose.yaml is one document");
            a.compose = compose.get(0);
            try (Stream<Path> files = Files.list(a.root.resolve("src/main/docker"))) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).toList()) {
                    a.dockerfiles.put(p.getFileName().toString(), Files.readString(p));
                }
            }
            a.application.load(new StringReader(
                    Files.readString(a.root.resolve("src/main/resources/application.properties"))));
            a.dockerignore.addAll(Files.readAllLines(a.root.resolve(".dockerignore")));
            a.healthcheck = Files.readString(a.root.resolve("src/main/docker/jvm/healthcheck"));
            return a;
        }

        Artifacts copy() {
            Artifacts c = new Artifacts();
            c.root = root;
            c.k8sFiles.addAll(k8sFiles);
            c.kustomization = kustomization == null ? null : kustomization.deepCopy();
            manifests.forEach((file, docs) -> c.manifests.put(file,
                    new ArrayList<>(docs.stream().map(ObjectNode::deepCopy).toList())));
            c.compose = compose.deepCopy();
            c.dockerfiles.putAll(dockerfiles);
            c.application.putAll(application);
            c.dockerignore.addAll(dockerignore);
            c.healthcheck = healthcheck;
            return c;
        }

        List<ObjectNode> all() {
            return manifests.values().stream().flatMap(List::stream).toList();
        }

        List<ObjectNode> ofKind(String kind) {
            return all().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        ObjectNode find(String kind, String name) {
            return all().stream()
                    .filter(d -> d.path("kind").asText().equals(kind) && name(d).equals(name))
                    .findFirst().orElse(null);
        }

        /** The one Deployment: Eddy. */
        ObjectNode deployment() {
            List<ObjectNode> deployments = ofKind("Deployment");
            assertEquals(1, deployments.size(), "one Deployment (Eddy)");
            return deployments.get(0);
        }

        /** The one StatefulSet: Redis. */
        ObjectNode statefulSet() {
            List<ObjectNode> sets = ofKind("StatefulSet");
            assertEquals(1, sets.size(), "one StatefulSet (Redis)");
            return sets.get(0);
        }

        /** The one ConfigMap the Deployment takes. */
        ObjectNode configMap() {
            List<ObjectNode> maps = ofKind("ConfigMap");
            assertEquals(1, maps.size(), "one ConfigMap (Eddy's settings)");
            return maps.get(0);
        }

        List<ObjectNode> workloads() {
            List<ObjectNode> w = new ArrayList<>(ofKind("Deployment"));
            w.addAll(ofKind("StatefulSet"));
            return w;
        }

        ObjectNode composeService(String name) {
            JsonNode s = compose.path("services").path(name);
            assertTrue(s.isObject(), "compose.yaml has a service " + name);
            return (ObjectNode) s;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The checks and, for each, the mistakes it must catch.

    record Mistake(String name, Consumer<Artifacts> apply) {
    }

    record Check(String name, Consumer<Artifacts> check, List<Mistake> mistakes) {
    }

    @TestFactory
    Stream<DynamicNode> manifests() throws IOException {
        Artifacts real = Artifacts.load();
        return checks().stream().map(c -> {
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("holds", () -> c.check().accept(real.copy())));
            assertFalse(c.mistakes().isEmpty(), c.name() + " has mistakes to catch");
            for (Mistake m : c.mistakes()) {
                tests.add(DynamicTest.dynamicTest("rejects " + m.name(), () -> {
                    Artifacts broken = real.copy();
                    m.apply().accept(broken);
                    assertThrows(AssertionError.class, () -> c.check().accept(broken),
                            c.name() + " must fail when " + m.name());
                }));
            }
            return DynamicContainer.dynamicContainer(c.name(), tests);
        });
    }

    static List<Check> checks() {
        return List.of(
                new Check("kustomization lists exactly the manifest files", ManifestsTest::kustomizationListsEveryManifest,
                        List.of(new Mistake("it lists a missing file",
                                        a -> ((ArrayNode) a.kustomization.path("resources")).add("eddy-ingress.yaml")),
                                new Mistake("a manifest file is not listed", a -> a.k8sFiles.add("eddy-hpa.yaml")))),
                new Check("every manifest is a named Kubernetes object", ManifestsTest::everyManifestIsAnObject,
                        List.of(new Mistake("a document has no kind", a -> a.deployment().remove("kind")),
                                new Mistake("two objects share kind and name",
                                        a -> a.manifests.get("eddy-pdb.yaml").add(a.deployment().deepCopy())))),
                new Check("workload selectors match their pod labels", ManifestsTest::workloadSelectorsMatchPods,
                        List.of(new Mistake("the Deployment's pods are relabelled",
                                        a -> podLabels(a.deployment()).put("app.kubernetes.io/name", "eddy-api")),
                                new Mistake("the StatefulSet's selector is empty",
                                        a -> ((ObjectNode) a.statefulSet().path("spec").path("selector")).remove("matchLabels")))),
                new Check("each Service selects one workload's pods", ManifestsTest::servicesSelectWorkloads,
                        List.of(new Mistake("the eddy Service selects no pods",
                                        a -> selector(a.find("Service", "eddy")).put("app.kubernetes.io/name", "eddy-api")),
                                new Mistake("the eddy Service has no selector",
                                        a -> ((ObjectNode) a.find("Service", "eddy").path("spec")).remove("selector")),
                                new Mistake("the Deployment's pods carry Redis's labels",
                                        a -> podLabels(a.deployment()).put("app.kubernetes.io/name", "redis")))),
                new Check("Service ports reach container ports, 4566 for Eddy", ManifestsTest::servicePortsReachContainers,
                        List.of(new Mistake("targetPort names no container port",
                                        a -> servicePort(a.find("Service", "eddy")).put("targetPort", "http")),
                                new Mistake("the Service listens on 80",
                                        a -> servicePort(a.find("Service", "eddy")).put("port", 80)),
                                new Mistake("the container listens on 8080",
                                        a -> containerPort(a.deployment()).put("containerPort", 8080)),
                                new Mistake("the Redis Service targets a missing port",
                                        a -> servicePort(a.find("Service", "redis")).put("targetPort", 6380)))),
                new Check("probes use Quarkus health on the container port", ManifestsTest::probesUseQuarkusHealth,
                        List.of(new Mistake("there is no startupProbe",
                                        a -> container(a.deployment()).remove("startupProbe")),
                                new Mistake("liveness asks /q/health",
                                        a -> httpGet(a.deployment(), "livenessProbe").put("path", "/q/health")),
                                new Mistake("readiness asks port 8080",
                                        a -> httpGet(a.deployment(), "readinessProbe").put("port", 8080)),
                                new Mistake("startup asks a port name the container lacks",
                                        a -> httpGet(a.deployment(), "startupProbe").put("port", "http")))),
                new Check("the ConfigMap's URLs name the Services", ManifestsTest::configUrlsNameServices,
                        List.of(new Mistake("the Redis host is not a Service",
                                        a -> data(a).put("QUARKUS_REDIS_HOSTS", "redis://redis-master:6379")),
                                new Mistake("the Redis port is not the Service's",
                                        a -> data(a).put("QUARKUS_REDIS_HOSTS", "redis://redis:6380")),
                                new Mistake("the Redis URL is not a redis:// URL",
                                        a -> data(a).put("QUARKUS_REDIS_HOSTS", "redis")),
                                new Mistake("the public URL names no Service",
                                        a -> data(a).put("EDDY_PUBLIC_BASE_URL", "http://eddy-api:4566")),
                                new Mistake("the public URL has the wrong port",
                                        a -> data(a).put("EDDY_PUBLIC_BASE_URL", "http://eddy:8080")))),
                new Check("the StatefulSet is governed by the headless Redis Service", ManifestsTest::statefulSetIsGoverned,
                        List.of(new Mistake("the Redis Service is not headless",
                                        a -> ((ObjectNode) a.find("Service", "redis").path("spec")).remove("clusterIP")),
                                new Mistake("serviceName names no Service",
                                        a -> ((ObjectNode) a.statefulSet().path("spec")).put("serviceName", "redis-headless")),
                                new Mistake("/data is not on the claim template",
                                        a -> ((ObjectNode) a.statefulSet().path("spec").path("volumeClaimTemplates")
                                                .path(0).path("metadata")).put("name", "redis-data")),
                                new Mistake("the append-only file is off",
                                        a -> ((ArrayNode) container(a.statefulSet()).path("args")).set(2, "no")),
                                new Mistake("readiness does not ping Redis",
                                        a -> container(a.statefulSet()).remove("readinessProbe")))),
                new Check("the ConfigMap holds settings Eddy understands", ManifestsTest::configMapHoldsEddySettings,
                        List.of(new Mistake("a key is misspelled", a -> data(a).put("EDDY_STOR", "redis")),
                                new Mistake("the store is unknown", a -> data(a).put("EDDY_STORE", "postgres")),
                                new Mistake("the Redis store has no Redis", a -> data(a).remove("QUARKUS_REDIS_HOSTS")))),
                new Check("the Deployment takes the ConfigMap", ManifestsTest::deploymentTakesConfigMap,
                        List.of(new Mistake("envFrom names another ConfigMap",
                                        a -> ((ObjectNode) container(a.deployment()).path("envFrom").path(0)
                                                .path("configMapRef")).put("name", "eddy-cfg")),
                                new Mistake("the container has no envFrom",
                                        a -> container(a.deployment()).remove("envFrom")))),
                new Check("images and users are the ones the Dockerfiles build", ManifestsTest::imagesMatchDockerfiles,
                        List.of(new Mistake("the Deployment runs eddy:latest",
                                        a -> container(a.deployment()).put("image", "eddy:latest")),
                                new Mistake("the pod runs as 1001",
                                        a -> ((ObjectNode) a.deployment().path("spec").path("template").path("spec")
                                                .path("securityContext")).put("runAsUser", 1001)),
                                new Mistake("Dockerfile.jvm documents another tag",
                                        a -> a.dockerfiles.computeIfPresent("Dockerfile.jvm",
                                                (k, v) -> v.replace("-t eddy:jvm", "-t eddy:java"))),
                                new Mistake("compose builds eddy:jvm from Dockerfile.native",
                                        a -> ((ObjectNode) a.composeService("eddy").path("build"))
                                                .put("dockerfile", "src/main/docker/Dockerfile.native")))),
                new Check("Dockerfiles expose quarkus.http.port 4566 as a non-root user", ManifestsTest::dockerfilesExposeHttpPort,
                        List.of(new Mistake("Dockerfile.native-micro exposes 8080",
                                        a -> a.dockerfiles.computeIfPresent("Dockerfile.native-micro",
                                                (k, v) -> v.replace("EXPOSE 4566", "EXPOSE 8080"))),
                                new Mistake("application.properties moves the port",
                                        a -> a.application.setProperty("quarkus.http.port", "8080")),
                                new Mistake("Dockerfile.native runs as root",
                                        a -> a.dockerfiles.computeIfPresent("Dockerfile.native",
                                                (k, v) -> v.replace("USER 1001", "USER root"))),
                                new Mistake("Dockerfile.native-micro is gone",
                                        a -> a.dockerfiles.remove("Dockerfile.native-micro")))),
                new Check("the PodDisruptionBudget protects the Deployment", ManifestsTest::pdbProtectsDeployment,
                        List.of(new Mistake("its selector matches Redis",
                                        a -> ((ObjectNode) ofKindOne(a, "PodDisruptionBudget").path("spec").path("selector")
                                                .path("matchLabels")).put("app.kubernetes.io/name", "redis")),
                                new Mistake("minAvailable equals replicas (blocks every drain)",
                                        a -> ((ObjectNode) ofKindOne(a, "PodDisruptionBudget").path("spec"))
                                                .put("minAvailable", 2)))),
                new Check("compose.yaml matches the manifests", ManifestsTest::composeMatchesManifests,
                        List.of(new Mistake("an env var name is misspelled",
                                        a -> renameKey(environment(a), "QUARKUS_REDIS_HOSTS", "QUARKUS_REDIS_HOST")),
                                new Mistake("the store is memory",
                                        a -> environment(a).put("EDDY_STORE", "memory")),
                                new Mistake("the Redis URL names no service",
                                        a -> environment(a).put("QUARKUS_REDIS_HOSTS", "redis://cache:6379")),
                                new Mistake("port 4566 is not published",
                                        a -> ((ArrayNode) a.composeService("eddy").path("ports")).set(0, "4566:8080")),
                                new Mistake("the healthcheck is not the image's",
                                        a -> ((ArrayNode) a.composeService("eddy").path("healthcheck").path("test"))
                                                .set(1, "true")),
                                new Mistake("the image's health check asks liveness",
                                        a -> a.healthcheck = a.healthcheck.replace("/q/health/ready", "/q/health/live")),
                                new Mistake("Eddy does not wait for a healthy Redis",
                                        a -> ((ObjectNode) a.composeService("eddy").path("depends_on").path("redis"))
                                                .put("condition", "service_started")),
                                new Mistake("the Redis volume is not declared",
                                        a -> a.compose.remove("volumes")),
                                new Mistake("Redis has no append-only file",
                                        a -> a.composeService("redis").putArray("command").add("redis-server")))),
                new Check("Eddy's pod runs locked down", ManifestsTest::podIsLockedDown,
                        List.of(new Mistake("the root filesystem is writable",
                                        a -> containerSecurity(a.deployment()).put("readOnlyRootFilesystem", false)),
                                new Mistake("/tmp is not an emptyDir",
                                        a -> {
                                            ObjectNode vol = (ObjectNode) a.deployment().path("spec").path("template")
                                                    .path("spec").path("volumes").path(0);
                                            vol.remove("emptyDir");
                                            vol.putObject("hostPath").put("path", "/tmp");
                                        }),
                                new Mistake("capabilities are kept",
                                        a -> containerSecurity(a.deployment()).remove("capabilities")),
                                new Mistake("privilege escalation is allowed",
                                        a -> containerSecurity(a.deployment()).put("allowPrivilegeEscalation", true)),
                                new Mistake("root is allowed",
                                        a -> ((ObjectNode) a.deployment().path("spec").path("template").path("spec")
                                                .path("securityContext")).remove("runAsNonRoot")))),
                new Check("a terminating Eddy drains within the grace period", ManifestsTest::terminationDrains,
                        List.of(new Mistake("the grace period is 25 s",
                                        a -> ((ObjectNode) a.deployment().path("spec").path("template").path("spec"))
                                                .put("terminationGracePeriodSeconds", 25)),
                                new Mistake("the preStop pause is 10 s",
                                        a -> ((ArrayNode) container(a.deployment()).path("lifecycle").path("preStop")
                                                .path("exec").path("command")).set(1, "10")),
                                new Mistake("the Deployment stretches the shutdown timeout to 40 s",
                                        a -> ((ArrayNode) container(a.deployment()).path("env")).addObject()
                                                .put("name", "QUARKUS_SHUTDOWN_TIMEOUT").put("value", "40s")),
                                new Mistake("Eddy does not drain at all",
                                        a -> a.application.remove("quarkus.shutdown.timeout")),
                                new Mistake("compose kills Eddy after Docker's default 10 s",
                                        a -> a.composeService("eddy").remove("stop_grace_period")))),
                new Check("containers have sized requests and limits", ManifestsTest::resourcesAreSized,
                        List.of(new Mistake("Eddy has no limits",
                                        a -> ((ObjectNode) container(a.deployment()).path("resources")).remove("limits")),
                                new Mistake("Eddy requests more memory than its limit",
                                        a -> ((ObjectNode) container(a.deployment()).path("resources").path("requests"))
                                                .put("memory", "1Gi")),
                                new Mistake("the heap may take 90% of the limit",
                                        a -> setEnv(container(a.deployment()), "JAVA_MAX_MEM_RATIO", "90")),
                                new Mistake("Redis has no memory request",
                                        a -> ((ObjectNode) container(a.statefulSet()).path("resources").path("requests"))
                                                .remove("memory")))),
                new Check(".dockerignore admits exactly the COPY sources", ManifestsTest::dockerignoreAdmitsCopySources,
                        List.of(new Mistake("the fast-jar's lib/ is ignored",
                                        a -> a.dockerignore.remove("!target/quarkus-app/lib/")),
                                new Mistake("the sources get in", a -> a.dockerignore.add("!src/")),
                                new Mistake("everything gets in", a -> a.dockerignore.remove("*")))));
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    static void kustomizationListsEveryManifest(Artifacts a) {
        assertNotNull(a.kustomization, "k8s/kustomization.yaml exists");
        assertEquals("Kustomization", a.kustomization.path("kind").asText());
        Set<String> listed = new LinkedHashSet<>();
        a.kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        assertFalse(listed.isEmpty(), "kustomization lists resources");
        for (String r : listed) {
            assertTrue(a.k8sFiles.contains(r), "kustomization lists " + r + ", which is not in k8s/");
        }
        for (String f : a.k8sFiles) {
            if (isYaml(f) && !f.startsWith("kustomization.")) {
                assertTrue(listed.contains(f), "k8s/" + f + " is not listed in kustomization.yaml");
            }
        }
    }

    static void everyManifestIsAnObject(Artifacts a) {
        assertFalse(a.all().isEmpty(), "k8s/ holds manifests");
        Set<String> seen = new LinkedHashSet<>();
        a.manifests.forEach((file, docs) -> {
            assertFalse(docs.isEmpty(), file + " holds a document");
            for (ObjectNode d : docs) {
                assertFalse(d.path("apiVersion").asText().isEmpty(), file + ": apiVersion");
                assertFalse(d.path("kind").asText().isEmpty(), file + ": kind");
                assertFalse(name(d).isEmpty(), file + ": metadata.name");
                assertTrue(seen.add(d.path("kind").asText() + "/" + name(d)),
                        file + ": " + d.path("kind").asText() + "/" + name(d) + " is defined twice");
            }
        });
    }

    static void workloadSelectorsMatchPods(Artifacts a) {
        a.deployment();
        a.statefulSet();
        for (ObjectNode w : a.workloads()) {
            Map<String, String> selector = strings(w.path("spec").path("selector").path("matchLabels"));
            assertTrue(selects(selector, labelsOf(w)),
                    describe(w) + ": selector " + selector + " must match its pod labels");
        }
    }

    static void servicesSelectWorkloads(Artifacts a) {
        List<ObjectNode> services = a.ofKind("Service");
        assertFalse(services.isEmpty(), "there are Services");
        for (ObjectNode s : services) {
            workloadOf(a, s);
        }
        assertEquals(a.deployment(), workloadOf(a, serviceNamed(a, "eddy")), "Service eddy selects the Deployment");
        assertEquals(a.statefulSet(), workloadOf(a, serviceNamed(a, a.statefulSet().path("spec").path("serviceName")
                .asText())), "the StatefulSet's Service selects the StatefulSet");
    }

    static void servicePortsReachContainers(Artifacts a) {
        int httpPort = httpPort(a);
        for (ObjectNode s : a.ofKind("Service")) {
            ObjectNode workload = workloadOf(a, s);
            JsonNode ports = s.path("spec").path("ports");
            assertTrue(ports.size() > 0, describe(s) + " has ports");
            for (JsonNode p : ports) {
                JsonNode target = p.has("targetPort") ? p.get("targetPort") : p.path("port");
                JsonNode cp = resolvePort(workload, target);
                assertNotNull(cp, describe(s) + ": targetPort " + target + " is no container port of " + describe(workload));
                if (workload == a.deployment()) {
                    assertEquals(httpPort, p.path("port").asInt(), describe(s) + " listens on " + httpPort);
                    assertEquals(httpPort, cp.path("containerPort").asInt(), "Eddy's container listens on " + httpPort);
                }
            }
        }
    }

    static void probesUseQuarkusHealth(Artifacts a) {
        ObjectNode workload = a.deployment();
        ObjectNode c = container(workload);
        Map<String, String> expected = Map.of(
                "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready",
                "startupProbe", "/q/health/started");
        assertEquals(HEALTH_PATHS, Set.copyOf(expected.values()));
        int httpPort = httpPort(a);
        expected.forEach((probe, path) -> {
            JsonNode get = c.path(probe).path("httpGet");
            assertTrue(get.isObject(), "Eddy has an HTTP " + probe);
            assertEquals(path, get.path("path").asText(), probe + " path");
            JsonNode cp = resolvePort(workload, get.path("port"));
            assertNotNull(cp, probe + " port " + get.path("port") + " is no container port");
            assertEquals(httpPort, cp.path("containerPort").asInt(), probe + " asks Eddy's port");
        });
    }

    static void configUrlsNameServices(Artifacts a) {
        Map<String, String> data = strings(a.configMap().path("data"));
        String redisUrl = data.get("QUARKUS_REDIS_HOSTS");
        assertNotNull(redisUrl, "the ConfigMap sets QUARKUS_REDIS_HOSTS");
        Matcher m = Pattern.compile("redis://([a-z0-9.-]+):(\\d+)").matcher(redisUrl);
        assertTrue(m.matches(), "QUARKUS_REDIS_HOSTS is redis://<service>:<port>: " + redisUrl);
        ObjectNode redis = serviceNamed(a, firstLabel(m.group(1)));
        assertEquals(a.statefulSet(), workloadOf(a, redis), "the Redis URL names the StatefulSet's Service");
        assertTrue(servicePorts(redis).contains(Integer.parseInt(m.group(2))),
                "the Redis URL's port " + m.group(2) + " is one the Service " + name(redis) + " exposes");

        String base = data.get("EDDY_PUBLIC_BASE_URL");
        if (base != null) {
            Matcher b = Pattern.compile("https?://([a-z0-9.-]+):(\\d+)/?").matcher(base);
            assertTrue(b.matches(), "EDDY_PUBLIC_BASE_URL is http://<service>:<port>: " + base);
            ObjectNode eddy = serviceNamed(a, firstLabel(b.group(1)));
            assertEquals(a.deployment(), workloadOf(a, eddy), "EDDY_PUBLIC_BASE_URL names Eddy's Service");
            assertTrue(servicePorts(eddy).contains(Integer.parseInt(b.group(2))),
                    "EDDY_PUBLIC_BASE_URL's port " + b.group(2) + " is one the Service " + name(eddy) + " exposes");
        }
    }

    static void statefulSetIsGoverned(Artifacts a) {
        ObjectNode set = a.statefulSet();
        String serviceName = set.path("spec").path("serviceName").asText();
        ObjectNode service = serviceNamed(a, serviceName);
        assertEquals("None", service.path("spec").path("clusterIP").asText(), "Service " + serviceName + " is headless");
        assertEquals(set, workloadOf(a, service), "Service " + serviceName + " selects the StatefulSet");

        Set<String> claims = new LinkedHashSet<>();
        set.path("spec").path("volumeClaimTemplates").forEach(t -> claims.add(name(t)));
        ObjectNode redis = container(set);
        boolean dataOnClaim = false;
        for (JsonNode mount : redis.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/data")) {
                dataOnClaim = claims.contains(mount.path("name").asText());
            }
        }
        assertTrue(dataOnClaim, "Redis keeps /data on a volumeClaimTemplate " + claims);
        assertTrue(argsHave(redis.path("command"), redis.path("args"), "--appendonly", "yes"),
                "Redis runs with --appendonly yes");
        String ready = String.join(" ", texts(redis.path("readinessProbe").path("exec").path("command")));
        assertTrue(ready.contains("redis-cli") && ready.contains("ping"), "Redis readiness is redis-cli ping: " + ready);
    }

    static void configMapHoldsEddySettings(Artifacts a) {
        Map<String, String> data = strings(a.configMap().path("data"));
        assertFalse(data.isEmpty(), "the ConfigMap holds settings");
        Set<String> known = eddyEnvironment();
        for (String key : data.keySet()) {
            assertTrue(isSetting(known, key), key + " is no setting Eddy reads; known: " + known);
        }
        String store = data.get("EDDY_STORE");
        assertTrue(STORES.contains(store), "EDDY_STORE is one of " + STORES + ": " + store);
        if (store.equals("redis")) {
            assertTrue(data.containsKey("QUARKUS_REDIS_HOSTS"), "the Redis store needs QUARKUS_REDIS_HOSTS");
        }
    }

    static void deploymentTakesConfigMap(Artifacts a) {
        ObjectNode cm = a.configMap();
        Set<String> keys = strings(cm.path("data")).keySet();
        Set<String> reached = new LinkedHashSet<>();
        for (JsonNode c : a.deployment().path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode from : c.path("envFrom")) {
                if (from.has("configMapRef")) {
                    String ref = from.path("configMapRef").path("name").asText();
                    assertNotNull(a.find("ConfigMap", ref), "envFrom names ConfigMap " + ref + ", which is not defined");
                    if (ref.equals(name(cm))) {
                        reached.addAll(keys);
                    }
                }
            }
            for (JsonNode env : c.path("env")) {
                JsonNode keyRef = env.path("valueFrom").path("configMapKeyRef");
                if (keyRef.isObject()) {
                    String ref = keyRef.path("name").asText();
                    ObjectNode target = a.find("ConfigMap", ref);
                    assertNotNull(target, env.path("name").asText() + " names ConfigMap " + ref + ", which is not defined");
                    String key = keyRef.path("key").asText();
                    assertTrue(target.path("data").has(key), "ConfigMap " + ref + " has no key " + key);
                    if (ref.equals(name(cm)) && key.equals(env.path("name").asText())) {
                        reached.add(key);
                    }
                }
            }
        }
        assertEquals(keys, reached, "every key of ConfigMap " + name(cm) + " reaches Eddy's environment");
    }

    static void imagesMatchDockerfiles(Artifacts a) {
        Map<String, String> tags = new TreeMap<>();
        Pattern build = Pattern.compile("docker build -f src/main/docker/(Dockerfile\\.[\\w-]+) -t (\\S+) \\.");
        a.dockerfiles.forEach((file, text) -> {
            Matcher m = build.matcher(text);
            assertTrue(m.find(), file + " documents its docker build command and tag");
            assertEquals(file, m.group(1), file + " documents a build of itself");
            Matcher convention = Pattern.compile("(?m)^# Image tag convention: (\\S+)$").matcher(text);
            assertTrue(convention.find(), file + " states its image tag convention");
            assertEquals(convention.group(1), m.group(2), file + " builds the tag its convention names");
            tags.put(file, m.group(2));
        });
        assertEquals("eddy:jvm", tags.get("Dockerfile.jvm"), "the JVM image is tagged eddy:jvm");

        ObjectNode pod = (ObjectNode) a.deployment().path("spec").path("template").path("spec");
        assertEquals(tags.get("Dockerfile.jvm"), container(a.deployment()).path("image").asText(),
                "the Deployment runs the image Dockerfile.jvm builds");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertEquals(dockerUser(a.dockerfiles.get("Dockerfile.jvm")), pod.path("securityContext").path("runAsUser").asInt(),
                "the pod runs as Dockerfile.jvm's USER");

        ObjectNode eddy = a.composeService("eddy");
        String dockerfile = eddy.path("build").path("dockerfile").asText();
        assertTrue(dockerfile.startsWith("src/main/docker/"), "compose builds from src/main/docker/: " + dockerfile);
        String file = dockerfile.substring("src/main/docker/".length());
        assertTrue(a.dockerfiles.containsKey(file), "compose builds from an existing Dockerfile: " + dockerfile);
        assertEquals(".", eddy.path("build").path("context").asText(), "compose builds in the project root");
        assertEquals(tags.get(file), eddy.path("image").asText(), "compose tags the image as " + file + " documents");
        assertEquals(container(a.deployment()).path("image").asText(), eddy.path("image").asText(),
                "compose and Kubernetes run the same image");
    }

    static void dockerfilesExposeHttpPort(Artifacts a) {
        assertEquals("4566", a.application.getProperty("quarkus.http.port"), "quarkus.http.port");
        assertEquals(Set.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"), a.dockerfiles.keySet(),
                "src/main/docker/ holds the JVM, native and native-micro Dockerfiles");
        a.dockerfiles.forEach((file, text) -> {
            List<String> exposed = instructions(text, "EXPOSE");
            assertEquals(List.of(a.application.getProperty("quarkus.http.port")), exposed, file + " EXPOSE");
            int user = dockerUser(text);
            assertTrue(user > 0, file + " runs as a non-root numeric USER");
            assertEquals(1, instructions(text, "ENTRYPOINT").size(), file + " has one ENTRYPOINT");
        });
        assertEquals(List.of("quay.io/quarkus/quarkus-micro-image:2.0"),
                instructions(a.dockerfiles.get("Dockerfile.native-micro"), "FROM"), "the micro image's base");
    }

    static void pdbProtectsDeployment(Artifacts a) {
        ObjectNode pdb = ofKindOne(a, "PodDisruptionBudget");
        ObjectNode deployment = a.deployment();
        Map<String, String> selector = strings(pdb.path("spec").path("selector").path("matchLabels"));
        assertTrue(selects(selector, labelsOf(deployment)), "the PDB selects Eddy's pods: " + selector);
        for (ObjectNode w : a.workloads()) {
            if (w != deployment) {
                assertFalse(selects(selector, labelsOf(w)), "the PDB selects only Eddy's pods, not " + describe(w));
            }
        }
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        int minAvailable = pdb.path("spec").path("minAvailable").asInt(-1);
        assertTrue(minAvailable >= 1 && minAvailable < replicas,
                "minAvailable " + minAvailable + " keeps one Eddy and still lets a node drain (replicas " + replicas + ")");
    }

    static void composeMatchesManifests(Artifacts a) {
        ObjectNode eddy = a.composeService("eddy");
        Map<String, String> env = composeEnvironment(eddy);
        Set<String> allowed = new TreeSet<>(eddyEnvironment());
        container(a.deployment()).path("env").forEach(e -> allowed.add(e.path("name").asText()));
        for (String name : env.keySet()) {
            assertTrue(isSetting(allowed, name), "compose sets " + name + ", which neither Eddy nor the Deployment uses");
        }
        Set<String> configKeys = strings(a.configMap().path("data")).keySet();
        for (String key : List.of("EDDY_STORE", "QUARKUS_REDIS_HOSTS")) {
            assertTrue(configKeys.contains(key) && env.containsKey(key), "compose and the ConfigMap both set " + key);
        }
        assertEquals("redis", env.get("EDDY_STORE"), "compose runs the Redis store");
        Matcher m = Pattern.compile("redis://([a-z0-9_-]+):(\\d+)").matcher(env.get("QUARKUS_REDIS_HOSTS"));
        assertTrue(m.matches(), "compose's QUARKUS_REDIS_HOSTS is redis://<service>:<port>");
        String redisName = m.group(1);
        ObjectNode redis = a.composeService(redisName);
        assertTrue(redis.path("image").asText().startsWith("redis:"), "compose service " + redisName + " runs Redis");
        assertEquals("6379", m.group(2), "Redis listens on its default port in compose");

        String httpPort = a.application.getProperty("quarkus.http.port");
        boolean published = false;
        for (JsonNode p : eddy.path("ports")) {
            String target = p.isObject() ? p.path("target").asText() : p.asText().replaceAll("/.*", "");
            published |= target.equals(httpPort) || target.endsWith(":" + httpPort);
        }
        assertTrue(published, "compose publishes Eddy's port " + httpPort);
        String imageCheck = "/deployments/bin/healthcheck";
        assertTrue(texts(eddy.path("healthcheck").path("test")).contains(imageCheck),
                "compose's healthcheck is the image's own, " + imageCheck);
        assertTrue(a.dockerfiles.get("Dockerfile.jvm").contains("HEALTHCHECK") && a.dockerfiles.get("Dockerfile.jvm").contains(imageCheck),
                "Dockerfile.jvm declares the same check");
        assertTrue(a.healthcheck.contains("/q/health/ready"), "the image's health check asks /q/health/ready");
        assertEquals("service_healthy", eddy.path("depends_on").path(redisName).path("condition").asText(),
                "Eddy waits for a healthy Redis");

        String redisCheck = String.join(" ", texts(redis.path("healthcheck").path("test")));
        assertTrue(redisCheck.contains("redis-cli") && redisCheck.contains("ping"), "Redis healthcheck is redis-cli ping");
        assertTrue(argsHave(redis.path("command"), redis.path("entrypoint"), "--appendonly", "yes"),
                "Redis runs with --appendonly yes");
        boolean dataOnNamedVolume = false;
        for (JsonNode v : redis.path("volumes")) {
            String[] parts = v.asText().split(":");
            String source = v.isObject() ? v.path("source").asText() : parts[0];
            String target = v.isObject() ? v.path("target").asText() : parts.length > 1 ? parts[1] : "";
            dataOnNamedVolume |= target.equals("/data") && a.compose.path("volumes").has(source);
        }
        assertTrue(dataOnNamedVolume, "Redis keeps /data on a named volume declared in compose.yaml");
    }

    static void podIsLockedDown(Artifacts a) {
        ObjectNode pod = (ObjectNode) a.deployment().path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        ObjectNode c = container(a.deployment());
        JsonNode sc = c.path("securityContext");
        assertTrue(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean(),
                "allowPrivilegeEscalation: false");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem: true");
        assertTrue(texts(sc.path("capabilities").path("drop")).contains("ALL"), "capabilities drop ALL");
        String tmpVolume = null;
        for (JsonNode mount : c.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertNotNull(tmpVolume, "a volume is mounted at /tmp");
        boolean emptyDir = false;
        for (JsonNode v : pod.path("volumes")) {
            emptyDir |= v.path("name").asText().equals(tmpVolume) && v.has("emptyDir");
        }
        assertTrue(emptyDir, "/tmp is an emptyDir");
    }

    /**
     * On SIGTERM Eddy answers waiting long polls at once, reports not ready for quarkus.shutdown.delay
     * and lets requests in flight finish for up to quarkus.shutdown.timeout: the pod's preStop pause
     * and all of that must end before Kubernetes (or Docker) kills the process.
     */
    static void terminationDrains(Artifacts a) {
        ObjectNode pod = (ObjectNode) a.deployment().path("spec").path("template").path("spec");
        ObjectNode c = container(a.deployment());
        int grace = pod.path("terminationGracePeriodSeconds").asInt(30);
        assertTrue(grace >= LONG_POLL_SECONDS, "the grace period outlasts a long poll: " + grace + " s");
        String timeout = env(c, "QUARKUS_SHUTDOWN_TIMEOUT");
        if (timeout == null) {
            timeout = a.application.getProperty("quarkus.shutdown.timeout");
        }
        assertNotNull(timeout, "quarkus.shutdown.timeout lets requests in flight finish on SIGTERM");
        String delay = "0";
        if (Boolean.parseBoolean(a.application.getProperty("quarkus.shutdown.delay-enabled", "false"))) {
            delay = env(c, "QUARKUS_SHUTDOWN_DELAY");
            if (delay == null) {
                delay = a.application.getProperty("quarkus.shutdown.delay", "0");
            }
        }
        int shutdown = seconds(delay) + seconds(timeout);
        assertTrue(shutdown > 0, "Eddy drains on SIGTERM");
        int preStop = 0;
        List<String> hook = texts(c.path("lifecycle").path("preStop").path("exec").path("command"));
        if (hook.size() == 2 && hook.get(0).equals("sleep")) {
            preStop = Integer.parseInt(hook.get(1));
        } else if (c.path("lifecycle").path("preStop").has("sleep")) {
            preStop = c.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt();
        }
        assertTrue(preStop + shutdown <= grace, "preStop " + preStop + " s + shutdown delay and timeout " + shutdown
                + " s fit in the grace period of " + grace + " s");

        String stop = a.composeService("eddy").path("stop_grace_period").asText("10s");
        assertTrue(seconds(stop) >= shutdown, "compose's stop_grace_period " + stop + " covers the shutdown, "
                + shutdown + " s");
    }

    static void resourcesAreSized(Artifacts a) {
        for (ObjectNode w : a.workloads()) {
            for (JsonNode c : w.path("spec").path("template").path("spec").path("containers")) {
                JsonNode r = c.path("resources");
                for (String kind : List.of("cpu", "memory")) {
                    String request = r.path("requests").path(kind).asText(null);
                    String limit = r.path("limits").path(kind).asText(null);
                    assertNotNull(request, describe(w) + " requests " + kind);
                    assertNotNull(limit, describe(w) + " limits " + kind);
                    assertTrue(quantity(request).compareTo(quantity(limit)) <= 0,
                            describe(w) + ": " + kind + " request " + request + " within limit " + limit);
                }
            }
        }
        // The JVM's heap is JAVA_MAX_MEM_RATIO percent of the limit (src/main/docker/jvm/eddy, default 70); metaspace,
        // threads and buffers took about 110 MiB more when measured, so leave at least 128 MiB.
        ObjectNode eddy = container(a.deployment());
        String ratio = env(eddy, "JAVA_MAX_MEM_RATIO");
        BigDecimal limit = quantity(eddy.path("resources").path("limits").path("memory").asText());
        BigDecimal heap = limit.multiply(new BigDecimal(ratio == null ? "70" : ratio)).divide(BigDecimal.valueOf(100));
        assertTrue(limit.subtract(heap).compareTo(quantity("128Mi")) >= 0,
                "the heap (" + ratio + "% of " + limit + " bytes) leaves 128 MiB of the memory limit to the rest of the JVM");
    }

    static void dockerignoreAdmitsCopySources(Artifacts a) {
        Set<String> samples = new LinkedHashSet<>();
        a.dockerfiles.forEach((file, text) -> {
            for (String copy : instructions(text, "COPY")) {
                List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
                words.removeIf(w -> w.startsWith("--"));
                assertTrue(words.size() >= 2, file + ": COPY " + copy);
                for (String source : words.subList(0, words.size() - 1)) {
                    String sample = source.replace("*-runner", "eddy-0.1.0-SNAPSHOT-runner")
                            .replace("*.jar", "quarkus-run.jar");
                    samples.add(sample.endsWith("/") ? sample + "main/dev.eddy.eddy-0.1.0-SNAPSHOT.jar" : sample);
                }
            }
        });
        assertFalse(samples.isEmpty(), "the Dockerfiles COPY something");
        for (String path : samples) {
            assertTrue(admitted(a.dockerignore, path), ".dockerignore lets COPY source " + path + " through");
        }
        for (String path : List.of("pom.xml", ".git/HEAD", "src/main/java/dev/eddy/edge/Edge.java", "k8s/eddy-service.yaml",
                "target/classes/application.properties", "target/surefire-reports/TEST-x.xml",
                "target/quarkus-app/quarkus-app-dependencies.txt")) {
            assertFalse(admitted(a.dockerignore, path), ".dockerignore keeps " + path + " out of the build context");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    static List<ObjectNode> readYaml(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                assertTrue(doc.isObject(), file + " holds mappings");
                docs.add((ObjectNode) doc);
            }
        }
        return docs;
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(n -> out.add(n.asText()));
        } else if (list.isTextual()) {
            out.add(list.asText());
        }
        return out;
    }

    /** A non-empty selector all of whose labels the pod carries. */
    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Map<String, String> labelsOf(ObjectNode workload) {
        return strings(workload.path("spec").path("template").path("metadata").path("labels"));
    }

    private static ObjectNode podLabels(ObjectNode workload) {
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        if (!labels.isObject()) {
            throw new IllegalStateException(describe(workload) + " has no pod labels");
        }
        return (ObjectNode) labels;
    }

    private static ObjectNode selector(ObjectNode service) {
        return (ObjectNode) service.path("spec").path("selector");
    }

    private static ObjectNode servicePort(ObjectNode service) {
        return (ObjectNode) service.path("spec").path("ports").path(0);
    }

    private static Set<Integer> servicePorts(ObjectNode service) {
        Set<Integer> ports = new LinkedHashSet<>();
        service.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    private static ObjectNode serviceNamed(Artifacts a, String name) {
        ObjectNode s = a.find("Service", name);
        assertNotNull(s, "there is a Service " + name);
        return s;
    }

    private static ObjectNode ofKindOne(Artifacts a, String kind) {
        List<ObjectNode> found = a.ofKind(kind);
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    /** The one workload whose pods the Service selects. */
    private static ObjectNode workloadOf(Artifacts a, ObjectNode service) {
        Map<String, String> selector = strings(service.path("spec").path("selector"));
        List<ObjectNode> selected = a.workloads().stream()
                .filter(w -> selects(selector, labelsOf(w)))
                .toList();
        assertEquals(1, selected.size(), describe(service) + " with selector " + selector + " selects the pods of "
                + selected.stream().map(ManifestsTest::describe).toList() + "; expected exactly one workload");
        return selected.get(0);
    }

    private static ObjectNode container(ObjectNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(describe(workload) + " has one container");
        }
        return (ObjectNode) containers.get(0);
    }

    private static ObjectNode containerPort(ObjectNode workload) {
        return (ObjectNode) container(workload).path("ports").path(0);
    }

    private static ObjectNode containerSecurity(ObjectNode workload) {
        return (ObjectNode) container(workload).path("securityContext");
    }

    private static ObjectNode httpGet(ObjectNode workload, String probe) {
        JsonNode get = container(workload).path(probe).path("httpGet");
        if (!get.isObject()) {
            throw new IllegalStateException("no httpGet " + probe);
        }
        return (ObjectNode) get;
    }

    /** The container port a Service targetPort or probe port refers to, by name or number; null if none. */
    private static JsonNode resolvePort(ObjectNode workload, JsonNode port) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                // As in Kubernetes: a number is a port number, a string is a port name.
                boolean byName = port.isTextual() && port.asText().equals(p.path("name").asText());
                boolean byNumber = port.isIntegralNumber() && port.asInt() == p.path("containerPort").asInt();
                if (byName || byNumber) {
                    return p;
                }
            }
        }
        return null;
    }

    private static ObjectNode data(Artifacts a) {
        return (ObjectNode) a.configMap().path("data");
    }

    private static int httpPort(Artifacts a) {
        return Integer.parseInt(a.application.getProperty("quarkus.http.port"));
    }

    private static String firstLabel(String host) {
        return host.split("\\.")[0];
    }

    /** Whether {@code flag value} appears among the words of a command and its args. */
    private static boolean argsHave(JsonNode command, JsonNode args, String flag, String value) {
        List<String> words = new ArrayList<>();
        for (JsonNode part : List.of(command, args)) {
            if (part.isTextual()) {
                words.addAll(List.of(part.asText().trim().split("\\s+")));
            } else {
                words.addAll(texts(part));
            }
        }
        int i = words.indexOf(flag);
        return i >= 0 && i + 1 < words.size() && words.get(i + 1).equals(value);
    }

    private static String env(ObjectNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    private static void setEnv(ObjectNode container, String name, String value) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                ((ObjectNode) e).put("value", value);
                return;
            }
        }
        throw new IllegalStateException("no env " + name);
    }

    private static void removeEnv(ObjectNode container, String name) {
        ArrayNode env = (ArrayNode) container.path("env");
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).path("name").asText().equals(name)) {
                env.remove(i);
                return;
            }
        }
        throw new IllegalStateException("no env " + name);
    }

    private static ObjectNode environment(Artifacts a) {
        JsonNode env = a.composeService("eddy").path("environment");
        if (!env.isObject()) {
            throw new IllegalStateException("compose's eddy environment is a map");
        }
        return (ObjectNode) env;
    }

    private static void renameKey(ObjectNode map, String from, String to) {
        JsonNode value = map.remove(from);
        if (value == null) {
            throw new IllegalStateException("no key " + from);
        }
        map.set(to, value);
    }

    /** A compose service's environment, in either of its forms (map, or list of NAME=value). */
    private static Map<String, String> composeEnvironment(ObjectNode service) {
        JsonNode env = service.path("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env.isObject()) {
            out.putAll(strings(env));
        } else {
            for (JsonNode e : env) {
                String[] kv = e.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    /**
     * The environment variables Eddy reads: every {@code eddy.*} setting of {@link EddyConfig}, named as
     * SmallRye Config maps properties to the environment, and the Quarkus settings the README documents.
     * A map setting ({@code eddy.functions.<name>}) appears as a prefix ending in {@code _*}.
     */
    static Set<String> eddyEnvironment() {
        Set<String> names = new TreeSet<>(Set.of("QUARKUS_HTTP_PORT", "QUARKUS_REDIS_HOSTS", "QUARKUS_REDIS_CLIENT_TYPE",
                "QUARKUS_REDIS_MASTER_NAME", "QUARKUS_REDIS_ROLE", "QUARKUS_REDIS_AUTO_FAILOVER"));
        collect(EddyConfig.class, "eddy", names);
        assertTrue(names.contains("EDDY_STORE") && names.contains("EDDY_PUBLIC_BASE_URL"), "EddyConfig read: " + names);
        return names;
    }

    private static boolean isSetting(Set<String> known, String name) {
        return known.contains(name) || known.stream()
                .anyMatch(k -> k.endsWith("_*") && name.startsWith(k.substring(0, k.length() - 1)) && name.length() > k.length() - 1);
    }

    private static void collect(Class<?> group, String prefix, Set<String> names) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            String property = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == EddyConfig.class) {
                collect(m.getReturnType(), property, names);
            } else if (Map.class.isAssignableFrom(m.getReturnType())) {
                names.add(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase() + "_*");
            } else {
                names.add(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
            }
        }
    }

    /** The arguments of each Dockerfile instruction of the given name, continuation lines joined. */
    private static List<String> instructions(String dockerfile, String instruction) {
        String joined = dockerfile.replaceAll("\\\\\\r?\\n", " ");
        return joined.lines()
                .map(String::trim)
                .filter(l -> !l.startsWith("#"))
                .filter(l -> l.toUpperCase().startsWith(instruction + " "))
                .map(l -> l.substring(instruction.length()).trim())
                .collect(Collectors.toList());
    }

    /** The numeric uid of the Dockerfile's last USER, or -1 if it is missing, named or root. */
    private static int dockerUser(String dockerfile) {
        List<String> users = instructions(dockerfile, "USER");
        if (users.isEmpty()) {
            return -1;
        }
        String user = users.get(users.size() - 1).split(":")[0];
        return user.matches("\\d+") ? Integer.parseInt(user) : -1;
    }

    /** A Quarkus or Compose duration (25s, 1m30s, PT25S, 500ms, or plain seconds) in whole seconds, rounded up. */
    private static int seconds(String duration) {
        String d = duration.trim();
        if (d.matches("\\d+")) {
            return Integer.parseInt(d);
        }
        if (d.toUpperCase().startsWith("P")) {
            return (int) Math.ceil(java.time.Duration.parse(d).toMillis() / 1000.0);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(d);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            end = m.end();
        }
        assertTrue(end == d.length() && end > 0, "a duration: " + duration);
        return (int) Math.ceil(millis / 1000.0);
    }

    /** A Kubernetes quantity (250m, 512Mi, 1Gi, 1) as a number. */
    private static BigDecimal quantity(String q) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(q);
        assertTrue(m.matches(), "a quantity: " + q);
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "m" -> n.divide(BigDecimal.valueOf(1000));
            case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
            case "k" -> n.multiply(BigDecimal.valueOf(1_000L));
            case "M" -> n.multiply(BigDecimal.valueOf(1_000_000L));
            case "G" -> n.multiply(BigDecimal.valueOf(1_000_000_000L));
            case "T" -> n.multiply(BigDecimal.valueOf(1_000_000_000_000L));
            default -> n;
        };
    }

    /**
     * Whether Docker sends the path in the build context under these .dockerignore rules: the last
     * pattern that matches the path or one of its parent directories decides, {@code !} re-admits.
     */
    static boolean admitted(List<String> dockerignore, String path) {
        boolean admitted = true;
        for (String line : dockerignore) {
            String pattern = line.trim();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).trim();
            }
            pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
            if (matchesOrParentMatches(pattern, path)) {
                admitted = exception;
            }
        }
        return admitted;
    }

    private static boolean matchesOrParentMatches(String glob, String path) {
        Pattern p = Pattern.compile(globToRegex(glob));
        String candidate = path;
        while (true) {
            if (p.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
