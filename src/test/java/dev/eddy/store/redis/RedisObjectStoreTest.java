package dev.eddy.store.redis;

import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectStoreContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisObjectStoreTest extends ObjectStoreContract {
    private static Vertx vertx;
    private static RedisObjectStore store;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        store = new RedisObjectStore(Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterAll
    static void disconnect() {
        vertx.closeAndAwait();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }
}
