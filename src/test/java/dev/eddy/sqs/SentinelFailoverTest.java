package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.store.redis.RedisReplicaSet;
import dev.eddy.store.redis.RedisSentinelProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Eddy on Redis behind Sentinel with {@code eddy.redis.wait-replicas=1}: the primary is killed with
 * kill -9 under a stream of sends, Sentinel promotes a replica, Eddy follows without a restart, and
 * every send it acknowledged, before or after, is received.
 */
@QuarkusTest
@TestProfile(RedisSentinelProfile.class)
class SentinelFailoverTest {
    private static final int PRODUCERS = 4;

    /** No retries: each call is one send, acknowledged or not, so the test knows exactly which were. */
    private static SqsClient oneAttempt() {
        return SqsClient.builder().endpointOverride(SqsClients.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void noAcknowledgedSendIsLostWhenThePrimaryIsKilledAndAReplicaPromoted() throws Exception {
        RedisReplicaSet set = RedisSentinelProfile.set();
        SqsClient sqs = oneAttempt();
        String url = sqs.createQueue(b -> b.queueName("failover-" + UUID.randomUUID())).queueUrl();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger afterFailover = new AtomicInteger();
        AtomicBoolean failedOver = new AtomicBoolean();
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String body = "p" + producer + "-" + i;
                    try {
                        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
                        acknowledged.add(body);
                        if (failedOver.get()) {
                            afterFailover.incrementAndGet();
                        }
                    } catch (AwsServiceException e) {
                        refusals.computeIfAbsent(e.statusCode() + " " + e.awsErrorDetails().errorCode(),
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
        }
        RedisReplicaSet.await("sends before the failover", () -> acknowledged.size() >= 200);
        int oldPrimary = set.primary().port();
        set.primary().kill();
        RedisReplicaSet.await("the sentinel to promote a replica", () -> set.primaryPortBySentinel() != oldPrimary);
        failedOver.set(true);
        RedisReplicaSet.await("sends through the new primary", () -> afterFailover.get() >= 200);
        stop.set(true);
        producers.shutdown();
        assertTrue(producers.awaitTermination(60, TimeUnit.SECONDS));

        Set<String> received = new HashSet<>();
        for (int empty = 0; empty < 3; ) {
            var messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            empty = messages.isEmpty() ? empty + 1 : 0;
            for (Message m : messages) {
                received.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        System.out.printf("Sentinel failover: %d sends acknowledged (%d after the promotion), %d received, refused %s%n",
                acknowledged.size(), afterFailover.get(), received.size(), new TreeMap<>(refusals));
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(received);
        assertEquals(Set.of(), lost, acknowledged.size() + " acknowledged, refused: " + new TreeMap<>(refusals));
        assertNotEquals(oldPrimary, set.primaryPortBySentinel());
        // While no primary answered, sends were refused the way AWS refuses them: 503, worth retrying.
        refusals.keySet().forEach(kind -> assertTrue(kind.startsWith("503 "), "refused as " + refusals));
    }
}
