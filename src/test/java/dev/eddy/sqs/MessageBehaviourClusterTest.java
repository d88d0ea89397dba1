package dev.eddy.sqs;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The message behaviour suite on a three-node Redis Cluster: redrives and move tasks cross slots and nodes. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class MessageBehaviourClusterTest extends MessageBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.json();
    }
}
