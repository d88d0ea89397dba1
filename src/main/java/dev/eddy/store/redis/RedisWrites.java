package dev.eddy.store.redis;

import dev.eddy.common.AwsException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * How the Redis stores send a write whose success a client hears. Redis replicates asynchronously:
 * a write the primary acknowledged but no replica holds yet is lost when a replica is promoted. With
 * {@code eddy.redis.wait-replicas} above 0 such a write goes out pipelined with {@code WAIT} on the
 * same connection (WAIT counts replicas that reached that connection's last write, and the batch
 * keeps both on one connection, and on a cluster on the node of the write's slot), and fails with
 * ServiceUnavailable when too few replicas confirm in time.
 */
public final class RedisWrites {
    private final Redis client;
    private final RedisAPI api;
    private final int replicas;
    private final long timeoutMillis;
    private final boolean strictScripts;

    /**
     * @param replicas replicas that must confirm each write, 0 for none
     * @param timeout  how long to wait for them; under the 5 s any Redis call may take
     */
    public RedisWrites(Redis client, int replicas, Duration timeout) {
        this(client, replicas, timeout, false);
    }

    private RedisWrites(Redis client, int replicas, Duration timeout, boolean strictScripts) {
        if (replicas < 0) {
            throw new IllegalArgumentException("eddy.redis.wait-replicas must be 0 or more, not " + replicas);
        }
        if (replicas > 0 && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(RedisCalls.TIMEOUT) >= 0)) {
            throw new IllegalArgumentException("eddy.redis.wait-timeout must be above 0 and under "
                    + RedisCalls.TIMEOUT.toSeconds() + " s, not " + timeout);
        }
        this.client = client;
        this.api = RedisAPI.api(client);
        this.replicas = replicas;
        this.timeoutMillis = timeout.toMillis();
        this.strictScripts = strictScripts;
    }

    /** Writes that no replica confirms: the default. */
    public static RedisWrites unconfirmed(Redis client) {
        return new RedisWrites(client, 0, Duration.ZERO);
    }

    /**
     * The same, with every script declared to Redis 7 as a script of its own keys ({@code #!lua}),
     * so that Redis refuses one that touches a key of another slot. Tests only: such a script is also
     * refused whole when Redis is out of memory, where a legacy script may still delete.
     */
    RedisWrites withStrictScripts() {
        return new RedisWrites(client, replicas, Duration.ofMillis(timeoutMillis), true);
    }

    Redis client() {
        return client;
    }

    RedisAPI api() {
        return api;
    }

    boolean strictScripts() {
        return strictScripts;
    }

    /** A write a client will be told succeeded, built from its command and arguments. */
    Uni<Response> confirmed(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return confirmed(request);
    }

    /** A write a client will be told succeeded: once the replicas hold it, when any are required. */
    Uni<Response> confirmed(Request write) {
        if (replicas == 0) {
            return client.send(write);
        }
        return client.batch(List.of(write, Request.cmd(Command.WAIT).arg(replicas).arg(timeoutMillis))).map(replies -> {
            long confirmed = replies.get(1).toLong();
            if (confirmed < replicas) {
                throw AwsException.serviceUnavailable("The write reached " + confirmed + " of the " + replicas
                        + " Redis replicas required within " + timeoutMillis + " ms. It may still have been applied.");
            }
            return replies.get(0);
        });
    }
}
