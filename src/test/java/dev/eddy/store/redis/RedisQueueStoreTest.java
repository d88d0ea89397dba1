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
