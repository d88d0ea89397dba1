package dev.eddy.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The Redis that tests use: {@code EDDY_TEST_REDIS_URL} when set, else one real redis-server (the
 * binary embedded-redis ships) started on a free port for the whole test JVM.
 */
public final class RedisTestServer {
    private static String url;
    private static RedisServer server;

    private RedisTestServer() {
    }

    public static synchronized String url() {
        if (url == null) {
            String given = System.getenv("EDDY_TEST_REDIS_URL");
            url = given != null && !given.isBlank() ? given : start();
        }
        return url;
    }

    private static String start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    // the JVM is exiting anyway
                }
            }));
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server for the tests", e);
        }
    }
}
