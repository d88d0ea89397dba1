package dev.eddy.store;

/**
 * The read-only counts of a queue at one moment.
 *
 * @param oldestSentTimestamp epoch milliseconds of the oldest stored message, or 0 when empty
 */
public record QueueDepth(long visible, long inFlight, long delayed, long oldestSentTimestamp) {
}
