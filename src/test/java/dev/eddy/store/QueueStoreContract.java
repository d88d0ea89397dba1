package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link QueueStore} must do. Each store runs this suite through a subclass; a behaviour
 * only one store has is a bug.
 */
public abstract class QueueStoreContract {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RETENTION = 4 * 24 * 3600_000L;
    private static final Deduplication DEDUP = new Deduplication(300_000, false);

    protected abstract QueueStore store();

    private QueueStore store;
    private QueueId standard;
    private QueueId fifo;

    @BeforeEach
    void createQueues() {
        store = store();
        standard = create(false);
        fifo = create(true);
    }

    private QueueId create(boolean isFifo) {
        QueueId id = new QueueId("000000000000", "contract-" + UUID.randomUUID() + (isFifo ? ".fifo" : ""));
        store.createQueue(new QueueRecord(id, "us-east-1", isFifo, Map.of("VisibilityTimeout", "30"), Map.of(), T0, T0))
                .await().indefinitely();
        return id;
    }

    private static StoredMessage message(String body, String group, String dedupId, long delayMillis, long sent) {
        return new StoredMessage(UUID.randomUUID().toString(), body, "md5", Map.of(), null, null, null, "sender",
                sent, group, dedupId, null, null, delayMillis);
    }

    private static StoredMessage message(String body) {
        return message(body, null, null, 0, T0);
    }

    private List<SendResult> send(QueueId queue, StoredMessage... messages) {
        return store.send(queue, List.of(messages), queue == fifo ? DEDUP : null, T0).await().indefinitely();
    }

    private ClaimResult claim(QueueId queue, int max, long now) {
        return claim(queue, max, now, 0, null);
    }

    private ClaimResult claim(QueueId queue, int max, long now, int maxReceiveCount, String attemptId) {
        return store.claim(queue, new Claim(max, 30_000, now, RETENTION, maxReceiveCount, attemptId))
                .await().indefinitely();
    }

    private static List<String> bodies(ClaimResult result) {
        return result.received().stream().map(r -> r.message().body()).toList();
    }

    @Test
    void createQueueKeepsTheFirstRecord() {
        QueueRecord again = new QueueRecord(standard, "eu-west-1", false, Map.of(), Map.of(), T0 + 5, T0 + 5);
        QueueRecord stored = store.createQueue(again).await().indefinitely();
        assertEquals("us-east-1", stored.region());
        assertEquals(T0, stored.created());
    }

    @Test
    void claimHidesMessageUntilVisibilityTimeoutExpires() {
        send(standard, message("a"));
        ClaimResult first = claim(standard, 10, T0);
        assertEquals(List.of("a"), bodies(first));
        assertEquals(1, first.received().get(0).receiveCount());
        assertTrue(claim(standard, 10, T0 + 29_999).received().isEmpty());
        ClaimResult again = claim(standard, 10, T0 + 30_000);
        assertEquals(List.of("a"), bodies(again));
        assertEquals(2, again.received().get(0).receiveCount());
        assertEquals(T0, again.received().get(0).firstReceiveTimestamp());
        assertNotEquals(first.received().get(0).receiptToken(), again.received().get(0).receiptToken());
    }

    @Test
    void claimReturnsStandardMessagesOldestFirstUpToMax() {
        for (int i = 0; i < 15; i++) {
            send(standard, message("m" + i));
        }
        ClaimResult result = claim(standard, 10, T0);
        assertEquals(10, result.received().size());
        assertEquals("m0", result.received().get(0).message().body());
        assertEquals(5, claim(standard, 10, T0).received().size());
    }

    @Test
    void delayedMessageStaysHiddenUntilDue() {
        send(standard, message("later", null, null, 5_000, T0));
        ClaimResult early = claim(standard, 1, T0 + 4_999);
        assertTrue(early.received().isEmpty());
        assertEquals(T0 + 5_000, early.nextDue());
        assertEquals(List.of("later"), bodies(claim(standard, 1, T0 + 5_000)));
    }

