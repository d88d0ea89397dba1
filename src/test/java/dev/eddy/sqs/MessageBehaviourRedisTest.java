package dev.eddy.sqs;

import dev.eddy.store.redis.RedisStoreProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The message behaviour suite on the Redis store (through SDK v2; the protocols are store-independent). */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class MessageBehaviourRedisTest extends MessageBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.json();
    }
}
