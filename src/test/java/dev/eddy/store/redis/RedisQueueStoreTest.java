package dev.eddy.store.redis;

import dev.eddy.store.QueueStore;
import dev.eddy.store.QueueStoreContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
