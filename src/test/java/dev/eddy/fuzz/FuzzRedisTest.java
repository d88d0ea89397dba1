package dev.eddy.fuzz;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The fuzzing suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class FuzzRedisTest extends Fuzzing {
}
