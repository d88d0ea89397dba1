package dev.eddy.store;

/**
 * FIFO deduplication as a send applies it.
 *
 * @param windowMillis how long an id is remembered (five minutes on AWS, even after a delete)
 * @param perGroup     DeduplicationScope=messageGroup: ids are scoped to their message group
 */
public record Deduplication(long windowMillis, boolean perGroup) {
    public String key(StoredMessage message) {
        return perGroup ? message.groupId() + "\u0000" + message.deduplicationId() : message.deduplicationId();
    }
}
