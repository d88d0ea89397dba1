package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A delivery waiting in the {@link DeliveryOutbox}.
 *
 * @param id       unique per entry
 * @param kind     which handler delivers it (for example {@code sns})
 * @param target   what it goes to, for logs (a subscription ARN, a function ARN)
 * @param payload  the handler's own JSON, opaque to the store
 * @param attempts failed attempts so far
 * @param dueAt    when the next attempt is due (epoch milliseconds)
 * @param lease    the claim this copy came from (checked by acknowledge and reschedule), or null
 */
@RegisterForReflection
public record OutboxEntry(String id, String kind, String target, String payload, int attempts, long dueAt,
                          String lease) {

    /** A new entry, due at once. */
    public static OutboxEntry of(String id, String kind, String target, String payload, long now) {
        return new OutboxEntry(id, kind, target, payload, 0, now, null);
    }

    public OutboxEntry claimed(long leaseUntil, String leaseToken) {
        return new OutboxEntry(id, kind, target, payload, attempts, leaseUntil, leaseToken);
    }
}
