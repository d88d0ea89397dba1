package dev.eddy.s3;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The S3 notification suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class S3NotificationRedisTest extends S3NotificationBehaviour {
}
