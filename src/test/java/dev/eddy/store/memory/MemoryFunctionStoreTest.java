package dev.eddy.store.memory;

import dev.eddy.store.FunctionStore;
import dev.eddy.store.FunctionStoreContract;

class MemoryFunctionStoreTest extends FunctionStoreContract {
    private final MemoryFunctionStore store = new MemoryFunctionStore();

    @Override
    protected FunctionStore store() {
        return store;
    }
}
