package dev.eddy.store.redis;

import dev.eddy.common.Digest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lua scripts under {@code src/main/resources/redis/}, one per state transition. Each runs by
 * EVALSHA; after a NOSCRIPT (Redis restarted or flushed its script cache) it is sent whole with
 * EVAL, which caches it again. A script whose outcome a client hears is a {@linkplain
 * RedisWrites#confirmed confirmed write}; the rest are reads and Eddy's own bookkeeping, which a
 * failover may roll back without breaking a promise: an undone claim makes a message visible again
 * early (a second delivery, as SQS allows), an undone outbox acknowledgement repeats a delivery.
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

    /** Scripts whose outcome no client is promised, so no replica need confirm them. */
    private static final Set<String> UNCONFIRMED = Set.of("claim", "depth", "outbox-claim", "outbox-acknowledge",
            "outbox-reschedule", "mapping-slot");

    private record Script(String text, String sha) {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final RedisWrites writes;

    RedisScripts(RedisWrites writes) {
        this.writes = writes;
        String prelude = resource("lib");
        for (String name : QUEUE_SCRIPTS) {
            add(name, prelude + "\n" + resource(name));
        }
        for (String name : List.of("replace-record", "sns-subscribe", "mapping-create", "mapping-update", "mapping-slot")) {
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
        if (writes.strictScripts()) {
            text = "#!lua\n" + text;
        }
        scripts.put(name, new Script(text, Digest.hex("SHA-1", text)));
    }

    /** Every script's name and SHA-1, the name Redis caches it under. */
    Map<String, String> digests() {
        Map<String, String> digests = new java.util.TreeMap<>();
        scripts.forEach((name, script) -> digests.put(name, script.sha()));
        return digests;
    }

    /** Runs a script with its keys and arguments. */
    Uni<Response> run(String name, List<String> keys, List<String> args) {
        Script script = scripts.get(name);
        boolean confirmed = !UNCONFIRMED.contains(name);
        // In a batch (a confirmed write) Redis's error comes back prefixed with its index.
        return send(Command.EVALSHA, script.sha(), keys, args, confirmed)
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("NOSCRIPT"))
                .recoverWithUni(() -> send(Command.EVAL, script.text(), keys, args, confirmed));
    }

    private Uni<Response> send(Command command, String script, List<String> keys, List<String> args, boolean confirmed) {
        Request call = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(call::arg);
        args.forEach(call::arg);
        return confirmed ? writes.confirmed(call) : writes.client().send(call);
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
