package dev.eddy.edge;

import static org.hamcrest.Matchers.equalTo;

import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Eddy's own admin paths. */
@QuarkusTest
class AdminTest {

    @Test
    void queuesListsEveryQueueWithItsCounts() {
        SqsClient sqs = SqsClients.json();
        String name = "admin-" + UUID.randomUUID();
        String url = sqs.createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("one"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("two"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(60));
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1));
        RestAssured.get("/_eddy/queues").then().statusCode(200)
                .body("queues.find { it.name == '" + name + "' }.visible", equalTo(1))
                .body("queues.find { it.name == '" + name + "' }.inFlight", equalTo(1))
                .body("queues.find { it.name == '" + name + "' }.delayed", equalTo(1))
                .body("queues.find { it.name == '" + name + "' }.fifo", equalTo(false));
    }
}
