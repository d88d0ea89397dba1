package dev.eddy.sns;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Signatures on the Redis store, where the signing identity is shared through Redis. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class SnsSignatureRedisTest extends SnsSignatureTest {
}
