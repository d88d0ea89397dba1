package dev.eddy.sns;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The SNS behaviour suite on a three-node Redis Cluster: a publish fans out to queues on every node. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class SnsBehaviourClusterTest extends SnsBehaviour {
}
