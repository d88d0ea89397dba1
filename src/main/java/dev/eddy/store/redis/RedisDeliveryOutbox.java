package dev.eddy.store.redis;

import dev.eddy.common.Json;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox in Redis, shared by every replica; each transition is one script
 * ({@code redis/outbox-*.lua}).
 *
 * <pre>
 * eddy:outbox:{deliveries}:due      sorted set id -> when the next attempt is due (ms); a claim moves it to the lease's end
 * eddy:outbox:{deliveries}:entry    hash id -> the entry (kind, target, payload) as JSON, written once
 * eddy:outbox:{deliveries}:state    hash id -> "&lt;failed attempts&gt;|&lt;lease token of the latest claim&gt;"
 * </pre>
 * The three keys share one hash tag, so every script touches one slot.
 */
public final class RedisDeliveryOutbox implements DeliveryOutbox {
    private static final String PREFIX = "eddy:outbox:{deliveries}";
    private static final List<String> KEYS = List.of(PREFIX + ":due", PREFIX + ":entry", PREFIX + ":state");

    private final RedisAPI redis;
    private final RedisScripts scripts;

    public RedisDeliveryOutbox(Redis client) {
        this(RedisWrites.unconfirmed(client));
    }

    public RedisDeliveryOutbox(RedisWrites writes) {
        this.redis = writes.api();
        this.scripts = new RedisScripts(writes);
    }

    @Override
    public Uni<Void> record(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(1 + entries.size() * 3);
        args.add(String.valueOf(entries.size()));
        for (OutboxEntry entry : entries) {
            args.add(entry.id());
            args.add(Json.write(new OutboxEntry(entry.id(), entry.kind(), entry.target(), entry.payload(), 0, 0, null)));
            args.add(String.valueOf(entry.dueAt()));
        }
        return RedisCalls.guard(scripts.run("outbox-record", KEYS, args).replaceWithVoid());
    }

    @Override
    public Uni<List<OutboxEntry>> claim(int max, long now, long leaseMillis) {
        String token = UUID.randomUUID().toString();
        return RedisCalls.guard(scripts.run("outbox-claim", KEYS, List.of(String.valueOf(now), String.valueOf(max),
                String.valueOf(leaseMillis), token)).map(r -> {
                    List<OutboxEntry> claimed = new ArrayList<>();
                    for (int i = 0; r != null && i + 2 < r.size(); i += 3) {
                        OutboxEntry stored = RedisCalls.read(r.get(i + 1).toString(), OutboxEntry.class);
                        claimed.add(new OutboxEntry(stored.id(), stored.kind(), stored.target(), stored.payload(),
                                r.get(i + 2).toInteger(), now + leaseMillis, token));
                    }
                    return claimed;
                }));
    }

    @Override
    public Uni<Boolean> acknowledge(String id, String lease) {
        if (lease == null || lease.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return RedisCalls.guard(scripts.run("outbox-acknowledge", KEYS, List.of(id, lease)).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Boolean> reschedule(String id, String lease, int attempts, long dueAt) {
        if (lease == null || lease.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return RedisCalls.guard(scripts.run("outbox-reschedule", KEYS, List.of(id, lease, String.valueOf(attempts),
                String.valueOf(dueAt))).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Long> pending() {
        return RedisCalls.guard(redis.zcard(KEYS.get(0)).map(Response::toLong));
    }

    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.del(KEYS).replaceWithVoid());
    }
}
