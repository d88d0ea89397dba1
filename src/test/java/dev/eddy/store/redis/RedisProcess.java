package dev.eddy.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process of the tests' clusters and sentinel sets: Debian's redis-server
 * and redis-cli, installed when missing (the tests run as root on a Debian machine, as CI does).
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts redis-server on a free port with these extra arguments ({@code --name value} pairs). */
    public static RedisProcess start(String name, List<String> args) {
        return launch(name, List.of(), args);
    }

    /** Starts a sentinel on a free port with these configuration lines. */
    public static RedisProcess sentinel(String name, List<String> config) {
        return launch(name, config, List.of("--sentinel"));
    }

    private static RedisProcess launch(String name, List<String> config, List<String> args) {
        installed();
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("eddy-redis-" + name + "-");
            Path conf = dir.resolve("redis.conf");
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                    "save \"\"", "appendonly no"));
            lines.addAll(config);
            Files.write(conf, lines, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("redis-server", conf.toString()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisProcess redis = new RedisProcess(port, dir, process);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            redis.awaitPing();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server " + name, e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs redis-cli against this process and returns what it printed. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    /** kill -9: the process gets no chance to flush or hand anything over. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitPing() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on " + port + " exited: " + log());
            }
            try {
                if (cli("PING").contains("PONG")) {
                    return;
                }
                Thread.sleep(50);
            } catch (IllegalStateException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server on " + port + " did not answer PING: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed;

    /** redis-server and redis-cli from Debian, installed the first time a test needs them. */
    static synchronized void installed() {
        if (installed) {
            return;
        }
        if (!onPath("redis-server") || !onPath("redis-cli")) {
            run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                    + "apt-get install -y -qq redis-server redis-tools"));
        }
        installed = true;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A free port whose cluster bus port (10000 above it) is free too. */
    private static synchronized int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(35_000);
            try (ServerSocket a = new ServerSocket(port); ServerSocket b = new ServerSocket(port + 10_000)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("No free port pair for redis-server");
    }
}