    @Test
    void deleteNeedsTheLatestReceipt() {
        send(standard, message("a"));
        String oldToken = claim(standard, 1, T0).received().get(0).receiptToken();
        ReceivedMessage latest = claim(standard, 1, T0 + 30_000).received().get(0);
        assertEquals(ReceiptOutcome.STALE, store.delete(standard, latest.message().messageId(), oldToken)
                .await().indefinitely());
        assertEquals(ReceiptOutcome.APPLIED, store.delete(standard, latest.message().messageId(),
                latest.receiptToken()).await().indefinitely());
        assertEquals(ReceiptOutcome.GONE, store.delete(standard, latest.message().messageId(),
                latest.receiptToken()).await().indefinitely());
        assertTrue(claim(standard, 1, T0 + 120_000).received().isEmpty());
    }

    @Test
    void deleteOfSeveralReceiptsAnswersEachInOrder() {
        for (String body : List.of("a", "b", "c")) {
            send(standard, message(body));
        }
        List<ReceivedMessage> first = claim(standard, 3, T0).received();
        List<MessageReceipt> receipts = first.stream()
                .map(m -> new MessageReceipt(m.message().messageId(), m.receiptToken())).toList();
        // The oldest, a, is received again once its visibility ends: its first receipt is then stale.
        ReceivedMessage a = claim(standard, 1, T0 + 30_000).received().get(0);
        assertEquals("a", a.message().body());
        List<ReceiptOutcome> expected = first.stream()
                .map(m -> m.message().body().equals("a") ? ReceiptOutcome.STALE : ReceiptOutcome.APPLIED).toList();
        assertEquals(expected, store.delete(standard, receipts).await().indefinitely());
        MessageReceipt b = receipts.get(first.indexOf(first.stream()
                .filter(m -> m.message().body().equals("b")).findFirst().orElseThrow()));
        assertEquals(List.of(ReceiptOutcome.GONE, ReceiptOutcome.APPLIED), store.delete(standard,
                List.of(b, new MessageReceipt(a.message().messageId(), a.receiptToken()))).await().indefinitely());
        QueueDepth depth = store.depth(standard, T0 + 40_000, RETENTION).await().indefinitely();
        assertEquals(0, depth.visible() + depth.inFlight());
        store.deleteQueue(standard).await().indefinitely();
        assertEquals(List.of(ReceiptOutcome.GONE, ReceiptOutcome.GONE),
                store.delete(standard, receipts.subList(0, 2)).await().indefinitely());
    }

    @Test
    void changeVisibilityExtendsAndZeroReleases() {
        send(standard, message("a"));
        ReceivedMessage r = claim(standard, 1, T0).received().get(0);
        String id = r.message().messageId();
        assertEquals(ReceiptOutcome.APPLIED, store.changeVisibility(standard, id, r.receiptToken(), 100_000, T0 + 10)
                .await().indefinitely());
        assertTrue(claim(standard, 1, T0 + 60_000).received().isEmpty());
        assertEquals(ReceiptOutcome.APPLIED, store.changeVisibility(standard, id, r.receiptToken(), 0, T0 + 60_000)
                .await().indefinitely());
        assertEquals(List.of("a"), bodies(claim(standard, 1, T0 + 60_000)));
    }

    @Test
    void changeVisibilityIsLimitedToTwelveHoursFromTheReceive() {
        send(standard, message("a"));
        ReceivedMessage r = claim(standard, 1, T0).received().get(0);
        long twelveHours = 12 * 3600_000L;
        assertEquals(ReceiptOutcome.BEYOND_LIMIT, store.changeVisibility(standard, r.message().messageId(),
                r.receiptToken(), twelveHours, T0 + 1_000).await().indefinitely());
        assertEquals(ReceiptOutcome.APPLIED, store.changeVisibility(standard, r.message().messageId(),
                r.receiptToken(), twelveHours - 1_000, T0 + 1_000).await().indefinitely());
    }

