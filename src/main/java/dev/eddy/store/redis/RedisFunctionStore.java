package dev.eddy.store.redis;

import dev.eddy.common.Json;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.MappingRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions in Redis: {@code eddy:functions:<account>}, a hash of name to function record (JSON).
 * Event source mappings under one hash tag: {@code eddy:{mappings}} (UUID to record),
 * {@code …:pairs} ("queue ARN|function ARN" to UUID, so a pair is mapped once),
 * {@code …:results} (UUID to LastProcessingResult) and {@code …:slots:<uuid>} (a zset of
 * concurrency slots scored by lease expiry).
 */
public final class RedisFunctionStore implements FunctionStore {
    private static final String ACCOUNTS = "eddy:functions:accounts";

    private static final String MAPPINGS = "eddy:{mappings}";
    private static final String PAIRS = MAPPINGS + ":pairs";
    private static final String RESULTS = MAPPINGS + ":results";

    private final RedisAPI redis;
    private final RedisWrites writes;
    private final RedisScripts scripts;

    public RedisFunctionStore(Redis client) {
        this(RedisWrites.unconfirmed(client));
    }

    public RedisFunctionStore(RedisWrites writes) {
        this.redis = writes.api();
        this.writes = writes;
        this.scripts = new RedisScripts(writes);
    }

    private static String slots(String uuid) {
        return MAPPINGS + ":slots:" + uuid;
    }

    private static String pair(MappingRecord mapping) {
        return mapping.eventSourceArn() + "|" + mapping.functionArn();
    }

    private static String hash(String account) {
        return "eddy:functions:" + account;
    }

    @Override
    public Uni<Boolean> createFunction(FunctionRecord function) {
        return RedisCalls.guard(writes.confirmed(Command.SADD, ACCOUNTS, function.account())
                .chain(() -> writes.confirmed(Command.HSETNX, hash(function.account()), function.name(), Json.write(function)))
                .map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<FunctionRecord> function(String account, String name) {
        return RedisCalls.guard(redis.hget(hash(account), name).map(r -> RedisCalls.read(r, FunctionRecord.class)));
    }

    @Override
    public Uni<List<FunctionRecord>> functions(String account) {
        return RedisCalls.guard(redis.hvals(hash(account)).map(r -> RedisCalls.list(r, FunctionRecord.class)));
    }

    @Override
    public Uni<Void> putFunction(FunctionRecord function) {
        return RedisCalls.guard(writes.confirmed(Command.SADD, ACCOUNTS, function.account())
                .chain(() -> writes.confirmed(Command.HSET, hash(function.account()), function.name(), Json.write(function)))
                .replaceWithVoid());
    }

    @Override
    public Uni<Boolean> deleteFunction(String account, String name) {
        return RedisCalls.guard(writes.confirmed(Command.HDEL, hash(account), name).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<String> createMapping(MappingRecord mapping) {
        return RedisCalls.guard(scripts.run("mapping-create", List.of(MAPPINGS, PAIRS),
                List.of(mapping.uuid(), pair(mapping), Json.write(mapping))).map(r -> r == null ? null : r.toString()));
    }

    @Override
    public Uni<MappingRecord> mapping(String uuid) {
        return RedisCalls.guard(redis.hget(MAPPINGS, uuid).map(r -> RedisCalls.read(r, MappingRecord.class)));
    }

    @Override
    public Uni<List<MappingRecord>> mappings() {
        return RedisCalls.guard(redis.hvals(MAPPINGS).map(r -> RedisCalls.list(r, MappingRecord.class)));
    }

    @Override
    public Uni<Boolean> updateMapping(MappingRecord mapping) {
        return updateOrDelete(mapping.uuid(), Json.write(mapping));
    }

    @Override
    public Uni<Boolean> deleteMapping(String uuid) {
        return updateOrDelete(uuid, "");
    }

    private Uni<Boolean> updateOrDelete(String uuid, String json) {
        return RedisCalls.guard(scripts.run("mapping-update", List.of(MAPPINGS, PAIRS, RESULTS, slots(uuid)),
                List.of(uuid, json)).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Void> setProcessingResult(String uuid, String result) {
        return RedisCalls.guard(redis.hset(List.of(RESULTS, uuid, result)).replaceWithVoid());
    }

    @Override
    public Uni<String> processingResult(String uuid) {
        return RedisCalls.guard(redis.hget(RESULTS, uuid).map(r -> r == null ? null : r.toString()));
    }

    @Override
    public Uni<Boolean> acquireSlot(String uuid, String holder, int limit, long now, long expiresAt) {
        return RedisCalls.guard(scripts.run("mapping-slot", List.of(slots(uuid)), List.of(holder,
                String.valueOf(limit), String.valueOf(now), String.valueOf(expiresAt))).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Void> releaseSlot(String uuid, String holder) {
        return RedisCalls.guard(redis.zrem(List.of(slots(uuid), holder)).replaceWithVoid());
    }

    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.smembers(ACCOUNTS).chain(accounts -> {
            List<String> keys = new ArrayList<>(List.of(MAPPINGS, PAIRS, RESULTS));
            accounts.forEach(a -> keys.add(hash(a.toString())));
            return redis.hkeys(MAPPINGS).chain(uuids -> {
                uuids.forEach(u -> keys.add(slots(u.toString())));
                return redis.del(keys).replaceWithVoid();
            });
        }));
    }
}
