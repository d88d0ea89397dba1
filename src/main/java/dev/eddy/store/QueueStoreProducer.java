package dev.eddy.store;

import dev.eddy.common.EddyConfig;
import dev.eddy.store.memory.HeapGuard;
import dev.eddy.store.memory.MemoryDeliveryOutbox;
import dev.eddy.store.memory.MemoryQueueStore;
import dev.eddy.store.memory.MemoryFunctionStore;
import dev.eddy.store.memory.MemoryObjectStore;
import dev.eddy.store.memory.MemoryTopicStore;
import dev.eddy.store.redis.RedisDeliveryOutbox;
import dev.eddy.store.redis.RedisQueueStore;
import dev.eddy.store.redis.RedisFunctionStore;
import dev.eddy.store.redis.RedisObjectStore;
import dev.eddy.store.redis.RedisTopicStore;
import dev.eddy.store.redis.RedisWrites;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the stores named by {@code eddy.store}. */
@ApplicationScoped
public class QueueStoreProducer {

    @Produces
    @ApplicationScoped
    QueueStore queueStore(EddyConfig config, Vertx vertx, Instance<Redis> redis, Instance<HeapGuard> heap) {
        return switch (config.store()) {
            case "memory" -> new MemoryQueueStore(heap.get());
            case "redis" -> new RedisQueueStore(vertx, writes(config, redis));
            default -> throw new IllegalStateException("Unknown eddy.store=" + config.store()
                    + "; supported: memory, redis");
        };
    }

    @Produces
    @ApplicationScoped
    TopicStore topicStore(EddyConfig config, Instance<Redis> redis) {
        return switch (config.store()) {
            case "redis" -> new RedisTopicStore(writes(config, redis));
            default -> new MemoryTopicStore();
        };
    }

    @Produces
    @ApplicationScoped
    FunctionStore functionStore(EddyConfig config, Instance<Redis> redis) {
        return switch (config.store()) {
            case "redis" -> new RedisFunctionStore(writes(config, redis));
            default -> new MemoryFunctionStore();
        };
    }

    @Produces
    @ApplicationScoped
    DeliveryOutbox deliveryOutbox(EddyConfig config, Instance<Redis> redis) {
        return switch (config.store()) {
            case "redis" -> new RedisDeliveryOutbox(writes(config, redis));
            default -> new MemoryDeliveryOutbox();
        };
    }

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(EddyConfig config, Instance<Redis> redis, Instance<HeapGuard> heap) {
        return switch (config.store()) {
            case "redis" -> new RedisObjectStore(writes(config, redis));
            default -> new MemoryObjectStore(heap.get());
        };
    }

    /** Every Redis store writes with the replica confirmation {@code eddy.redis.*} asks for. */
    private static RedisWrites writes(EddyConfig config, Instance<Redis> redis) {
        return new RedisWrites(redis.get(), config.redis().waitReplicas(), config.redis().waitTimeout());
    }

    void close(@Disposes QueueStore store) {
        store.close();
    }
}
