package dev.eddy.sqs;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue behaviour suite on a three-node Redis Cluster: listings and dead-letter queues span slots and nodes. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class QueueBehaviourClusterTest extends QueueBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.json();
    }
}
