package dev.eddy.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.sns.SnsClients;
import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** With eddy.s3.check-destination-permissions on, a destination's Policy must let S3 send, as on AWS. */
@QuarkusTest
@TestProfile(S3NotificationPermissionTest.Checked.class)
class S3NotificationPermissionTest {
    public static class Checked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eddy.s3.check-destination-permissions", "true");
        }
    }

    private final S3Client s3 = S3Clients.pathStyle();
    private final SqsClient sqs = SqsClients.json();

    private static String policy(String service, String action, String arn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + service + "\"},\"Action\":\"" + action + "\",\"Resource\":\"" + arn + "\"}]}";
    }

    private String queueArn(String policy) {
        String url = sqs.createQueue(b -> b.queueName("p-" + UUID.randomUUID())).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        if (policy != null) {
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY,
                    policy.replace("ARN", arn))));
        }
        return arn;
    }

    @Test
    void aQueueWhosePolicyDoesNotAllowS3IsRefused() {
        String bucket = S3Behaviour.newBucket(s3);
        for (String arn : new String[] {queueArn(null), queueArn(policy("sns.amazonaws.com", "sqs:SendMessage", "ARN")),
                queueArn(policy("s3.amazonaws.com", "sqs:ReceiveMessage", "ARN"))}) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.putBucketNotificationConfiguration(b -> b
                    .bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(arn)
                            .events(Event.S3_OBJECT_CREATED)))));
            assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
            assertEquals("Unable to validate the following destination configurations",
                    e.awsErrorDetails().errorMessage());
        }
        String allowed = queueArn(policy("s3.amazonaws.com", "sqs:SendMessage", "ARN"));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(allowed).events(Event.S3_OBJECT_CREATED))));
        // Skipping validation skips the permission check too.
        String unchecked = queueArn(null);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).skipDestinationValidation(true)
                .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(unchecked)
                        .events(Event.S3_OBJECT_CREATED))));
    }

    @Test
    void aTopicWhosePolicyDoesNotAllowS3IsRefused() {
        String bucket = S3Behaviour.newBucket(s3);
        String topic = SnsClients.sns().createTopic(b -> b.name("p-" + UUID.randomUUID())).topicArn();
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putBucketNotificationConfiguration(b -> b
                .bucket(bucket).notificationConfiguration(n -> n.topicConfigurations(t -> t.topicArn(topic)
                        .events(Event.S3_OBJECT_CREATED)))));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        SnsClients.sns().setTopicAttributes(b -> b.topicArn(topic).attributeName("Policy")
                .attributeValue(policy("s3.amazonaws.com", "SNS:Publish", topic)));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .topicConfigurations(t -> t.topicArn(topic).events(Event.S3_OBJECT_CREATED))));
    }
}
