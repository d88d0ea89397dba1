package dev.eddy.store.memory;

import dev.eddy.store.QueueStore;
import dev.eddy.store.QueueStoreContract;

class MemoryQueueStoreTest extends QueueStoreContract {
    private final MemoryQueueStore store = new MemoryQueueStore(new HeapGuard(90, 80, new AdjustableHeap()));

    @Override
    protected QueueStore store() {
        return store;
    }
}
