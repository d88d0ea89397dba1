package dev.eddy.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Redis primary with replicas ({@code --replicaof}) and, when asked for, a Sentinel watching them
 * under the name {@link #MASTER_NAME} with quorum 1, quick to judge the primary down (1 s).
 */
public final class RedisReplicaSet implements AutoCloseable {
    public static final String MASTER_NAME = "eddy";

    private final RedisProcess primary;
    private final List<RedisProcess> replicas;
    private final RedisProcess sentinel;

    private RedisReplicaSet(RedisProcess primary, List<RedisProcess> replicas, RedisProcess sentinel) {
        this.primary = primary;
        this.replicas = replicas;
        this.sentinel = sentinel;
    }

    public static RedisReplicaSet start(int replicaCount, boolean withSentinel) {
        RedisProcess primary = RedisProcess.start("primary", List.of());
        List<RedisProcess> replicas = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(RedisProcess.start("replica" + i, List.of("--replicaof", "127.0.0.1",
                    String.valueOf(primary.port()))));
        }
        await("replicas in sync", () -> primary.cli("INFO", "replication").contains("connected_slaves:" + replicaCount)
                && replicas.stream().allMatch(r -> r.cli("INFO", "replication").contains("master_link_status:up")));
        RedisProcess sentinel = null;
        if (withSentinel) {
            sentinel = RedisProcess.sentinel("sentinel", List.of(
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 5000",
                    "sentinel parallel-syncs " + MASTER_NAME + " " + Math.max(1, replicaCount)));
            RedisProcess watching = sentinel;
            await("the sentinel to find the replicas", () -> countOf(watching) >= replicaCount);
        }
        return new RedisReplicaSet(primary, replicas, sentinel);
    }

    /** num-slaves from SENTINEL MASTER, whose reply redis-cli prints a field or value a line. */
    private static int countOf(RedisProcess sentinel) {
        String out = sentinel.cli("SENTINEL", "MASTER", MASTER_NAME);
        String[] lines = out.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals("num-slaves")) {
                return Integer.parseInt(lines[i + 1].trim());
            }
        }
        return 0;
    }

    public RedisProcess primary() {
        return primary;
    }

    public List<RedisProcess> replicas() {
        return replicas;
    }

    public RedisProcess sentinel() {
        return sentinel;
    }

    /** The port the sentinel now names as the primary. */
    public int primaryPortBySentinel() {
        String[] reply = sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim().split("\\s+");
        return Integer.parseInt(reply[1]);
    }

    public static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        if (sentinel != null) {
            sentinel.kill();
        }
        replicas.forEach(RedisProcess::kill);
        primary.kill();
    }
}
