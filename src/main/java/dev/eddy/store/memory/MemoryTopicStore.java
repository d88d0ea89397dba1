package dev.eddy.store.memory;

import dev.eddy.store.SubscriptionRecord;
import dev.eddy.store.TopicRecord;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Topics and subscriptions in memory; one lock, since they change rarely and are read on publish. */
public final class MemoryTopicStore implements TopicStore {
    private final Map<String, TopicRecord> topics = new ConcurrentHashMap<>();
    /** Topic ARN to its subscriptions by ARN. */
    private final Map<String, Map<String, SubscriptionRecord>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    @Override
    public synchronized Uni<TopicRecord> createTopic(TopicRecord topic) {
        return Uni.createFrom().item(topics.computeIfAbsent(topic.arn(), arn -> topic));
    }

    @Override
    public Uni<TopicRecord> topic(String account, String arn) {
        return Uni.createFrom().item(topics.get(arn));
    }

    @Override
    public Uni<List<TopicRecord>> topics(String account) {
        return Uni.createFrom().item(topics.values().stream().filter(t -> t.account().equals(account)).toList());
    }

    @Override
    public synchronized Uni<Boolean> updateTopic(TopicRecord topic) {
        return Uni.createFrom().item(topics.computeIfPresent(topic.arn(), (arn, old) -> topic) != null);
    }

    @Override
    public synchronized Uni<Boolean> deleteTopic(String account, String arn) {
        subscriptions.remove(arn);
        sequences.remove(arn);
        return Uni.createFrom().item(topics.remove(arn) != null);
    }

    @Override
    public Uni<Long> nextSequence(String account, String topicArn) {
        return Uni.createFrom().item(sequences.computeIfAbsent(topicArn, t -> new AtomicLong()).incrementAndGet());
    }

    @Override
    public synchronized Uni<SubscriptionRecord> subscribe(SubscriptionRecord subscription) {
        Map<String, SubscriptionRecord> ofTopic =
                subscriptions.computeIfAbsent(subscription.topicArn(), t -> new ConcurrentHashMap<>());
        for (SubscriptionRecord existing : ofTopic.values()) {
            if (existing.protocol().equals(subscription.protocol())
                    && existing.endpoint().equals(subscription.endpoint())) {
                return Uni.createFrom().item(existing);
            }
        }
        ofTopic.put(subscription.arn(), subscription);
        return Uni.createFrom().item(subscription);
    }

    @Override
    public Uni<SubscriptionRecord> subscription(String account, String arn) {
        Map<String, SubscriptionRecord> ofTopic = subscriptions.get(SubscriptionRecord.topicArnOf(arn));
        return Uni.createFrom().item(ofTopic == null ? null : ofTopic.get(arn));
    }

    @Override
    public Uni<List<SubscriptionRecord>> subscriptions(String account, String topicArn) {
        List<SubscriptionRecord> list = new ArrayList<>();
        if (topicArn != null) {
            list.addAll(subscriptions.getOrDefault(topicArn, Map.of()).values());
        } else {
            subscriptions.values().forEach(m -> m.values().stream()
                    .filter(s -> s.account().equals(account)).forEach(list::add));
        }
        return Uni.createFrom().item(list);
    }

    @Override
    public synchronized Uni<Boolean> updateSubscription(SubscriptionRecord subscription) {
        Map<String, SubscriptionRecord> ofTopic = subscriptions.get(subscription.topicArn());
        return Uni.createFrom().item(ofTopic != null
                && ofTopic.computeIfPresent(subscription.arn(), (arn, old) -> subscription) != null);
    }

    @Override
    public synchronized Uni<Boolean> unsubscribe(String account, String arn) {
        Map<String, SubscriptionRecord> ofTopic = subscriptions.get(SubscriptionRecord.topicArnOf(arn));
        return Uni.createFrom().item(ofTopic != null && ofTopic.remove(arn) != null);
    }

    private String signingIdentity;

    @Override
    public synchronized Uni<String> signingIdentity(String candidate) {
        if (signingIdentity == null) {
            signingIdentity = candidate;
        }
        return Uni.createFrom().item(signingIdentity);
    }

    @Override
    public synchronized Uni<Void> clear() {
        topics.clear();
        subscriptions.clear();
        sequences.clear();
        return Uni.createFrom().voidItem();
    }
}
