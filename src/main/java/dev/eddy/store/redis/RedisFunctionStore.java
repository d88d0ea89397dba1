package dev.eddy.store.redis;

import dev.eddy.common.Json;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.List;

/** Functions in Redis: {@code eddy:functions:<account>}, a hash of name to function record (JSON). */
public final class RedisFunctionStore implements FunctionStore {
    private static final String ACCOUNTS = "eddy:functions:accounts";

    private final RedisAPI redis;

    public RedisFunctionStore(Redis client) {
        this.redis = RedisAPI.api(client);
    }

    private static String hash(String account) {
        return "eddy:functions:" + account;
    }

    @Override
    public Uni<Boolean> createFunction(FunctionRecord function) {
        return RedisCalls.guard(redis.sadd(List.of(ACCOUNTS, function.account()))
                .chain(() -> redis.hsetnx(hash(function.account()), function.name(), Json.write(function)))
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
        return RedisCalls.guard(redis.sadd(List.of(ACCOUNTS, function.account()))
                .chain(() -> redis.hset(List.of(hash(function.account()), function.name(), Json.write(function))))
                .replaceWithVoid());
    }

    @Override
    public Uni<Boolean> deleteFunction(String account, String name) {
        return RedisCalls.guard(redis.hdel(List.of(hash(account), name)).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.smembers(ACCOUNTS).chain(accounts -> {
            List<String> keys = new ArrayList<>();
            accounts.forEach(a -> keys.add(hash(a.toString())));
            return keys.isEmpty() ? Uni.createFrom().voidItem() : redis.del(keys).replaceWithVoid();
        }));
    }
}
