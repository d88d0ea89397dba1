package dev.eddy.lambda;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Event source mappings on a three-node Redis Cluster: mappings on one slot, their queues on any node. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class EventSourceMappingClusterTest extends EventSourceMappingBehaviour {
}
