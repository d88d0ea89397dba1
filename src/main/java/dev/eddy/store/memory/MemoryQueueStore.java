package dev.eddy.store.memory;

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
import dev.eddy.store.SendResult;
import dev.eddy.store.StoredMessage;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The embedded store: fastest, lost on restart. Each queue's state is guarded by its own monitor.
 * While the heap is full, new queues and messages are refused; everything else goes on.
 */
public final class MemoryQueueStore implements QueueStore {

    private record Holder(QueueRecord record, MemoryQueue messages) {
    }

    private final ConcurrentHashMap<QueueId, Holder> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<QueueId, Map<String, MoveTaskRecord>> moveTasks = new ConcurrentHashMap<>();
    private final HeapGuard heap;

    public MemoryQueueStore(HeapGuard heap) {
        this.heap = heap;
    }

    @Override
    public Uni<QueueRecord> createQueue(QueueRecord queue) {
        Holder existing = queues.get(queue.id());
        if (existing != null) {
            // Creating a queue that exists stores nothing: a consumer starting up to drain may do it.
            return Uni.createFrom().item(existing.record());
        }
        return heap.admit(() -> {
            Holder holder = queues.computeIfAbsent(queue.id(), id -> new Holder(queue, new MemoryQueue(queue.fifo())));
            return Uni.createFrom().item(holder.record());
        });
    }

    @Override
    public Uni<QueueRecord> queue(QueueId id) {
        Holder holder = queues.get(id);
        return Uni.createFrom().item(holder == null ? null : holder.record());
    }

    @Override
    public Uni<List<QueueRecord>> queues(String account) {
        return Uni.createFrom().item(queues.values().stream()
                .map(Holder::record)
                .filter(q -> q.id().account().equals(account))
                .toList());
    }

    @Override
    public Uni<Boolean> updateQueue(QueueRecord queue) {
        Holder updated = queues.computeIfPresent(queue.id(), (id, old) -> new Holder(queue, old.messages()));
        return Uni.createFrom().item(updated != null);
    }

    @Override
    public Uni<Boolean> deleteQueue(QueueId id) {
        moveTasks.remove(id);
        return Uni.createFrom().item(queues.remove(id) != null);
    }

    @Override
    public Uni<List<SendResult>> send(QueueId id, List<StoredMessage> messages, Deduplication deduplication, long now) {
        return heap.admit(() -> withQueue(id, q -> q.send(messages, deduplication, now)));
    }

    @Override
    public Uni<ClaimResult> claim(QueueId id, Claim claim) {
        return withQueue(id, q -> q.claim(claim));
    }

    @Override
    public Uni<List<ReceiptOutcome>> delete(QueueId id, List<MessageReceipt> receipts) {
        return withQueue(id, q -> receipts.stream().map(r -> q.delete(r.messageId(), r.receiptToken())).toList())
                .map(outcomes -> outcomes != null ? outcomes
                        : java.util.Collections.nCopies(receipts.size(), ReceiptOutcome.GONE));
    }

    @Override
    public Uni<ReceiptOutcome> changeVisibility(QueueId id, String messageId, String receiptToken,
                                                long visibilityMillis, long now) {
        return withQueue(id, q -> q.changeVisibility(messageId, receiptToken, visibilityMillis, now));
    }

    @Override
    public Uni<Void> purge(QueueId id) {
        return withQueue(id, q -> {
            q.purge();
            return null;
        });
    }

    @Override
    public Uni<QueueDepth> depth(QueueId id, long now, long retentionMillis) {
        return withQueue(id, q -> q.depth(now, retentionMillis));
    }

    @Override
    public Uni<Boolean> startMoveTask(MoveTaskRecord task) {
        Map<String, MoveTaskRecord> tasks = moveTasks.computeIfAbsent(task.source(), q -> new LinkedHashMap<>());
        synchronized (tasks) {
            if (tasks.values().stream().anyMatch(MoveTaskRecord::active)) {
                return Uni.createFrom().item(false);
            }
            tasks.put(task.taskId(), task);
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Uni<Void> updateMoveTask(MoveTaskRecord task) {
        Map<String, MoveTaskRecord> tasks = moveTasks.computeIfAbsent(task.source(), q -> new LinkedHashMap<>());
        synchronized (tasks) {
            tasks.put(task.taskId(), task);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<MoveTaskRecord>> moveTasks(QueueId source) {
        Map<String, MoveTaskRecord> tasks = moveTasks.getOrDefault(source, Map.of());
        synchronized (tasks) {
            return Uni.createFrom().item(List.copyOf(tasks.values()));
        }
    }

    @Override
    public Uni<Void> clear() {
        moveTasks.clear();
        queues.clear();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> ping() {
        return Uni.createFrom().voidItem();
    }

    /** One process holds all the state: there is no one else to wake. */
    @Override
    public void wake(QueueId id, int messages) {
    }

    @Override
    public void onWake(BiConsumer<QueueId, Integer> listener) {
    }

    /** Runs an operation under the queue's monitor; a missing queue yields null. */
    private <T> Uni<T> withQueue(QueueId id, Function<MemoryQueue, T> operation) {
        Holder holder = queues.get(id);
        if (holder == null) {
            return Uni.createFrom().nullItem();
        }
        MemoryQueue queue = holder.messages();
        T result;
        synchronized (queue) {
            result = operation.apply(queue);
        }
        return Uni.createFrom().item(result);
    }
}
