package dev.eddy.store;

/**
 * One receive, as the store performs it atomically: promote due delayed and expired in-flight
 * messages, drop messages past retention, then hand out up to {@code max} visible messages.
 *
 * @param visibilityMillis how long claimed messages stay invisible
 * @param retentionMillis  the queue's MessageRetentionPeriod
 * @param maxReceiveCount  the redrive policy's limit, or 0 when the queue has none: a message whose
 *                         receive would exceed it is claimed for a move to the dead-letter queue
 *                         instead of being returned
 * @param attemptId        FIFO ReceiveRequestAttemptId, or null
 */
public record Claim(int max, long visibilityMillis, long now, long retentionMillis, int maxReceiveCount,
                    String attemptId) {
}
