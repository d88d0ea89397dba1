package dev.eddy.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A three-node Redis Cluster for the whole test JVM: plain {@code redis-server --cluster-enabled yes}
 * processes joined by {@code redis-cli --cluster create}, every node a primary holding a third of the
 * 16384 slots.
 */
public final class RedisTestCluster {
    private static List<RedisProcess> nodes;

    private RedisTestCluster() {
    }

    /** The nodes, started on first use. */
    public static synchronized List<RedisProcess> nodes() {
        if (nodes == null) {
            nodes = start();
        }
        return nodes;
    }

    /** {@code quarkus.redis.hosts} for it: every node, so the client finds the cluster from any. */
    public static String hosts() {
        return String.join(",", nodes().stream().map(RedisProcess::url).toList());
    }

    private static List<RedisProcess> start() {
        List<RedisProcess> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(RedisProcess.start("cluster" + i, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        started.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        RedisProcess.run(create);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!started.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"))) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("The test cluster did not reach cluster_state:ok");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return started;
    }
}
