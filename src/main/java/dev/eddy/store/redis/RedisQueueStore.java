package dev.eddy.store.redis;

import dev.eddy.common.Concurrently;
import dev.eddy.common.Json;
import dev.eddy.store.Claim;
import dev.eddy.store.ClaimResult;
import dev.eddy.store.Deduplication;
import dev.eddy.store.MoveTaskRecord;
import dev.eddy.store.QueueDepth;
import dev.eddy.store.MessageReceipt;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.ReceiptOutcome;
import dev.eddy.store.ReceivedMessage;
import dev.eddy.store.SendResult;
import dev.eddy.store.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The Redis store: all state in Redis, so any number of Eddy replicas share it and a restart loses
 * nothing Redis kept. Every transition of a queue's messages is one Lua script on keys sharing the
 * queue's hash tag; the key layout is documented in {@code redis/lib.lua} and docs/redis.md.
 *
 * <pre>
 * eddy:accounts                     set of accounts that have queues
 * eddy:queues:&lt;account&gt;             hash queue name -> queue record (JSON)
 * eddy:q:{&lt;account&gt;/&lt;name&gt;}:...     the queue's messages (see lib.lua)
 * eddy:wakes                        pub/sub channel: "&lt;count&gt; &lt;account&gt;/&lt;name&gt;" after a send of count messages
 * </pre>
 */
public final class RedisQueueStore implements QueueStore {
    private static final Logger LOG = Logger.getLogger(RedisQueueStore.class);
    private static final String ACCOUNTS = "eddy:accounts";
    static final String WAKE_CHANNEL = "eddy:wakes";
    private static final long ATTEMPT_WINDOW = 5 * 60_000;
    private static final long TWELVE_HOURS = 12L * 3600 * 1000;

    private final RedisAPI redis;
    private final RedisWrites writes;
    private final RedisScripts scripts;
    private final RedisWakeups wakeups;

    /**
     * Queue records this replica read or wrote within the last {@link #RECENT_NANOS}: nearly every
     * request starts by reading its queue's record, and this saves that round trip. Another
     * replica's SetQueueAttributes or DeleteQueue shows here within that time (AWS allows itself up
     * to 60 s for both); the message scripts check that the queue exists, so a queue deleted
     * elsewhere never has messages stored or handed out.
     */
    private final Map<QueueId, Recent> recent = new ConcurrentHashMap<>();
    private static final long RECENT_NANOS = 1_000_000_000L;
    private static final int RECENT_LIMIT = 10_000;

    private record Recent(QueueRecord record, long until) {
    }

    public RedisQueueStore(Vertx vertx, Redis client) {
        this(vertx, RedisWrites.unconfirmed(client));
    }

    public RedisQueueStore(Vertx vertx, RedisWrites writes) {
        this.redis = writes.api();
        this.writes = writes;
        this.scripts = new RedisScripts(writes);
        this.wakeups = new RedisWakeups(vertx, writes.client());
    }

    private static String queueHash(String account) {
        return "eddy:queues:" + account;
    }

    private static String prefix(QueueId id) {
        return "eddy:q:{" + id.account() + "/" + id.name() + "}";
    }

    @Override
    public Uni<QueueRecord> createQueue(QueueRecord queue) {
        String hash = queueHash(queue.id().account());
        // The existence marker goes first, so no one can see the record before the queue's scripts
        // accept it. A name alone says FIFO or not (".fifo"), so the marker never disagrees.
        return RedisCalls.guard(writes.confirmed(Command.SADD, ACCOUNTS, queue.id().account())
                .chain(() -> writes.confirmed(Command.HSET, prefix(queue.id()) + ":meta", "fifo", fifo(queue.id())))
                .chain(() -> writes.confirmed(Command.HSETNX, hash, queue.id().name(), write(queue)))
                .chain(() -> redis.hget(hash, queue.id().name()))
                .map(r -> remember(queue.id(), RedisCalls.read(r, QueueRecord.class))));
    }

    private QueueRecord remember(QueueId id, QueueRecord record) {
        if (record == null) {
            recent.remove(id);
            return null;
        }
        if (recent.size() >= RECENT_LIMIT) {
            recent.clear();
        }
        recent.put(id, new Recent(record, System.nanoTime() + RECENT_NANOS));
        return record;
    }