    @Test
    void changeVisibilityOfAMessageNotInFlightIsRefused() {
        send(standard, message("a"));
        ReceivedMessage r = claim(standard, 1, T0).received().get(0);
        assertEquals(ReceiptOutcome.NOT_IN_FLIGHT, store.changeVisibility(standard, r.message().messageId(),
                r.receiptToken(), 10_000, T0 + 31_000).await().indefinitely());
    }

    @Test
    void fifoKeepsOrderWithinAGroupAndBlocksItWhileInFlight() {
        send(fifo, message("a1", "A", "d1", 0, T0), message("b1", "B", "d2", 0, T0),
                message("a2", "A", "d3", 0, T0), message("a3", "A", "d4", 0, T0));
        ClaimResult first = claim(fifo, 2, T0);
        assertEquals(List.of("a1", "a2"), bodies(first));
        assertEquals(List.of("b1"), bodies(claim(fifo, 10, T0)));
        assertTrue(claim(fifo, 10, T0).received().isEmpty(), "both groups have messages in flight");
        ReceivedMessage a1 = first.received().get(0);
        store.delete(fifo, a1.message().messageId(), a1.receiptToken()).await().indefinitely();
        assertTrue(claim(fifo, 10, T0).received().isEmpty(), "a2 is still in flight");
        ReceivedMessage a2 = first.received().get(1);
        store.delete(fifo, a2.message().messageId(), a2.receiptToken()).await().indefinitely();
        assertEquals(List.of("a3"), bodies(claim(fifo, 10, T0)));
    }

    @Test
    void fifoGroupStaysBlockedAfterAReceiveOfOneMessage() {
        send(fifo, message("a1", "A", "d1", 0, T0), message("a2", "A", "d2", 0, T0));
        assertEquals(List.of("a1"), bodies(claim(fifo, 1, T0)));
        assertTrue(claim(fifo, 1, T0).received().isEmpty(), "a2 waits while a1 is in flight");
    }

    @Test
    void fifoReturnsAnExpiredMessageBeforeLaterOnesOfItsGroup() {
        send(fifo, message("a1", "A", "d1", 0, T0), message("a2", "A", "d2", 0, T0));
        assertEquals(List.of("a1"), bodies(claim(fifo, 1, T0)));
        assertEquals(List.of("a1", "a2"), bodies(claim(fifo, 10, T0 + 30_000)));
    }

    @Test
    void fifoAssignsIncreasingSequenceNumbers() {
        List<SendResult> results = send(fifo, message("a", "A", "d1", 0, T0), message("b", "A", "d2", 0, T0));
        assertTrue(results.get(0).sequenceNumber().compareTo(results.get(1).sequenceNumber()) < 0);
        assertEquals(20, results.get(0).sequenceNumber().length());
        assertEquals(results.get(0).sequenceNumber(), claim(fifo, 1, T0).received().get(0).message().sequenceNumber());
        assertNull(send(standard, message("s")).get(0).sequenceNumber());
    }

    @Test
    void fifoDeduplicatesForTheWindowEvenAfterDelete() {
        SendResult original = send(fifo, message("a", "A", "same", 0, T0)).get(0);
        SendResult duplicate = send(fifo, message("a again", "A", "same", 0, T0)).get(0);
        assertTrue(duplicate.duplicate());
        assertEquals(original.messageId(), duplicate.messageId());
        ReceivedMessage r = claim(fifo, 10, T0).received().get(0);
        store.delete(fifo, r.message().messageId(), r.receiptToken()).await().indefinitely();
        assertTrue(store.send(fifo, List.of(message("b", "A", "same", 0, T0)), DEDUP, T0 + 299_999)
                .await().indefinitely().get(0).duplicate());
        assertFalse(store.send(fifo, List.of(message("c", "A", "same", 0, T0)), DEDUP, T0 + 300_000)
                .await().indefinitely().get(0).duplicate());
    }

