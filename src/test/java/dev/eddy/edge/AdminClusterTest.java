package dev.eddy.edge;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The admin views on a three-node Redis Cluster: counts gathered from queues on every node. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class AdminClusterTest extends AdminTest {
}
