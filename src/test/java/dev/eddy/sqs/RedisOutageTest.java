package dev.eddy.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.AwsException;
import dev.eddy.common.RequestContext;
import dev.eddy.sqs.SqsModel.CreateQueueRequest;
import dev.eddy.sqs.SqsModel.Message;
import dev.eddy.sqs.SqsModel.ReceiveMessageRequest;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.StoreReadiness;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis going away: requests fail fast with ServiceUnavailable, readiness goes down, and when Redis
 * comes back (with its append-only file) Eddy serves again by itself with nothing acknowledged lost.
 */
class RedisOutageTest {
    private static final RequestContext CONTEXT = Replica.CONTEXT;

    private RedisServer redis;
    private Replica replica;

    private RedisServer redisOn(int port, Path dir) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("appendonly yes").setting("appendfsync always").setting("dir " + dir).build();
        server.start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        if (replica != null) {
            replica.stop();
        }
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void anOutageFailsFastAndEddyRecoversWithNothingAcknowledgedLost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("eddy-redis-outage");
        redis = redisOn(port, dir);
        replica = Replica.on("redis://127.0.0.1:" + port);
        SqsQueues queues = replica.queues();
        SqsMessages messages = replica.messages();
        StoreReadiness readiness = new StoreReadiness(replica.store());

        String url = queues.createQueue(CONTEXT, new CreateQueueRequest("outage", Map.of(), null))
                .await().atMost(Duration.ofSeconds(10)).queueUrl();
        messages.sendMessage(CONTEXT, new SendMessageRequest(url, "acknowledged", null, null, null, null, null))
                .await().atMost(Duration.ofSeconds(10));

        redis.stop();
        long start = System.nanoTime();
        AwsException failure = assertThrows(AwsException.class, () -> messages.sendMessage(CONTEXT,
                new SendMessageRequest(url, "during", null, null, null, null, null)).await().atMost(Duration.ofSeconds(30)));
        long failedAfter = (System.nanoTime() - start) / 1_000_000;
        assertEquals("ServiceUnavailable", failure.code());
        assertEquals(503, failure.status());
        assertTrue(failedAfter < 6_000, "failed after " + failedAfter + " ms");
        assertEquals(HealthCheckResponse.Status.DOWN,
                readiness.call().await().atMost(Duration.ofSeconds(10)).getStatus());

        redis = redisOn(port, dir);
        HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;
        for (int i = 0; i < 50 && status == HealthCheckResponse.Status.DOWN; i++) {
            Thread.sleep(200);
            status = readiness.call().await().atMost(Duration.ofSeconds(10)).getStatus();
        }
        assertEquals(HealthCheckResponse.Status.UP, status, "readiness comes back with Redis");
        List<Message> received = messages.receiveMessage(CONTEXT, new ReceiveMessageRequest(url, null, null, null,
                10, 30, 0, null)).await().atMost(Duration.ofSeconds(10)).messages();
        assertEquals(List.of("acknowledged"), received.stream().map(Message::body).toList());
    }
}
