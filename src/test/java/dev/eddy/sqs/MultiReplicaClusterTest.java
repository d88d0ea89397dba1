package dev.eddy.sqs;

import dev.eddy.store.redis.RedisProcess;
import dev.eddy.store.redis.RedisTestCluster;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two Eddy stacks on the three-node Redis Cluster behave as one SQS: a long poll on one wakes when
 * the other sends, whichever node holds the queue.
 */
class MultiReplicaClusterTest extends MultiReplicaRedisTest {
    private static Replica onTheCluster() {
        RedisOptions cluster = new RedisOptions().setType(RedisClientType.CLUSTER)
                .setEndpoints(RedisTestCluster.nodes().stream().map(RedisProcess::url).toList());
        return Replica.on(vertx -> Redis.createClient(vertx, cluster));
    }

    @BeforeAll
    static void startReplicas() {
        a = onTheCluster();
        b = onTheCluster();
    }

    @Override
    Replica another() {
        return onTheCluster();
    }
}
