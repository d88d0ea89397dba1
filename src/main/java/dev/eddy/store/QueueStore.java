package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The store SPI for queues and their messages. Every state change that must be atomic is one call,
 * so a Redis implementation runs each as one script. Times are passed in (epoch milliseconds from
 * the one clock); stores never read a clock of their own.
 */
public interface QueueStore {

    /** Stores the queue unless one of that id exists; returns whichever is stored afterwards. */
    Uni<QueueRecord> createQueue(QueueRecord queue);

    /** The queue, or null. */
    Uni<QueueRecord> queue(QueueId id);

    /** Every queue of the account, in no particular order. */
    Uni<List<QueueRecord>> queues(String account);

    /** Replaces an existing queue's attributes and tags; false when the queue does not exist. */
    Uni<Boolean> updateQueue(QueueRecord queue);

    /** Deletes the queue and all its messages; false when it did not exist. */
    Uni<Boolean> deleteQueue(QueueId id);

    /**
     * Stores messages in order, applying FIFO deduplication when {@code deduplication} is non-null
     * and assigning FIFO sequence numbers. One result per message, in order.
     */
    Uni<List<SendResult>> send(QueueId id, List<StoredMessage> messages, Deduplication deduplication, long now);

    Uni<ClaimResult> claim(QueueId id, Claim claim);

    /**
     * Deletes messages by receipt, all in one step: one outcome per receipt, in order, each
     * {@link ReceiptOutcome#GONE} when the queue no longer exists.
     */
    Uni<List<ReceiptOutcome>> delete(QueueId id, List<MessageReceipt> receipts);

    /** {@link #delete(QueueId, List)} for one receipt. */
    default Uni<ReceiptOutcome> delete(QueueId id, String messageId, String receiptToken) {
        return delete(id, List.of(new MessageReceipt(messageId, receiptToken))).map(outcomes -> outcomes.get(0));
    }

    /** Sets a claimed message's visibility to end {@code visibilityMillis} after {@code now}. */
    Uni<ReceiptOutcome> changeVisibility(QueueId id, String messageId, String receiptToken, long visibilityMillis,
                                         long now);

    /** Deletes every message (deduplication ids stay in force). */
    Uni<Void> purge(QueueId id);

    Uni<QueueDepth> depth(QueueId id, long now, long retentionMillis);

    /** Registers a new task unless the source queue has an active one; false if it has. */
    Uni<Boolean> startMoveTask(MoveTaskRecord task);

    /** Replaces a task's record; an inactive task frees its queue for the next one. */
    Uni<Void> updateMoveTask(MoveTaskRecord task);

    /** The source queue's tasks, in no particular order. */
    Uni<List<MoveTaskRecord>> moveTasks(QueueId source);

    /** Drops everything (the admin reset). */
    Uni<Void> clear();

    /** Succeeds when the store can serve requests (readiness). */
    Uni<Void> ping();

    /** Tells other processes sharing this store that {@code messages} messages may be available on the queue now. */
    void wake(QueueId id, int messages);

    /** Listens to wake-ups from other processes sharing this store: the queue, and how many messages. */
    void onWake(BiConsumer<QueueId, Integer> listener);

    /** Releases connections. */
    default void close() {
    }
}
