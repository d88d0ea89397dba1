package dev.eddy.sqs;

import dev.eddy.store.QueueId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque receipt handle: the queue, the message and the token of one receive, so that only the
 * latest receive's handle deletes the message or changes its visibility.
 */
record ReceiptHandle(String queueName, String messageId, String token) {
    private static final String PREFIX = "eddy1";
    private static final char SEPARATOR = '\n';

    String encode() {
        String raw = PREFIX + SEPARATOR + queueName + SEPARATOR + messageId + SEPARATOR + token;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a handle for the given queue; throws ReceiptHandleIsInvalid otherwise. */
    static ReceiptHandle decode(String handle, QueueId queue) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SqsErrors.receiptHandleIsInvalid(handle);
        }
        String[] parts = raw.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX) || !parts[1].equals(queue.name())) {
            throw SqsErrors.receiptHandleIsInvalid(handle);
        }
        return new ReceiptHandle(parts[1], parts[2], parts[3]);
    }
}
