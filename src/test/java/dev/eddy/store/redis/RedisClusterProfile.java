package dev.eddy.store.redis;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs a {@code @QuarkusTest} with the Redis store on the tests' three-node Redis Cluster. */
public class RedisClusterProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("eddy.store", "redis", "quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", RedisTestCluster.hosts());
    }
}
