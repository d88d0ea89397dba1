package dev.eddy.store.memory;

import dev.eddy.store.QueueStore;
import dev.eddy.store.QueueStoreContract;

class MemoryQueueStoreTest extends QueueStoreContract {
    private final MemoryQueueStore store = new MemoryQueueStore();

    @Override
    protected QueueStore store() {
        return store;
    }
}
