package dev.eddy.s3;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The S3 behaviour suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class S3BehaviourRedisTest extends S3Behaviour {
}
