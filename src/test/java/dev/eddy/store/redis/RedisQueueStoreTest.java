package dev.eddy.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.store.Claim;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.QueueStoreContract;
import dev.eddy.store.StoredMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisQueueStoreTest extends QueueStoreContract {
    private static Vertx vertx;
    private static RedisQueueStore store;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        store = new RedisQueueStore(vertx, Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterAll
    static void disconnect() {
        if (store != null) {
            store.close();
        }
        vertx.closeAndAwait();
    }

    @Override
    protected QueueStore store() {
        return store;
    }

    @Test
    void aWakeUpReachesTheOtherReplicasWithItsMessageCount() throws Exception {
        RedisQueueStore other = new RedisQueueStore(vertx, Redis.createClient(vertx, RedisTestServer.url()));
        try {
            java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            other.onWake((id, messages) -> heard.add(id.account() + "/" + id.name() + " " + messages));
            QueueId queue = new QueueId("000000000000", "wake-" + UUID.randomUUID());
            String expected = queue.account() + "/" + queue.name() + " 7";
            // The subscription is made in the background: publish until it hears.
            String got = null;
            for (int i = 0; i < 50 && got == null; i++) {
                store.wake(queue, 7);
                got = heard.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertEquals(expected, got);
        } finally {
            other.close();
        }
    }

    @Test
    void scriptsAreReloadedAfterRedisForgetsThem() {
        QueueId id = new QueueId("000000000000", "noscript-" + UUID.randomUUID());
        store.createQueue(new QueueRecord(id, "us-east-1", false, Map.of(), Map.of(), 0, 0)).await().indefinitely();
        RedisAPI.api(Redis.createClient(vertx, RedisTestServer.url())).script(List.of("FLUSH"))
                .await().indefinitely();
        store.send(id, List.of(new StoredMessage("m1", "body", "md5", Map.of(), null, null, null, "s", 0, null, null,
                null, null, 0)), null, 0).await().indefinitely();
        assertEquals(1, store.claim(id, new Claim(10, 30_000, 0, 60_000, 0, null)).await().indefinitely()
                .received().size());
    }
}
