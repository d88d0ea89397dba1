package dev.eddy.store.redis;

import dev.eddy.common.Digest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lua scripts under {@code src/main/resources/redis/}, one per state transition. Each runs by
 * EVALSHA; after a NOSCRIPT (Redis restarted or flushed its script cache) it is sent whole with
 * EVAL, which caches it again.
 */
final class RedisScripts {
    /** Scripts on one queue's keys; they get the shared prelude {@code lib.lua}. */
    static final List<String> QUEUE_SCRIPTS = List.of("send", "claim", "delete", "change-visibility", "purge", "depth",
            "move-task");
    /** Scripts on the delivery outbox's keys, self-contained. */
    static final List<String> OUTBOX_SCRIPTS = List.of("outbox-record", "outbox-claim", "outbox-acknowledge",
            "outbox-reschedule");

    /** Scripts on one bucket's keys. */
    static final List<String> OBJECT_SCRIPTS = List.of("s3-put-object", "s3-delete-object", "s3-replace-object",
            "s3-put-part", "s3-complete-upload", "s3-abort-upload", "s3-delete-bucket");

    private record Script(String text, String sha) {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final RedisAPI redis;

    RedisScripts(RedisAPI redis) {
        this.redis = redis;
        String prelude = resource("lib");
        for (String name : QUEUE_SCRIPTS) {
            add(name, prelude + "\n" + resource(name));
        }
        for (String name : List.of("update-queue", "mapping-create", "mapping-update", "mapping-slot")) {
            add(name, resource(name));
        }
        for (String name : OBJECT_SCRIPTS) {
            add(name, resource(name));
        }
        for (String name : OUTBOX_SCRIPTS) {
            add(name, resource(name));
        }
    }

    private void add(String name, String text) {
        scripts.put(name, new Script(text, Digest.hex("SHA-1", text)));
    }

    /** Runs a script with its keys and arguments. */
    Uni<Response> run(String name, List<String> keys, List<String> args) {
        Script script = scripts.get(name);
        List<String> call = new ArrayList<>(keys.size() + args.size() + 2);
        call.add(script.sha());
        call.add(String.valueOf(keys.size()));
        call.addAll(keys);
        call.addAll(args);
        return redis.evalsha(call).onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> {
                    List<String> eval = new ArrayList<>(call);
                    eval.set(0, script.text());
                    return redis.eval(eval);
                });
    }

    private static String resource(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream("/redis/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("Missing Redis script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
