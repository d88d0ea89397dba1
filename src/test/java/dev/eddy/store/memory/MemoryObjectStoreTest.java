package dev.eddy.store.memory;

import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectStoreContract;

class MemoryObjectStoreTest extends ObjectStoreContract {
    private final MemoryObjectStore store = new MemoryObjectStore(new HeapGuard(90, 80, new AdjustableHeap()));

    @Override
    protected ObjectStore store() {
        return store;
    }
}
