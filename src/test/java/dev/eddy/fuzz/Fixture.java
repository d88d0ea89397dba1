package dev.eddy.fuzz;

import dev.eddy.s3.S3Clients;
import dev.eddy.sns.SnsClients;
import dev.eddy.sqs.SqsClients;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the fuzzer must not change with a rejected request: a queue holding messages, a topic with
 * a subscription, a bucket with an object. Its identifiers are among the values the fuzzer sends,
 * so that rejected requests aim at it.
 */
record Fixture(String queueUrl, String queueArn, String topicArn, String bucket, String key) {
    static final String NAME = "fuzz-fixture";

    static Fixture create() {
        SqsClient sqs = SqsClients.json();
        String url = sqs.createQueue(b -> b.queueName(NAME)).queueUrl();
        sqs.purgeQueue(b -> b.queueUrl(url));
        for (int i = 0; i < 3; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("fixture " + n));
        }
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        SnsClient sns = SnsClients.sns();
        String topic = sns.createTopic(b -> b.name(NAME)).topicArn();
        if (sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty()) {
            sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
        }
        S3Client s3 = S3Clients.pathStyle();
        if (!s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(NAME))) {
            s3.createBucket(b -> b.bucket(NAME));
        }
        s3.putObject(b -> b.bucket(NAME).key("fixture.txt").tagging("a=b"), RequestBody.fromString("fixture"));
        return new Fixture(url, arn, topic, NAME, "fixture.txt");
    }

    /** The fixture's stored state, in a form that changes only when the data does (not with time). */
    String snapshot() {
        StringBuilder state = new StringBuilder();
        try {
            Map<String, String> queue = new TreeMap<>(SqsClients.json().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings());
            long messages = 0;
            for (String count : new String[] {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed"}) {
                messages += Long.parseLong(queue.remove(count));
            }
            state.append("queue ").append(queue).append(" messages ").append(messages);
        } catch (RuntimeException e) {
            state.append("queue ").append(e.getClass().getSimpleName());
        }
        try {
            state.append("\ntopic ").append(new TreeMap<>(SnsClients.sns().getTopicAttributes(b -> b.topicArn(topicArn))
                    .attributes()));
        } catch (RuntimeException e) {
            state.append("\ntopic ").append(e.getClass().getSimpleName());
        }
        try {
            S3Client s3 = S3Clients.pathStyle();
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            state.append("\nobject ").append(head.eTag()).append(' ').append(head.contentType()).append(' ')
                    .append(new TreeMap<>(head.metadata())).append(' ')
                    .append(s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet());
        } catch (RuntimeException e) {
            state.append("\nobject ").append(e.getClass().getSimpleName());
        }
        return state.toString();
    }
}
