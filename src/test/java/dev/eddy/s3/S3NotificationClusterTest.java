package dev.eddy.s3;

import dev.eddy.store.redis.RedisClusterProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** S3 event notifications on a three-node Redis Cluster: a bucket's events reach queues and topics on other nodes. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class S3NotificationClusterTest extends S3NotificationBehaviour {
}
