package dev.eddy.sns;

import io.quarkus.test.junit.QuarkusTest;

/** The SNS behaviour suite on the in-memory store. */
@QuarkusTest
class SnsBehaviourTest extends SnsBehaviour {
}
