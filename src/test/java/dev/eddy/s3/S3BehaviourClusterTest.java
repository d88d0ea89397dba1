package dev.eddy.s3;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The S3 behaviour suite on a three-node Redis Cluster: each bucket on its own slot. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class S3BehaviourClusterTest extends S3Behaviour {
}