    @Test
    void deduplicationScopedToGroupsAcceptsTheSameIdInTwoGroups() {
        Deduplication perGroup = new Deduplication(300_000, true);
        assertFalse(store.send(fifo, List.of(message("a", "A", "same", 0, T0)), perGroup, T0)
                .await().indefinitely().get(0).duplicate());
        assertFalse(store.send(fifo, List.of(message("b", "B", "same", 0, T0)), perGroup, T0)
                .await().indefinitely().get(0).duplicate());
        assertTrue(store.send(fifo, List.of(message("c", "B", "same", 0, T0)), perGroup, T0)
                .await().indefinitely().get(0).duplicate());
    }

    @Test
    void retentionDropsMessagesPastTheirPeriod() {
        send(standard, message("old", null, null, 0, T0), message("new", null, null, 0, T0 + 10_000));
        ClaimResult result = store.claim(standard, new Claim(10, 30_000, T0 + 60_000, 55_000, 0, null))
                .await().indefinitely();
        assertEquals(List.of("new"), bodies(result));
        assertEquals(0, store.depth(standard, T0 + 70_000, 55_000).await().indefinitely().visible()
                + store.depth(standard, T0 + 70_000, 55_000).await().indefinitely().inFlight());
    }

    @Test
    void aReceivePastMaxReceiveCountClaimsTheMessageForTheDeadLetterQueue() {
        send(standard, message("poison"));
        assertEquals(1, claim(standard, 1, T0, 2, null).received().size());
        assertEquals(1, claim(standard, 1, T0 + 30_000, 2, null).received().size());
        ClaimResult third = claim(standard, 1, T0 + 60_000, 2, null);
        assertTrue(third.received().isEmpty());
        assertEquals(1, third.deadLetters().size());
        ReceivedMessage dead = third.deadLetters().get(0);
        assertEquals(ReceiptOutcome.APPLIED, store.delete(standard, dead.message().messageId(), dead.receiptToken())
                .await().indefinitely());
    }

    @Test
    void aRetriedFifoReceiveWithTheSameAttemptIdGetsTheSameMessages() {
        send(fifo, message("a", "A", "d1", 0, T0), message("b", "B", "d2", 0, T0));
        ClaimResult first = claim(fifo, 10, T0, 0, "attempt-1");
        ClaimResult retry = claim(fifo, 10, T0 + 1_000, 0, "attempt-1");
        assertEquals(bodies(first), bodies(retry));
        assertEquals(first.received().get(0).receiptToken(), retry.received().get(0).receiptToken());
        assertTrue(claim(fifo, 10, T0 + 1_000, 0, "attempt-2").received().isEmpty());
    }

    @Test
    void depthCountsVisibleInFlightAndDelayed() {
        send(standard, message("a"), message("b"), message("c", null, null, 10_000, T0));
        claim(standard, 1, T0);
        QueueDepth depth = store.depth(standard, T0, RETENTION).await().indefinitely();
        assertEquals(new QueueDepth(1, 1, 1, T0), depth);
        QueueDepth later = store.depth(standard, T0 + 30_000, RETENTION).await().indefinitely();
        assertEquals(3, later.visible());
        assertEquals(0, later.inFlight() + later.delayed());
    }

    @Test
    void purgeDropsMessagesButKeepsDeduplication() {
        send(fifo, message("a", "A", "same", 0, T0));
        store.purge(fifo).await().indefinitely();
        assertEquals(0, store.depth(fifo, T0, RETENTION).await().indefinitely().visible());
        assertTrue(send(fifo, message("a", "A", "same", 0, T0)).get(0).duplicate());
    }

    @Test
    void deletedQueueAnswersNull() {
        assertTrue(store.deleteQueue(standard).await().indefinitely());
        assertNull(store.queue(standard).await().indefinitely());
        assertNull(store.claim(standard, new Claim(1, 1, T0, RETENTION, 0, null)).await().indefinitely());
        assertFalse(store.deleteQueue(standard).await().indefinitely());
    }

