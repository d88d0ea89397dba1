package dev.eddy.store.redis;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs a {@code @QuarkusTest} with the Redis store behind Sentinel: a primary, two replicas (so the
 * promoted one still has a replica to confirm writes) and one sentinel, every acknowledged write
 * confirmed by a replica.
 */
public class RedisSentinelProfile implements QuarkusTestProfile {
    private static RedisReplicaSet set;

    /** The set this profile's Eddy runs on, started on first use. */
    public static synchronized RedisReplicaSet set() {
        if (set == null) {
            set = RedisReplicaSet.start(2, true);
        }
        return set;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return settings(set().sentinel().url());
    }

    /** Eddy's settings for Sentinel at these hosts: also what k8s/ha/ gives Eddy (HaOverlayTest). */
    public static Map<String, String> settings(String sentinels) {
        return Map.of("eddy.store", "redis",
                "quarkus.redis.client-type", "sentinel",
                "quarkus.redis.hosts", sentinels,
                "quarkus.redis.master-name", RedisReplicaSet.MASTER_NAME,
                "quarkus.redis.role", "master",
                "quarkus.redis.auto-failover", "true",
                "eddy.redis.wait-replicas", "1",
                "eddy.redis.wait-timeout", "1s");
    }
}
