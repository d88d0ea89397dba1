package dev.eddy.store.redis;

import dev.eddy.store.TopicStore;
import dev.eddy.store.TopicStoreContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisTopicStoreTest extends TopicStoreContract {
    private static Vertx vertx;
    private static RedisTopicStore store;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        store = new RedisTopicStore(Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterAll
    static void disconnect() {
        vertx.closeAndAwait();
    }

    @Override
    protected TopicStore store() {
        return store;
    }
}