    @Override
    public Uni<QueueRecord> queue(QueueId id) {
        Recent known = recent.get(id);
        if (known != null && System.nanoTime() - known.until() < 0) {
            return Uni.createFrom().item(known.record());
        }
        return RedisCalls.guard(redis.hget(queueHash(id.account()), id.name())
                .map(r -> remember(id, RedisCalls.read(r, QueueRecord.class))));
    }

    @Override
    public Uni<List<QueueRecord>> queues(String account) {
        return RedisCalls.guard(redis.hvals(queueHash(account)).map(r -> RedisCalls.list(r, QueueRecord.class)));
    }

    @Override
    public Uni<Boolean> updateQueue(QueueRecord queue) {
        recent.remove(queue.id());
        return RedisCalls.guard(scripts.run("replace-record", List.of(queueHash(queue.id().account())),
                List.of(queue.id().name(), write(queue))).map(r -> {
                    boolean updated = r.toInteger() == 1;
                    remember(queue.id(), updated ? queue : null);
                    return updated;
                }));
    }

    @Override
    public Uni<Boolean> deleteQueue(QueueId id) {
        // Messages first, then the record: a crash in between leaves an empty queue, never a record
        // whose old messages would reappear.
        recent.remove(id);
        return RedisCalls.guard(scripts.run("purge", List.of(prefix(id)), List.of("1"))
                .chain(() -> writes.confirmed(Command.HDEL, queueHash(id.account()), id.name()))
                .map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<List<SendResult>> send(QueueId id, List<StoredMessage> messages, Deduplication deduplication, long now) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(now));
        args.add(String.valueOf(deduplication == null ? 0 : deduplication.windowMillis()));
        args.add(deduplication != null && deduplication.perGroup() ? "1" : "0");
        args.add(fifo(id));
        args.add(String.valueOf(messages.size()));
        for (StoredMessage m : messages) {
            args.add(m.messageId());
            args.add(write(m));
            args.add(m.groupId() == null ? "" : m.groupId());
            args.add(m.deduplicationId() == null ? "" : m.deduplicationId());
            args.add(String.valueOf(m.delayMillis()));
            args.add(String.valueOf(m.sentTimestamp()));
        }
        return RedisCalls.guard(scripts.run("send", List.of(prefix(id)), args).map(r -> {
            if (r == null) {
                return null;
            }
            List<SendResult> results = new ArrayList<>(r.size());
            for (Response entry : r) {
                String sequence = entry.get(1).toString();
                results.add(new SendResult(entry.get(0).toString(), sequence.isEmpty() ? null : sequence,
                        entry.get(2).toInteger() == 1));
            }
            return results;
        }));
    }

    @Override
    public Uni<ClaimResult> claim(QueueId id, Claim claim) {
        return RedisCalls.guard(scripts.run("claim", List.of(prefix(id)), List.of(
                String.valueOf(claim.now()), String.valueOf(claim.max()), String.valueOf(claim.visibilityMillis()),
                String.valueOf(claim.retentionMillis()), String.valueOf(claim.maxReceiveCount()),
                claim.attemptId() == null ? "" : claim.attemptId(), UUID.randomUUID() + "-",
                String.valueOf(ATTEMPT_WINDOW), fifo(id))).map(r -> {
            if (r == null) {
                return null;
            }
            long nextDue = r.get(0).toLong();
            int index = 1;
            int received = r.get(index++).toInteger();
            List<ReceivedMessage> messages = new ArrayList<>(received);
            for (int i = 0; i < received; i++, index += 5) {
                messages.add(received(r, index));
            }
            int dead = r.get(index++).toInteger();
            List<ReceivedMessage> deadLetters = new ArrayList<>(dead);
            for (int i = 0; i < dead; i++, index += 5) {
                deadLetters.add(received(r, index));
            }
            return new ClaimResult(messages, deadLetters, nextDue < 0 ? Long.MAX_VALUE : nextDue);
        }));
    }

    /** One claimed message: payload, receipt token, receive count, first receive, FIFO sequence number. */
    private static ReceivedMessage received(Response r, int index) {
        StoredMessage message = RedisCalls.read(r.get(index).toString(), StoredMessage.class);
        String sequence = r.get(index + 4).toString();
        return new ReceivedMessage(sequence.isEmpty() ? message : message.withSequenceNumber(sequence),
                r.get(index + 1).toString(), r.get(index + 2).toInteger(), Long.parseLong(r.get(index + 3).toString()));
    }

