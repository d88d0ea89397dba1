package dev.eddy.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.common.AwsException;
import dev.eddy.common.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How every Redis store calls Redis: bounded in time, failures as ServiceUnavailable, records as JSON. */
final class RedisCalls {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RedisCalls() {
    }

    /** Redis unreachable or slow: fail fast with AWS's ServiceUnavailable, never hang. */
    static <T> Uni<T> guard(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> !(e instanceof AwsException))
                .transform(e -> AwsException.serviceUnavailable("The store is unavailable: " + e.getMessage()));
    }

    /** A JSON record, or null for a missing value. */
    static <T> T read(Response value, Class<T> type) {
        return value == null ? null : read(value.toString(), type);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt record in Redis: " + e.getMessage(), e);
        }
    }

    /** The records of a multi-bulk reply (HVALS). */
    static <T> List<T> list(Response values, Class<T> type) {
        List<T> list = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> list.add(read(v, type)));
        }
        return list;
    }
}
