package dev.eddy.sns;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** SNS HTTP deliveries on a three-node Redis Cluster: the outbox on one node, topics on others. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class SnsHttpDeliveryClusterTest extends SnsHttpBehaviour {
}
