package dev.eddy.lambda;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The event source mapping suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class EventSourceMappingRedisTest extends EventSourceMappingBehaviour {
}
