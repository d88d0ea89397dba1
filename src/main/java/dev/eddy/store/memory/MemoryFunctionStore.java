package dev.eddy.store.memory;

import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.MappingRecord;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Functions and event source mappings in memory. */
public final class MemoryFunctionStore implements FunctionStore {
    private final Map<String, FunctionRecord> functions = new ConcurrentHashMap<>();
    private final Map<String, MappingRecord> mappings = new HashMap<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    /** Per mapping: holder to slot expiry (ms). */
    private final Map<String, Map<String, Long>> slots = new HashMap<>();

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
    public synchronized Uni<String> createMapping(MappingRecord mapping) {
        for (MappingRecord existing : mappings.values()) {
            if (existing.eventSourceArn().equals(mapping.eventSourceArn())
                    && existing.functionArn().equals(mapping.functionArn())) {
                return Uni.createFrom().item(existing.uuid());
            }
        }
        mappings.put(mapping.uuid(), mapping);
        return Uni.createFrom().nullItem();
    }

    @Override
    public synchronized Uni<MappingRecord> mapping(String uuid) {
        return Uni.createFrom().item(mappings.get(uuid));
    }

    @Override
    public synchronized Uni<List<MappingRecord>> mappings() {
        return Uni.createFrom().item(new ArrayList<>(mappings.values()));
    }

    @Override
    public synchronized Uni<Boolean> updateMapping(MappingRecord mapping) {
        return Uni.createFrom().item(mappings.replace(mapping.uuid(), mapping) != null);
    }

    @Override
    public synchronized Uni<Boolean> deleteMapping(String uuid) {
        results.remove(uuid);
        slots.remove(uuid);
        return Uni.createFrom().item(mappings.remove(uuid) != null);
    }

    @Override
    public Uni<Void> setProcessingResult(String uuid, String result) {
        results.put(uuid, result);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<String> processingResult(String uuid) {
        return Uni.createFrom().item(results.get(uuid));
    }

    @Override
    public synchronized Uni<Boolean> acquireSlot(String uuid, String holder, int limit, long now, long expiresAt) {
        Map<String, Long> held = slots.computeIfAbsent(uuid, u -> new HashMap<>());
        held.values().removeIf(expiry -> expiry <= now);
        if (held.size() >= limit && !held.containsKey(holder)) {
            return Uni.createFrom().item(false);
        }
        held.put(holder, expiresAt);
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<Void> releaseSlot(String uuid, String holder) {
        Map<String, Long> held = slots.get(uuid);
        if (held != null) {
            held.remove(holder);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> clear() {
        functions.clear();
        mappings.clear();
        results.clear();
        slots.clear();
        return Uni.createFrom().voidItem();
    }
}
