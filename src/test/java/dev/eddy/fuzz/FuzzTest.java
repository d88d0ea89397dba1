package dev.eddy.fuzz;

import io.quarkus.test.junit.QuarkusTest;

/** The fuzzing suite on the in-memory store. */
@QuarkusTest
class FuzzTest extends Fuzzing {
}
