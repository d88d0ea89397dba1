package dev.eddy.lambda;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Functions on a three-node Redis Cluster. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class LambdaFunctionsClusterTest extends LambdaFunctionsBehaviour {
}
