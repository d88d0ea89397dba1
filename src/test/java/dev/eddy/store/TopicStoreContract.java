package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TopicStore} must do; each store runs it through a subclass. */
public abstract class TopicStoreContract {
    private static final String ACCOUNT = "000000000000";

    protected abstract TopicStore store();

    private TopicStore store;
    private TopicRecord topic;

    @BeforeEach
    void createTopic() {
        store = store();
        String name = "contract-" + UUID.randomUUID();
        topic = new TopicRecord("arn:aws:sns:us-east-1:" + ACCOUNT + ":" + name, ACCOUNT, "us-east-1", name, false,
                Map.of("DisplayName", "first"), Map.of(), 1);
        store.createTopic(topic).await().indefinitely();
    }

    private SubscriptionRecord subscription(String endpoint) {
        return new SubscriptionRecord(topic.arn() + ":" + UUID.randomUUID(), topic.arn(), ACCOUNT, "sqs", endpoint,
                Map.of(), null);
    }

    @Test
    void createTopicKeepsTheFirstRecord() {
        TopicRecord again = new TopicRecord(topic.arn(), ACCOUNT, "us-east-1", topic.name(), false,
                Map.of("DisplayName", "second"), Map.of(), 2);
        assertEquals("first", store.createTopic(again).await().indefinitely().attributes().get("DisplayName"));
        assertTrue(store.topics(ACCOUNT).await().indefinitely().stream().anyMatch(t -> t.arn().equals(topic.arn())));
    }

    @Test
    void updateTopicReplacesAnExistingTopicOnly() {
        assertTrue(store.updateTopic(topic.withTags(Map.of("k", "v"))).await().indefinitely());
        assertEquals(Map.of("k", "v"), store.topic(ACCOUNT, topic.arn()).await().indefinitely().tags());
        TopicRecord missing = new TopicRecord(topic.arn() + "-missing", ACCOUNT, "us-east-1", "x", false, Map.of(),
                Map.of(), 1);
        assertFalse(store.updateTopic(missing).await().indefinitely());
    }

    @Test
    void subscribeIsIdempotentPerProtocolAndEndpoint() {
        SubscriptionRecord first = store.subscribe(subscription("arn:aws:sqs:us-east-1:0:q")).await().indefinitely();
        SubscriptionRecord again = store.subscribe(subscription("arn:aws:sqs:us-east-1:0:q")).await().indefinitely();
        assertEquals(first.arn(), again.arn());
        store.subscribe(subscription("arn:aws:sqs:us-east-1:0:other")).await().indefinitely();
        assertEquals(2, store.subscriptions(ACCOUNT, topic.arn()).await().indefinitely().size());
        assertTrue(store.subscriptions(ACCOUNT, null).await().indefinitely().stream()
                .anyMatch(s -> s.arn().equals(first.arn())));
    }

    @Test
    void subscriptionAttributesUpdateAndUnsubscribe() {
        SubscriptionRecord s = store.subscribe(subscription("arn:aws:sqs:us-east-1:0:q")).await().indefinitely();
        assertTrue(store.updateSubscription(s.withAttributes(Map.of("RawMessageDelivery", "true")))
                .await().indefinitely());
        assertEquals("true", store.subscription(ACCOUNT, s.arn()).await().indefinitely().attributes()
                .get("RawMessageDelivery"));
        assertTrue(store.unsubscribe(ACCOUNT, s.arn()).await().indefinitely());
        assertFalse(store.unsubscribe(ACCOUNT, s.arn()).await().indefinitely());
        assertNull(store.subscription(ACCOUNT, s.arn()).await().indefinitely());
    }

    @Test
    void deleteTopicDropsItsSubscriptions() {
        SubscriptionRecord s = store.subscribe(subscription("arn:aws:sqs:us-east-1:0:q")).await().indefinitely();
        assertTrue(store.deleteTopic(ACCOUNT, topic.arn()).await().indefinitely());
        assertNull(store.topic(ACCOUNT, topic.arn()).await().indefinitely());
        assertNull(store.subscription(ACCOUNT, s.arn()).await().indefinitely());
        assertEquals(List.of(), store.subscriptions(ACCOUNT, topic.arn()).await().indefinitely());
        assertFalse(store.deleteTopic(ACCOUNT, topic.arn()).await().indefinitely());
    }

    @Test
    void sequenceNumbersIncreasePerTopic() {
        long first = store.nextSequence(ACCOUNT, topic.arn()).await().indefinitely();
        long second = store.nextSequence(ACCOUNT, topic.arn()).await().indefinitely();
        assertTrue(second > first);
    }
}
