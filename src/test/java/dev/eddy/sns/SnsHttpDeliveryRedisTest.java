package dev.eddy.sns;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The HTTP delivery suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class SnsHttpDeliveryRedisTest extends SnsHttpBehaviour {
}
