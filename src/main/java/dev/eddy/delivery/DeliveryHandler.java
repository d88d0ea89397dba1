package dev.eddy.delivery;

import dev.eddy.store.OutboxEntry;
import io.smallrye.mutiny.Uni;

/**
 * Delivers one kind of outbox entry (its {@link OutboxEntry#kind()}) and owns that kind's retry
 * policy; the {@link DeliveryWorker} claims, schedules and acknowledges.
 */
public interface DeliveryHandler {

    /** The kind of entry this handler delivers. */
    String kind();

    /** One attempt; a failed Uni is a failed attempt. */
    Uni<Void> attempt(OutboxEntry entry);

    /** The wait before the next attempt once {@code failedAttempts} attempts failed; negative when none is left. */
    long retryDelayMillis(OutboxEntry entry, int failedAttempts);

    /** The last attempt failed: what happens to the entry now (a dead-letter queue, a log line). */
    Uni<Void> exhausted(OutboxEntry entry, int failedAttempts, Throwable lastFailure);

    /** The entry was delivered. */
    default void delivered(OutboxEntry entry) {
    }

    /** An attempt failed and the entry will be tried again after {@code delayMillis}. */
    default void retrying(OutboxEntry entry, int failedAttempts, long delayMillis, Throwable failure) {
    }
}
