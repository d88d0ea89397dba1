package dev.eddy.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.common.AwsException;
import dev.eddy.common.Json;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Functions in Redis: {@code eddy:functions:<account>}, a hash of name to function record (JSON). */
public final class RedisFunctionStore implements FunctionStore {
    private static final String ACCOUNTS = "eddy:functions:accounts";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisAPI redis;

    public RedisFunctionStore(Redis client) {
        this.redis = RedisAPI.api(client);
    }

    private static String hash(String account) {
        return "eddy:functions:" + account;
    }

    @Override
    public Uni<Boolean> createFunction(FunctionRecord function) {
        return guard(redis.sadd(List.of(ACCOUNTS, function.account()))
                .chain(() -> redis.hsetnx(hash(function.account()), function.name(), Json.write(function)))
                .map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<FunctionRecord> function(String account, String name) {
        return guard(redis.hget(hash(account), name).map(RedisFunctionStore::read));
    }

    @Override
    public Uni<List<FunctionRecord>> functions(String account) {
        return guard(redis.hvals(hash(account)).map(r -> {
            List<FunctionRecord> list = new ArrayList<>();
            if (r != null) {
                r.forEach(v -> list.add(read(v)));
            }
            return list;
        }));
    }

    @Override
    public Uni<Void> putFunction(FunctionRecord function) {
        return guard(redis.sadd(List.of(ACCOUNTS, function.account()))
                .chain(() -> redis.hset(List.of(hash(function.account()), function.name(), Json.write(function))))
                .replaceWithVoid());
    }

    @Override
    public Uni<Boolean> deleteFunction(String account, String name) {
        return guard(redis.hdel(List.of(hash(account), name)).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Void> clear() {
        return guard(redis.smembers(ACCOUNTS).chain(accounts -> {
            List<String> keys = new ArrayList<>();
            accounts.forEach(a -> keys.add(hash(a.toString())));
            return keys.isEmpty() ? Uni.createFrom().voidItem() : redis.del(keys).replaceWithVoid();
        }));
    }

    private static FunctionRecord read(Response r) {
        if (r == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(r.toString(), FunctionRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt record in Redis: " + e.getMessage(), e);
        }
    }

    private static <T> Uni<T> guard(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> !(e instanceof AwsException))
                .transform(e -> AwsException.serviceUnavailable("The store is unavailable: " + e.getMessage()));
    }
}
