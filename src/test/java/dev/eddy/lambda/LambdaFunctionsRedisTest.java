package dev.eddy.lambda;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The functions suite on the Redis store. */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class LambdaFunctionsRedisTest extends LambdaFunctionsBehaviour {
}
