package dev.eddy.store.memory;

import dev.eddy.store.Claim;
import dev.eddy.store.ClaimResult;
import dev.eddy.store.Deduplication;
import dev.eddy.store.QueueDepth;
import dev.eddy.store.ReceiptOutcome;
import dev.eddy.store.ReceivedMessage;
import dev.eddy.store.SendResult;
import dev.eddy.store.StoredMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One queue's messages in memory. Every operation is O(log n) in the queue's depth: visible
 * messages are ordered by arrival, delayed and in-flight ones by the time they become visible, and
 * a FIFO queue keeps, per message group, its visible messages plus a set of the groups that can be
 * served now ordered by their oldest message. Callers hold the monitor of this object.
 */
final class MemoryQueue {
    private static final long TWELVE_HOURS = 12L * 3600 * 1000;
    private static final long ATTEMPT_WINDOW = 5L * 60 * 1000;

    private enum State { READY, DELAYED, IN_FLIGHT }

    private static final class Entry {
        StoredMessage message;
        final long seq;
        /** Standard queues: the message's fair-queue turn (see {@link #turn}). */
        long turn;
        State state;
        long visibleAt;
        String token;
        int receiveCount;
        long firstReceive;
        long receivedAt;
        Group group;

        Entry(StoredMessage message, long seq) {
            this.message = message;
            this.seq = seq;
        }
    }

    private static final class Group {
        final String id;
        final TreeMap<Long, Entry> ready = new TreeMap<>();
        int inFlight;
        /** Messages of the group stored in any state; the group is forgotten when it reaches 0. */
        int size;
        long listedHead = -1;

        Group(String id) {
            this.id = id;
        }
    }

    private record Attempt(long expiresAt, List<String> messageIds, List<String> tokens) {
    }

    private record Dedup(long expiresAt, String messageId, String sequenceNumber) {
    }

    private static final Comparator<Entry> BY_VISIBLE_AT =
            Comparator.<Entry>comparingLong(e -> e.visibleAt).thenComparingLong(e -> e.seq);
    private static final Comparator<Entry> BY_SENT =
            Comparator.<Entry>comparingLong(e -> e.message.sentTimestamp()).thenComparingLong(e -> e.seq);

    private final boolean fifo;
    private final Map<String, Entry> byId = new HashMap<>();
    private final TreeSet<Entry> bySent = new TreeSet<>(BY_SENT);
    private final TreeSet<Entry> delayed = new TreeSet<>(BY_VISIBLE_AT);
    private final TreeSet<Entry> inFlight = new TreeSet<>(BY_VISIBLE_AT);
    /** Standard queues: visible messages by fair-queue turn, then arrival. */
    private final TreeSet<Entry> ready = new TreeSet<>(
            Comparator.<Entry>comparingLong(e -> e.turn).thenComparingLong(e -> e.seq));
    /** Standard queues: the highest turn received so far, and each message group's latest turn. */
    private long servedTurn;
    private final Map<String, Long> groupTurns = new HashMap<>();
    private int pruneGroupsAt = 1024;
    /** FIFO queues: groups, and the ones that can be served now, oldest head first. */
    private final Map<String, Group> groups = new HashMap<>();
    private final TreeSet<Group> servable = new TreeSet<>(
            Comparator.<Group>comparingLong(g -> g.listedHead).thenComparing(g -> g.id));
    private final LinkedHashMap<String, Dedup> dedup = new LinkedHashMap<>();
    private final LinkedHashMap<String, Attempt> attempts = new LinkedHashMap<>();
    private long visibleCount;
    private long nextSeq = 1;

    MemoryQueue(boolean fifo) {
        this.fifo = fifo;
    }

    List<SendResult> send(List<StoredMessage> messages, Deduplication deduplication, long now) {
        List<SendResult> results = new ArrayList<>(messages.size());
        if (deduplication != null) {
            expireDedup(now);
        }
        for (StoredMessage message : messages) {
            String key = deduplication == null ? null : deduplication.key(message);
            Dedup seen = key == null ? null : dedup.get(key);
            if (seen != null) {
                results.add(new SendResult(seen.messageId(), seen.sequenceNumber(), true));
                continue;
            }
            long seq = nextSeq++;
            StoredMessage stored = fifo ? message.withSequenceNumber(sequenceNumber(seq)) : message;
            if (key != null) {
                dedup.put(key, new Dedup(now + deduplication.windowMillis(), stored.messageId(), stored.sequenceNumber()));
            }
            Entry entry = new Entry(stored, seq);
            if (!fifo) {
                entry.turn = turn(stored.groupId());
            }
            if (fifo) {
                entry.group = groups.computeIfAbsent(stored.groupId(), Group::new);
                entry.group.size++;
            }
            byId.put(stored.messageId(), entry);
            bySent.add(entry);
            if (stored.delayMillis() > 0) {
                entry.state = State.DELAYED;
                entry.visibleAt = now + stored.delayMillis();
                delayed.add(entry);
            } else {
                makeVisible(entry);
            }
            results.add(new SendResult(stored.messageId(), stored.sequenceNumber(), false));
        }
        return results;
    }

