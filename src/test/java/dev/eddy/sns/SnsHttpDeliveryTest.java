package dev.eddy.sns;

import io.quarkus.test.junit.QuarkusTest;

/** The HTTP delivery suite on the in-memory store. */
@QuarkusTest
class SnsHttpDeliveryTest extends SnsHttpBehaviour {
}
