package dev.eddy.store.memory;

import dev.eddy.store.TopicStore;
import dev.eddy.store.TopicStoreContract;

class MemoryTopicStoreTest extends TopicStoreContract {
    private final MemoryTopicStore store = new MemoryTopicStore();

    @Override
    protected TopicStore store() {
        return store;
    }
}
