package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A message's immutable content, as sent. Digests are computed once on send and served on every
 * receive.
 *
 * @param attributes            message attributes, name to value
 * @param traceHeader           the AWSTraceHeader system attribute, or null
 * @param sentTimestamp         epoch milliseconds of the original send (kept across DLQ moves, as AWS
 *                              keeps it for retention)
 * @param groupId               MessageGroupId, or null
 * @param deduplicationId       MessageDeduplicationId (explicit or content-based), or null
 * @param sequenceNumber        FIFO sequence number, assigned by the store on send; null before
 * @param deadLetterSourceArn   the queue it was moved from by a redrive policy, or null
 * @param delayMillis           how long after the send it stays invisible
 */
@RegisterForReflection
public record StoredMessage(String messageId, String body, String md5OfBody,
                            Map<String, MessageAttribute> attributes, String md5OfMessageAttributes,
                            String traceHeader, String md5OfMessageSystemAttributes, String senderId,
                            long sentTimestamp, String groupId, String deduplicationId, String sequenceNumber,
                            String deadLetterSourceArn, long delayMillis) {

    public StoredMessage withSequenceNumber(String sequence) {
        return new StoredMessage(messageId, body, md5OfBody, attributes, md5OfMessageAttributes, traceHeader,
                md5OfMessageSystemAttributes, senderId, sentTimestamp, groupId, deduplicationId, sequence,
                deadLetterSourceArn, delayMillis);
    }

    /**
     * The copy a redrive writes to a dead-letter queue: same id and body. A standard queue keeps the
     * original send time for retention; a FIFO queue resets it, and the message id becomes its
     * deduplication id, so independent messages never deduplicate each other in the DLQ.
     */
    public StoredMessage movedFrom(String sourceArn, boolean fifo, long now) {
        return new StoredMessage(messageId, body, md5OfBody, attributes, md5OfMessageAttributes, traceHeader,
                md5OfMessageSystemAttributes, senderId, fifo ? now : sentTimestamp, groupId,
                fifo ? messageId : deduplicationId, null, sourceArn, 0);
    }

    /** The copy a move task writes back: a new message, with a new id and enqueue time, as AWS redrives. */
    public StoredMessage redriven(String newMessageId, long now) {
        return new StoredMessage(newMessageId, body, md5OfBody, attributes, md5OfMessageAttributes, traceHeader,
                md5OfMessageSystemAttributes, senderId, now, groupId, groupId == null ? null : newMessageId, null,
                null, 0);
    }
}