    /**
     * Fair queues: a message's turn is one past the later of the turn last served and its group's
     * latest turn, so a group that sends 10,000 at once has turns 1..10,000 while another group's
     * next message still gets turn 1: they interleave, and a quiet group is not stuck behind a noisy
     * one. Messages without a group are one group, so a queue that never uses groups keeps arrival
     * order. The same rule as the Redis store's {@code fairTurn} in {@code lib.lua}.
     */
    private long turn(String groupId) {
        String group = groupId == null ? "" : groupId;
        long turn = Math.max(servedTurn, groupTurns.getOrDefault(group, 0L)) + 1;
        groupTurns.put(group, turn);
        if (groupTurns.size() > pruneGroupsAt) {
            // Groups whose latest turn has been served would start from the served turn anyway; the
            // next sweep waits until the map has doubled, so sweeping costs O(1) per send.
            groupTurns.values().removeIf(last -> last <= servedTurn);
            pruneGroupsAt = Math.max(1024, 2 * groupTurns.size());
        }
        return turn;
    }

    /** Twenty digits, increasing with every send, like AWS's FIFO sequence numbers. */
    private static String sequenceNumber(long seq) {
        return String.format("18%018d", seq);
    }

    ClaimResult claim(Claim claim) {
        long now = claim.now();
        refresh(now, claim.retentionMillis());
        if (claim.attemptId() != null) {
            List<ReceivedMessage> repeated = repeatAttempt(claim);
            if (repeated != null) {
                return new ClaimResult(repeated, List.of(), nextDue());
            }
        }
        List<ReceivedMessage> received = new ArrayList<>();
        List<ReceivedMessage> deadLetters = new ArrayList<>();
        Group current = null;
        while (received.size() + deadLetters.size() < claim.max()) {
            // A FIFO receive fills the batch from one group before moving on to the next.
            Entry entry = current != null && !current.ready.isEmpty() ? current.ready.firstEntry().getValue()
                    : nextVisible();
            if (entry == null) {
                break;
            }
            current = entry.group;
            servedTurn = Math.max(servedTurn, entry.turn);
            takeVisible(entry);
            entry.state = State.IN_FLIGHT;
            entry.visibleAt = now + claim.visibilityMillis();
            entry.token = UUID.randomUUID().toString();
            entry.receivedAt = now;
            if (entry.group != null) {
                entry.group.inFlight++;
                relist(entry.group);
            }
            inFlight.add(entry);
            if (claim.maxReceiveCount() > 0 && entry.receiveCount >= claim.maxReceiveCount()) {
                deadLetters.add(new ReceivedMessage(entry.message, entry.token, entry.receiveCount, entry.firstReceive));
                continue;
            }
            entry.receiveCount++;
            if (entry.firstReceive == 0) {
                entry.firstReceive = now;
            }
            received.add(new ReceivedMessage(entry.message, entry.token, entry.receiveCount, entry.firstReceive));
        }
        if (claim.attemptId() != null && !received.isEmpty()) {
            attempts.put(claim.attemptId(), new Attempt(now + ATTEMPT_WINDOW,
                    received.stream().map(r -> r.message().messageId()).toList(),
                    received.stream().map(ReceivedMessage::receiptToken).toList()));
        }
        return new ClaimResult(received, deadLetters, nextDue());
    }

