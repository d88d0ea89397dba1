package dev.eddy.store.memory;

import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Functions in memory. */
public final class MemoryFunctionStore implements FunctionStore {
    private final Map<String, FunctionRecord> functions = new ConcurrentHashMap<>();

    private static String key(String account, String name) {
        return account + "/" + name;
    }

    @Override
    public Uni<Boolean> createFunction(FunctionRecord function) {
        return Uni.createFrom().item(functions.putIfAbsent(key(function.account(), function.name()), function) == null);
    }

    @Override
    public Uni<FunctionRecord> function(String account, String name) {
        return Uni.createFrom().item(functions.get(key(account, name)));
    }

    @Override
    public Uni<List<FunctionRecord>> functions(String account) {
        return Uni.createFrom().item(functions.values().stream().filter(f -> f.account().equals(account)).toList());
    }

    @Override
    public Uni<Void> putFunction(FunctionRecord function) {
        functions.put(key(function.account(), function.name()), function);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> deleteFunction(String account, String name) {
        return Uni.createFrom().item(functions.remove(key(account, name)) != null);
    }

    @Override
    public Uni<Void> clear() {
        functions.clear();
        return Uni.createFrom().voidItem();
    }
}
