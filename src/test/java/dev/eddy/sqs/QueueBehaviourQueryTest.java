package dev.eddy.sqs;

import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue behaviour suite through AWS SDK for Java v1 1.12.500 (SQS Query protocol). */
@QuarkusTest
class QueueBehaviourQueryTest extends QueueBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.query();
    }
}
