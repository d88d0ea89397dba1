package dev.eddy.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.AwsException;
import dev.eddy.store.Claim;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** eddy.redis.wait-replicas: a write is answered once replicas hold it, or refused with 503. */
class RedisWritesTest {
    private static final long NOW = 1_700_000_000_000L;
    private Vertx vertx;
    private RedisReplicaSet set;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        set = RedisReplicaSet.start(1, false);
    }

    @AfterEach
    void stop() {
        set.close();
        vertx.closeAndAwait();
    }

    private RedisQueueStore store(RedisProcess redis, int replicas, Duration timeout) {
        return new RedisQueueStore(vertx, new RedisWrites(Redis.createClient(vertx, redis.url()), replicas, timeout));
    }

    private static QueueId queue(RedisQueueStore store) {
        QueueId id = new QueueId("000000000000", "wait-" + UUID.randomUUID());
        store.createQueue(new QueueRecord(id, "us-east-1", false, Map.of(), Map.of(), NOW, NOW)).await().indefinitely();
        return id;
    }

    private static StoredMessage message(String body) {
        return new StoredMessage(UUID.randomUUID().toString(), body, "md5", Map.of(), null, null, null, "s", NOW,
                null, null, null, null, 0);
    }

    private static Set<String> drain(RedisQueueStore store, QueueId id) {
        Set<String> bodies = new HashSet<>();
        for (int round = 0; round < 100; round++) {
            var claimed = store.claim(id, new Claim(10, 600_000, NOW, 4 * 24 * 3600_000L, 0, null))
                    .await().indefinitely().received();
            if (claimed.isEmpty()) {
                break;
            }
            claimed.forEach(m -> bodies.add(m.message().body()));
        }
        return bodies;
    }

    @Test
    void everyConfirmedSendSurvivesThePrimaryDyingTheMomentItAnswered() {
        RedisQueueStore primary = store(set.primary(), 1, Duration.ofSeconds(2));
        QueueId id = queue(primary);
        List<Uni<List<dev.eddy.store.SendResult>>> sends = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String body = "m" + i;
            sent.add(body);
            sends.add(primary.send(id, List.of(message(body)), null, NOW));
        }
        dev.eddy.common.Concurrently.all(sends, 16).await().atMost(Duration.ofSeconds(30));
        // Every send has been answered: the primary dies at once and its replica takes over.
        set.primary().kill();
        RedisProcess replica = set.replicas().get(0);
        replica.cli("REPLICAOF", "NO", "ONE");
        RedisQueueStore promoted = store(replica, 0, Duration.ZERO);
        assertEquals(sent, drain(promoted, id));
    }

    @Test
    void tooFewReplicasInTimeIsServiceUnavailableThoughTheWriteMayBeThere() {
        RedisQueueStore store = store(set.primary(), 2, Duration.ofMillis(200));
        RedisQueueStore plain = store(set.primary(), 0, Duration.ZERO);
        QueueId id = queue(plain);
        AwsException refused = assertThrows(AwsException.class,
                () -> store.send(id, List.of(message("maybe")), null, NOW).await().indefinitely());
        assertEquals(503, refused.status());
        assertEquals("ServiceUnavailable", refused.code());
        assertTrue(refused.getMessage().contains("1 of the 2"), refused.getMessage());
        assertTrue(refused.getMessage().contains("may still have been applied"), refused.getMessage());
        assertEquals(Set.of("maybe"), drain(plain, id));
    }

    @Test
    void aReplicaThatStopsMakesWritesFailRatherThanAnswerUnconfirmed() {
        RedisQueueStore store = store(set.primary(), 1, Duration.ofMillis(300));
        QueueId id = queue(store);
        store.send(id, List.of(message("while replicated")), null, NOW).await().indefinitely();
        set.replicas().get(0).kill();
        AwsException refused = assertThrows(AwsException.class,
                () -> store.send(id, List.of(message("alone")), null, NOW).await().indefinitely());
        assertEquals(503, refused.status());
    }

    @Test
    void settingsOutOfRangeAreRefusedAtStart() {
        Redis client = Redis.createClient(vertx, set.primary().url());
        assertThrows(IllegalArgumentException.class, () -> new RedisWrites(client, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RedisWrites(client, 1, Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new RedisWrites(client, 1, Duration.ZERO));
    }
}
