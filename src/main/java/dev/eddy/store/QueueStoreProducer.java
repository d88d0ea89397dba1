package dev.eddy.store;

import dev.eddy.common.EddyConfig;
import dev.eddy.store.memory.MemoryQueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the store named by {@code eddy.store}. */
@ApplicationScoped
public class QueueStoreProducer {

    @Produces
    @ApplicationScoped
    QueueStore queueStore(EddyConfig config) {
        return switch (config.store()) {
            case "memory" -> new MemoryQueueStore();
            default -> throw new IllegalStateException("eddy.store=" + config.store()
                    + " is not available in this build; supported: memory");
        };
    }
}
