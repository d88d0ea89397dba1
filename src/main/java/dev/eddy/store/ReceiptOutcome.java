package dev.eddy.store;

/** What a delete or visibility change by receipt did. */
public enum ReceiptOutcome {
    /** Done. */
    APPLIED,
    /** The message no longer exists (deleted, purged or expired). */
    GONE,
    /** The message was received again since: the receipt is no longer the latest. */
    STALE,
    /** The message is not in flight (change visibility only). */
    NOT_IN_FLIGHT,
    /** The new timeout would end more than 12 hours after the receive (change visibility only). */
    BEYOND_LIMIT
}
