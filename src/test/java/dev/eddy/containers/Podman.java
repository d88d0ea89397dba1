package dev.eddy.containers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, for the container suite. The images it runs ({@code eddy:jvm}, the Redis
 * stand-in) are built by {@code src/test/containers/build-images} before failsafe starts.
 */
final class Podman {
    static final String EDDY_IMAGE = "eddy:jvm";
    static final String REDIS_IMAGE = "docker.io/library/redis:8";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Podman() {
    }

    /** The project root: failsafe runs in it. */
    static Path root() {
        return Path.of("").toAbsolutePath();
    }

    /** A name no other run uses, for containers, networks, pods and volumes. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs podman with these arguments; its standard output, or a failure with all it printed. */
    static String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(3));
    }

    /** Runs a command in the project root; its standard output, or a failure with all it printed. */
    static String run(List<String> command, Duration timeout) {
        Result r = tryRun(command, timeout);
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.stdout();
    }

    record Result(int exitCode, String stdout, String output) {
    }

    /** Runs a command; its exit code and output, whatever they are. */
    static Result tryRun(List<String> command, Duration timeout) {
        return tryRun(command, timeout, Map.of());
    }

    /** Runs a command with these environment variables added. */
    static Result tryRun(List<String> command, Duration timeout, Map<String, String> env) {
        try {
            Path err = java.nio.file.Files.createTempFile("podman", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root().toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process p = builder.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout);
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            // podman reports its missing systemd (health-check timers) on every run; that is not the command's output.
            String stderr = java.nio.file.Files.readAllLines(err).stream()
                    .filter(l -> !l.contains("unable to get systemd connection") && !l.contains("failed to connect to syslog"))
                    .reduce("", (a, b) -> a + b + "\n");
            java.nio.file.Files.deleteIfExists(err);
            return new Result(p.exitValue(), stdout.trim(), stdout + stderr);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The host port podman published for the container's port 4566 (run with {@code -p 127.0.0.1::4566}). */
    static URI endpoint(String container) {
        String mapping = podman("port", container, "4566/tcp").lines().findFirst().orElseThrow();
        return URI.create("http://" + mapping.trim());
    }

    /** Waits until Eddy at this endpoint reports ready (its store included). */
    static void awaitReady(URI endpoint, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(100));
        }
        fail("Eddy at " + endpoint + " was not ready within " + within + ": " + last);
    }

    /** Removes containers, pods, networks or volumes by name, ignoring those already gone. */
    static void removeQuietly(String kind, String... names) {
        for (String name : names) {
            List<String> command = new ArrayList<>(List.of("podman", kind, "rm", "-f"));
            if (kind.equals("volume") || kind.equals("network") || kind.equals("pod") || kind.equals("container")) {
                command.add(name);
                tryRun(command, Duration.ofMinutes(1));
            }
        }
    }

    /** What the container printed, for failure messages. */
    static String logs(String container) {
        return tryRun(List.of("podman", "logs", "--tail", "60", container), Duration.ofSeconds(30)).output();
    }

    /** A wait between polls of something outside the JVM (a container's state): there is nothing to await on. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