    @Test
    void updateQueueReplacesAttributes() {
        QueueRecord current = store.queue(standard).await().indefinitely();
        assertTrue(store.updateQueue(current.withAttributes(Map.of("VisibilityTimeout", "60"), T0 + 1))
                .await().indefinitely());
        QueueRecord updated = store.queue(standard).await().indefinitely();
        assertEquals("60", updated.attributes().get("VisibilityTimeout"));
        assertEquals(T0 + 1, updated.modified());
    }

    @Test
    void queuesListsTheAccountsQueues() {
        List<String> names = new ArrayList<>();
        store.queues("000000000000").await().indefinitely().forEach(q -> names.add(q.id().name()));
        assertTrue(names.contains(standard.name()) && names.contains(fifo.name()));
        assertTrue(store.queues("111111111111").await().indefinitely().isEmpty());
        assertSame(null, store.queue(new QueueId("111111111111", standard.name())).await().indefinitely());
    }

    @Test
    void aQueueHasOneActiveMoveTaskAtATime() {
        MoveTaskRecord first = new MoveTaskRecord("t1", standard, "arn", null, null, T0, 5, 0, "RUNNING", null, T0);
        assertTrue(store.startMoveTask(first).await().indefinitely());
        MoveTaskRecord second = new MoveTaskRecord("t2", standard, "arn", null, 10, T0 + 1, 5, 0, "RUNNING", null, T0);
        assertFalse(store.startMoveTask(second).await().indefinitely());
        store.updateMoveTask(first.progressed(5, T0 + 2).withStatus("COMPLETED", null, T0 + 2)).await().indefinitely();
        assertTrue(store.startMoveTask(second).await().indefinitely());
        List<MoveTaskRecord> tasks = store.moveTasks(standard).await().indefinitely();
        assertEquals(2, tasks.size());
        MoveTaskRecord completed = tasks.stream().filter(t -> t.taskId().equals("t1")).findFirst().orElseThrow();
        assertEquals("COMPLETED", completed.status());
        assertEquals(5, completed.moved());
        assertTrue(store.moveTasks(fifo).await().indefinitely().isEmpty());
    }

    @Test
    void aQuietMessageGroupIsNotStuckBehindANoisyOnesBacklog() {
        // Fair queues: 10,000 messages of one group wait; ten of another group sent after them come
        // out within the first few receives.
        for (int batch = 0; batch < 100; batch++) {
            List<StoredMessage> noisy = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                noisy.add(message("noisy-" + (batch * 100 + i), "noisy", null, 0, T0));
            }
            store.send(standard, noisy, null, T0).await().indefinitely();
        }
        List<StoredMessage> quiet = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            quiet.add(message("quiet-" + i, "quiet", null, 0, T0));
        }
        store.send(standard, quiet, null, T0).await().indefinitely();
        List<String> firstThreeReceives = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claim(standard, 10, T0).received().forEach(m -> firstThreeReceives.add(m.message().body()));
        }
        assertEquals(10, firstThreeReceives.stream().filter(b -> b.startsWith("quiet-")).count(), firstThreeReceives.toString());
        // Within each group, arrival order holds.
        List<String> noisyOrder = firstThreeReceives.stream().filter(b -> b.startsWith("noisy-")).toList();
        for (int i = 0; i < noisyOrder.size(); i++) {
            assertEquals("noisy-" + i, noisyOrder.get(i));
        }
    }

    @Test
    void aStandardQueueWithoutGroupsKeepsArrivalOrderAcrossInterleavedReceives() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add("m" + i);
            send(standard, message("m" + i));
            if (i % 7 == 0) {
                claim(standard, 1, T0).received().forEach(m -> sent.remove(m.message().body()));
            }
        }
        List<String> received = new ArrayList<>();
        for (ClaimResult r = claim(standard, 10, T0); !r.received().isEmpty(); r = claim(standard, 10, T0)) {
            r.received().forEach(m -> received.add(m.message().body()));
        }
        assertEquals(sent, received);
    }
}
