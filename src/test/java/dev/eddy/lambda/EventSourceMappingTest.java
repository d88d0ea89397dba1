package dev.eddy.lambda;

import io.quarkus.test.junit.QuarkusTest;

/** The event source mapping suite on the in-memory store. */
@QuarkusTest
class EventSourceMappingTest extends EventSourceMappingBehaviour {
}
