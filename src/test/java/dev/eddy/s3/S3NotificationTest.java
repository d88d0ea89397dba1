package dev.eddy.s3;

import io.quarkus.test.junit.QuarkusTest;

/** The S3 notification suite on the in-memory store. */
@QuarkusTest
class S3NotificationTest extends S3NotificationBehaviour {
}
