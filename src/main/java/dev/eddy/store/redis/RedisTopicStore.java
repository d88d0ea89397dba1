package dev.eddy.store.redis;

import dev.eddy.common.Concurrently;
import dev.eddy.common.Json;
import dev.eddy.store.SubscriptionRecord;
import dev.eddy.store.TopicRecord;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Topics and subscriptions in Redis.
 *
 * <pre>
 * eddy:sns:accounts                 set of accounts with topics
 * eddy:sns:topics:&lt;account&gt;         hash topic ARN -> topic record (JSON)
 * eddy:sns:subs:{&lt;topic ARN&gt;}        hash subscription ARN -> subscription record (JSON)
 * eddy:sns:seq:{&lt;topic ARN&gt;}         FIFO sequence counter
 * eddy:sns:signing                  the signing key and certificate all replicas share
 * </pre>
 * A publish reads one hash: its topic's subscriptions.
 */
public final class RedisTopicStore implements TopicStore {
    private static final String ACCOUNTS = "eddy:sns:accounts";
    private static final String SIGNING = "eddy:sns:signing";
    private final RedisAPI redis;
    private final RedisWrites writes;
    private final RedisScripts scripts;

    public RedisTopicStore(Redis client) {
        this(RedisWrites.unconfirmed(client));
    }

    public RedisTopicStore(RedisWrites writes) {
        this.redis = writes.api();
        this.writes = writes;
        this.scripts = new RedisScripts(writes);
    }

    private static String topicHash(String account) {
        return "eddy:sns:topics:" + account;
    }

    private static String subs(String topicArn) {
        return "eddy:sns:subs:{" + topicArn + "}";
    }

    @Override
    public Uni<TopicRecord> createTopic(TopicRecord topic) {
        return RedisCalls.guard(writes.confirmed(Command.SADD, ACCOUNTS, topic.account())
                .chain(() -> writes.confirmed(Command.HSETNX, topicHash(topic.account()), topic.arn(), Json.write(topic)))
                .chain(() -> redis.hget(topicHash(topic.account()), topic.arn()))
                .map(r -> RedisCalls.read(r, TopicRecord.class)));
    }

    @Override
    public Uni<TopicRecord> topic(String account, String arn) {
        return RedisCalls.guard(redis.hget(topicHash(account), arn).map(r -> RedisCalls.read(r, TopicRecord.class)));
    }

    @Override
    public Uni<List<TopicRecord>> topics(String account) {
        return RedisCalls.guard(redis.hvals(topicHash(account)).map(r -> RedisCalls.list(r, TopicRecord.class)));
    }

    @Override
    public Uni<Boolean> updateTopic(TopicRecord topic) {
        return RedisCalls.guard(scripts.run("replace-record", List.of(topicHash(topic.account())),
                List.of(topic.arn(), Json.write(topic))).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Boolean> deleteTopic(String account, String arn) {
        return RedisCalls.guard(writes.confirmed(Command.DEL, subs(arn), "eddy:sns:seq:{" + arn + "}")
                .chain(() -> writes.confirmed(Command.HDEL, topicHash(account), arn))
                .map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Long> nextSequence(String account, String topicArn) {
        return RedisCalls.guard(writes.confirmed(Command.INCR, "eddy:sns:seq:{" + topicArn + "}").map(Response::toLong));
    }

    @Override
    public Uni<SubscriptionRecord> subscribe(SubscriptionRecord subscription) {
        return RedisCalls.guard(scripts.run("sns-subscribe", List.of(subs(subscription.topicArn())), List.of(
                        subscription.arn(), subscription.protocol(), subscription.endpoint(), Json.write(subscription)))
                .map(r -> RedisCalls.read(r, SubscriptionRecord.class)));
    }

    @Override
    public Uni<SubscriptionRecord> subscription(String account, String arn) {
        return RedisCalls.guard(redis.hget(subs(SubscriptionRecord.topicArnOf(arn)), arn)
                .map(r -> RedisCalls.read(r, SubscriptionRecord.class)));
    }

    @Override
    public Uni<List<SubscriptionRecord>> subscriptions(String account, String topicArn) {
        if (topicArn != null) {
            return RedisCalls.guard(redis.hvals(subs(topicArn)).map(r -> RedisCalls.list(r, SubscriptionRecord.class)));
        }
        return topics(account).chain(topics -> {
            if (topics.isEmpty()) {
                return Uni.createFrom().item(List.<SubscriptionRecord>of());
            }
            // A few topics at a time: an account may have thousands, the connection pool far fewer slots.
            return Concurrently.all(topics.stream().map(t -> subscriptions(account, t.arn())).toList(), 4)
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
        });
    }

    @Override
    public Uni<Boolean> updateSubscription(SubscriptionRecord subscription) {
        return RedisCalls.guard(scripts.run("replace-record", List.of(subs(subscription.topicArn())),
                List.of(subscription.arn(), Json.write(subscription))).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<Boolean> unsubscribe(String account, String arn) {
        return RedisCalls.guard(writes.confirmed(Command.HDEL, subs(SubscriptionRecord.topicArnOf(arn)), arn).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<String> signingIdentity(String candidate) {
        return RedisCalls.guard(writes.confirmed(Command.SET, SIGNING, candidate, "NX").chain(() -> redis.get(SIGNING))
                .map(Response::toString));
    }

    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.smembers(ACCOUNTS).chain(accounts -> {
            List<Uni<Boolean>> deletes = new ArrayList<>();
            List<Uni<List<TopicRecord>>> lists = new ArrayList<>();
            accounts.forEach(a -> lists.add(topics(a.toString())));
            if (lists.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(lists).andFailFast().chain(all -> {
                all.forEach(topics -> topics.forEach(t -> deletes.add(deleteTopic(t.account(), t.arn()))));
                return deletes.isEmpty() ? Uni.createFrom().voidItem()
                        : Concurrently.all(deletes, 4).replaceWithVoid();
            });
        }));
    }
}
