package dev.eddy.sqs;

import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The message behaviour suite through AWS SDK for Java v2: the SQS JSON 1.0 protocol. */
@QuarkusTest
class MessageBehaviourJsonTest extends MessageBehaviour {
    /** SqsClients builds one client per running Eddy and hands it out again on every call. */
    @Override
    protected SqsClient sqs() {
        return SqsClients.json();
    }
}
