package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Deliveries that must survive the replica that accepted them (an SNS notification to an HTTP
 * endpoint or a function): recorded before the request that caused them returns, then claimed,
 * attempted and acknowledged by a worker on any replica. A claim is a lease: an entry claimed by a
 * replica that dies comes back when the lease ends, so delivery is at least once.
 */
public interface DeliveryOutbox {

    /** Records the entries, each due at its {@code dueAt}; all of them or none. */
    Uni<Void> record(List<OutboxEntry> entries);

    /**
     * Claims up to {@code max} entries due at {@code now} (new, to retry, or whose lease ended), the
     * earliest due first: each is hidden from other claims until {@code now + leaseMillis} and
     * returned with a new lease token.
     */
    Uni<List<OutboxEntry>> claim(int max, long now, long leaseMillis);

    /** Removes a delivered (or given up) entry; false when the lease is no longer the entry's latest claim. */
    Uni<Boolean> acknowledge(String id, String lease);

    /**
     * Makes a claimed entry due again at {@code dueAt} with {@code attempts} failed attempts; false
     * when the lease is no longer the entry's latest claim.
     */
    Uni<Boolean> reschedule(String id, String lease, int attempts, long dueAt);

    /** How many entries are waiting, claimed or not. */
    Uni<Long> pending();

    /** Drops every entry (the admin reset). */
    Uni<Void> clear();
}
