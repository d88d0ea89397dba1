package dev.eddy.store.redis;

import dev.eddy.store.FunctionStore;
import dev.eddy.store.FunctionStoreContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisFunctionStoreTest extends FunctionStoreContract {
    private static Vertx vertx;
    private static RedisFunctionStore store;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        store = new RedisFunctionStore(Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterAll
    static void disconnect() {
        vertx.closeAndAwait();
    }

    @Override
    protected FunctionStore store() {
        return store;
    }
}
