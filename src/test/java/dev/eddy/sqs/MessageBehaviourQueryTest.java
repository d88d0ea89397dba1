package dev.eddy.sqs;

import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The message behaviour suite through AWS SDK for Java v1 1.12.500: the SQS Query protocol. */
@QuarkusTest
class MessageBehaviourQueryTest extends MessageBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.query();
    }
}
