package dev.eddy.sqs;

import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue behaviour suite through AWS SDK for Java v2 (SQS JSON 1.0 protocol). */
@QuarkusTest
class QueueBehaviourJsonTest extends QueueBehaviour {
    @Override
    protected SqsClient sqs() {
        return SqsClients.json();
    }
}
