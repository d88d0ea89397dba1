package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** The store SPI for SNS topics and subscriptions. */
public interface TopicStore {

    /** Stores the topic unless one with its ARN exists; returns whichever is stored afterwards. */
    Uni<TopicRecord> createTopic(TopicRecord topic);

    /** The topic, or null. */
    Uni<TopicRecord> topic(String account, String arn);

    Uni<List<TopicRecord>> topics(String account);

    /** Replaces an existing topic; false when it does not exist. */
    Uni<Boolean> updateTopic(TopicRecord topic);

    /** Deletes the topic and its subscriptions; false when it did not exist. */
    Uni<Boolean> deleteTopic(String account, String arn);

    /** The next FIFO sequence number of the topic. */
    Uni<Long> nextSequence(String account, String topicArn);

    /**
     * Stores the subscription unless the topic already has one with the same protocol and endpoint;
     * returns whichever is stored afterwards.
     */
    Uni<SubscriptionRecord> subscribe(SubscriptionRecord subscription);

    /** The subscription, or null. */
    Uni<SubscriptionRecord> subscription(String account, String arn);

    /** The topic's subscriptions, or every subscription of the account when topicArn is null. */
    Uni<List<SubscriptionRecord>> subscriptions(String account, String topicArn);

    Uni<Boolean> updateSubscription(SubscriptionRecord subscription);

    Uni<Boolean> unsubscribe(String account, String arn);

    /**
     * The SNS signing identity (private key and certificate, opaque text) every replica shares:
     * {@code candidate} is stored if there is none yet; either way the stored one is returned.
     */
    Uni<String> signingIdentity(String candidate);

    /** Drops everything (the admin reset). */
    Uni<Void> clear();
}
