package dev.eddy.store.redis;

import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.DeliveryOutboxContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox contract on Redis. It clears the outbox, so it uses a Redis database of its own. */
class RedisDeliveryOutboxTest extends DeliveryOutboxContract {
    private static Vertx vertx;
    private static RedisDeliveryOutbox outbox;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        outbox = new RedisDeliveryOutbox(Redis.createClient(vertx, RedisTestServer.url() + "/7"));
    }

    @AfterAll
    static void disconnect() {
        vertx.closeAndAwait();
    }

    @Override
    protected DeliveryOutbox outbox() {
        return outbox;
    }
}
