package dev.eddy.store;

/**
 * What the store did with one sent message.
 *
 * @param messageId      the stored message's id; for a FIFO duplicate, the original's
 * @param sequenceNumber FIFO sequence number, or null
 * @param duplicate      true when deduplication accepted the message without storing it
 */
public record SendResult(String messageId, String sequenceNumber, boolean duplicate) {
}
