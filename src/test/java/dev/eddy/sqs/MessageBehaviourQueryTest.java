package dev.eddy.sqs;

import io.quarkus.test.junit.QuarkusTest;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The message behaviour suite through AWS SDK for Java v1 1.12.500: the SQS Query protocol. */
@QuarkusTest
class MessageBehaviourQueryTest extends MessageBehaviour {
    /** SqsClients builds one client per running Eddy and hands it out again on every call. */
    @Override
    protected SqsClient sqs() {
        return SqsClients.query();
    }

    /**
     * SDK v1 1.12.500 may predate the message move task operations; the adapter then throws
     * java.lang.UnsupportedOperationException, and only that skips the test.
     */
    @Override
    protected <T> T moveTaskCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (java.lang.UnsupportedOperationException e) {
            Assumptions.assumeTrue(false,
                    "AWS SDK v1 1.12.500 (Query protocol) cannot call the message move task operations: " + e);
            throw e;
        }
    }
}
