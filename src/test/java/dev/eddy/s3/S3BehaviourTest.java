package dev.eddy.s3;

import io.quarkus.test.junit.QuarkusTest;

/** The S3 behaviour suite on the in-memory store. */
@QuarkusTest
class S3BehaviourTest extends S3Behaviour {
}