    /**
     * A FIFO receive retried with the same attempt id inside five minutes gets the same messages and
     * receipts, with their visibility reset, as long as none was deleted, changed or received since.
     */
    private List<ReceivedMessage> repeatAttempt(Claim claim) {
        for (Iterator<Attempt> it = attempts.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() > claim.now()) {
                break;
            }
            it.remove();
        }
        Attempt attempt = attempts.get(claim.attemptId());
        if (attempt == null) {
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < attempt.messageIds().size(); i++) {
            Entry entry = byId.get(attempt.messageIds().get(i));
            if (entry == null || entry.state != State.IN_FLIGHT || !attempt.tokens().get(i).equals(entry.token)) {
                attempts.remove(claim.attemptId());
                return null;
            }
            entries.add(entry);
        }
        List<ReceivedMessage> received = new ArrayList<>();
        for (Entry entry : entries) {
            inFlight.remove(entry);
            entry.visibleAt = claim.now() + claim.visibilityMillis();
            inFlight.add(entry);
            received.add(new ReceivedMessage(entry.message, entry.token, entry.receiveCount, entry.firstReceive));
        }
        return received;
    }

    ReceiptOutcome delete(String messageId, String token) {
        Entry entry = byId.get(messageId);
        if (entry == null) {
            return ReceiptOutcome.GONE;
        }
        if (!token.equals(entry.token)) {
            return ReceiptOutcome.STALE;
        }
        remove(entry);
        return ReceiptOutcome.APPLIED;
    }

    ReceiptOutcome changeVisibility(String messageId, String token, long visibilityMillis, long now) {
        Entry entry = byId.get(messageId);
        if (entry == null) {
            return ReceiptOutcome.GONE;
        }
        if (!token.equals(entry.token)) {
            return ReceiptOutcome.STALE;
        }
        if (entry.state != State.IN_FLIGHT || entry.visibleAt <= now) {
            return ReceiptOutcome.NOT_IN_FLIGHT;
        }
        // Whole seconds since the receive, as AWS counts them.
        if ((now - entry.receivedAt) / 1000 * 1000 + visibilityMillis > TWELVE_HOURS) {
            return ReceiptOutcome.BEYOND_LIMIT;
        }
        inFlight.remove(entry);
        if (visibilityMillis == 0) {
            leaveInFlight(entry);
            makeVisible(entry);
        } else {
            entry.visibleAt = now + visibilityMillis;
            inFlight.add(entry);
        }
        return ReceiptOutcome.APPLIED;
    }

    void purge() {
        byId.clear();
        bySent.clear();
        delayed.clear();
        inFlight.clear();
        ready.clear();
        groupTurns.clear();
        groups.clear();
        servable.clear();
        attempts.clear();
        visibleCount = 0;
    }

    QueueDepth depth(long now, long retentionMillis) {
        refresh(now, retentionMillis);
        long oldest = bySent.isEmpty() ? 0 : bySent.first().message.sentTimestamp();
        return new QueueDepth(visibleCount, inFlight.size(), delayed.size(), oldest);
    }

    /** Drops messages past retention and makes due delayed and expired in-flight messages visible. */
    private void refresh(long now, long retentionMillis) {
        while (!bySent.isEmpty() && bySent.first().message.sentTimestamp() + retentionMillis <= now) {
            remove(bySent.first());
        }
        while (!delayed.isEmpty() && delayed.first().visibleAt <= now) {
            makeVisible(delayed.pollFirst());
        }
        while (!inFlight.isEmpty() && inFlight.first().visibleAt <= now) {
            Entry entry = inFlight.pollFirst();
            leaveInFlight(entry);
            makeVisible(entry);
        }
    }

    private long nextDue() {
        long next = Long.MAX_VALUE;
        if (!delayed.isEmpty()) {
            next = delayed.first().visibleAt;
        }
        if (!inFlight.isEmpty()) {
            next = Math.min(next, inFlight.first().visibleAt);
        }
        return next;
    }

    private void expireDedup(long now) {
        for (Iterator<Dedup> it = dedup.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() > now) {
                break;
            }
            it.remove();
        }
    }

    private Entry nextVisible() {
        if (!fifo) {
            return ready.isEmpty() ? null : ready.first();
        }
        if (servable.isEmpty()) {
            return null;
        }
        return servable.first().ready.firstEntry().getValue();
    }

    private void makeVisible(Entry entry) {
        entry.state = State.READY;
        visibleCount++;
        if (entry.group == null) {
            ready.add(entry);
        } else {
            entry.group.ready.put(entry.seq, entry);
            relist(entry.group);
        }
    }

    private void takeVisible(Entry entry) {
        visibleCount--;
        if (entry.group == null) {
            ready.remove(entry);
        } else {
            entry.group.ready.remove(entry.seq);
            relist(entry.group);
        }
    }

    private void leaveInFlight(Entry entry) {
        if (entry.group != null) {
            entry.group.inFlight--;
            relist(entry.group);
        }
    }

    /** Keeps a FIFO group in the servable set exactly when none of its messages is in flight. */
    private void relist(Group group) {
        if (group.listedHead >= 0) {
            servable.remove(group);
            group.listedHead = -1;
        }
        if (group.inFlight == 0 && !group.ready.isEmpty()) {
            group.listedHead = group.ready.firstKey();
            servable.add(group);
        }
    }

    private void remove(Entry entry) {
        byId.remove(entry.message.messageId());
        bySent.remove(entry);
        switch (entry.state) {
            case READY -> takeVisible(entry);
            case DELAYED -> delayed.remove(entry);
            case IN_FLIGHT -> {
                inFlight.remove(entry);
                leaveInFlight(entry);
            }
        }
        if (entry.group != null && --entry.group.size == 0) {
            groups.remove(entry.group.id);
        }
    }
}
