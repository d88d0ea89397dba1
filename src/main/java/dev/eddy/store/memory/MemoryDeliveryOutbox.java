package dev.eddy.store.memory;

import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.OutboxEntry;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** The outbox in memory: entries by id, and an ordered set of (due time, arrival) for claims. */
public final class MemoryDeliveryOutbox implements DeliveryOutbox {
    private record Slot(long dueAt, long order, String id) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byDue = Long.compare(dueAt, other.dueAt);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }

    private final Map<String, OutboxEntry> entries = new HashMap<>();
    private final Map<String, Slot> slots = new HashMap<>();
    private final TreeSet<Slot> due = new TreeSet<>();
    private long order;

    @Override
    public synchronized Uni<Void> record(List<OutboxEntry> added) {
        for (OutboxEntry entry : added) {
            entries.put(entry.id(), entry.claimed(entry.dueAt(), null));
            place(entry.id(), entry.dueAt());
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<List<OutboxEntry>> claim(int max, long now, long leaseMillis) {
        List<Slot> taken = new ArrayList<>();
        for (Iterator<Slot> it = due.iterator(); it.hasNext() && taken.size() < max; ) {
            Slot slot = it.next();
            if (slot.dueAt() > now) {
                break;
            }
            taken.add(slot);
        }
        List<OutboxEntry> claimed = new ArrayList<>(taken.size());
        String token = UUID.randomUUID().toString();
        for (Slot slot : taken) {
            OutboxEntry entry = entries.get(slot.id()).claimed(now + leaseMillis, token);
            entries.put(entry.id(), entry);
            place(entry.id(), now + leaseMillis);
            claimed.add(entry);
        }
        return Uni.createFrom().item(claimed);
    }

    @Override
    public synchronized Uni<Boolean> acknowledge(String id, String lease) {
        if (!holds(id, lease)) {
            return Uni.createFrom().item(false);
        }
        entries.remove(id);
        due.remove(slots.remove(id));
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<Boolean> reschedule(String id, String lease, int attempts, long dueAt) {
        if (!holds(id, lease)) {
            return Uni.createFrom().item(false);
        }
        OutboxEntry entry = entries.get(id);
        entries.put(id, new OutboxEntry(id, entry.kind(), entry.target(), entry.payload(), attempts, dueAt, null));
        place(id, dueAt);
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<Long> pending() {
        return Uni.createFrom().item((long) entries.size());
    }

    @Override
    public synchronized Uni<Void> clear() {
        entries.clear();
        slots.clear();
        due.clear();
        return Uni.createFrom().voidItem();
    }

    private boolean holds(String id, String lease) {
        OutboxEntry entry = entries.get(id);
        return entry != null && lease != null && lease.equals(entry.lease());
    }

    private void place(String id, long dueAt) {
        Slot old = slots.get(id);
        if (old != null) {
            due.remove(old);
        }
        Slot slot = new Slot(dueAt, order++, id);
        slots.put(id, slot);
        due.add(slot);
    }
}
