package dev.eddy.lambda;

import io.quarkus.test.junit.QuarkusTest;

/** The functions suite on the in-memory store. */
@QuarkusTest
class LambdaFunctionsTest extends LambdaFunctionsBehaviour {
}