    @Override
    public Uni<List<ReceiptOutcome>> delete(QueueId id, List<MessageReceipt> receipts) {
        List<String> args = new ArrayList<>(receipts.size() * 2);
        for (MessageReceipt receipt : receipts) {
            args.add(receipt.messageId());
            args.add(receipt.receiptToken());
        }
        return RedisCalls.guard(scripts.run("delete", List.of(prefix(id)), args).map(r -> {
            List<ReceiptOutcome> outcomes = new ArrayList<>(receipts.size());
            for (int i = 0; i < receipts.size(); i++) {
                outcomes.add(outcome(r == null ? null : r.get(i)));
            }
            return outcomes;
        }));
    }

    @Override
    public Uni<ReceiptOutcome> changeVisibility(QueueId id, String messageId, String receiptToken,
                                                long visibilityMillis, long now) {
        return RedisCalls.guard(scripts.run("change-visibility", List.of(prefix(id)), List.of(messageId, receiptToken,
                String.valueOf(visibilityMillis), String.valueOf(now), String.valueOf(TWELVE_HOURS)))
                .map(RedisQueueStore::outcome));
    }

    /** A queue deleted under a receipt: the message is gone with it. */
    private static ReceiptOutcome outcome(Response r) {
        return r == null ? ReceiptOutcome.GONE : ReceiptOutcome.valueOf(r.toString());
    }

    @Override
    public Uni<Void> purge(QueueId id) {
        return RedisCalls.guard(scripts.run("purge", List.of(prefix(id)), List.of("0")).replaceWithVoid());
    }

    @Override
    public Uni<QueueDepth> depth(QueueId id, long now, long retentionMillis) {
        return RedisCalls.guard(scripts.run("depth", List.of(prefix(id)), List.of(String.valueOf(now),
                String.valueOf(retentionMillis), fifo(id)))
                .map(r -> r == null ? null : new QueueDepth(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(),
                        Long.parseLong(r.get(3).toString()))));
    }

    @Override
    public Uni<Boolean> startMoveTask(MoveTaskRecord task) {
        return moveTask("start", task).map(r -> r.toInteger() == 1);
    }

    @Override
    public Uni<Void> updateMoveTask(MoveTaskRecord task) {
        return moveTask("update", task).replaceWithVoid();
    }

    private Uni<Response> moveTask(String mode, MoveTaskRecord task) {
        return RedisCalls.guard(scripts.run("move-task", List.of(prefix(task.source())),
                List.of(mode, task.taskId(), write(task), task.active() ? "1" : "0")));
    }

    @Override
    public Uni<List<MoveTaskRecord>> moveTasks(QueueId source) {
        return RedisCalls.guard(redis.hvals(prefix(source) + ":tasks").map(r -> RedisCalls.list(r, MoveTaskRecord.class)));
    }

    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.smembers(ACCOUNTS).chain(accounts -> {
            List<Uni<Void>> drops = new ArrayList<>();
            accounts.forEach(account -> drops.add(queues(account.toString()).chain(list -> {
                List<Uni<Boolean>> deletes = list.stream().map(q -> deleteQueue(q.id())).toList();
                return deletes.isEmpty() ? Uni.createFrom().voidItem()
                        : Concurrently.all(deletes, 4).replaceWithVoid();
            })));
            return drops.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(drops).andFailFast().replaceWithVoid();
        }));
    }

    @Override
    public Uni<Void> ping() {
        return RedisCalls.guard(redis.ping(List.of()).replaceWithVoid());
    }

    @Override
    public void wake(QueueId id, int messages) {
        redis.publish(WAKE_CHANNEL, messages + " " + id.account() + "/" + id.name()).subscribe().with(r -> { },
                e -> LOG.debugf("Could not publish a wake-up for %s: %s", id, e.getMessage()));
    }

    @Override
    public void onWake(BiConsumer<QueueId, Integer> listener) {
        wakeups.subscribe(listener);
    }

    @Override
    public void close() {
        wakeups.close();
    }

    private static String fifo(QueueId id) {
        return id.name().endsWith(".fifo") ? "1" : "0";
    }

    private static String write(Object value) {
        return Json.write(value);
    }
}
