package dev.eddy.store;

import java.util.List;

/**
 * @param received     messages for the consumer
 * @param deadLetters  messages past maxReceiveCount, now in flight for the move: the caller writes
 *                     each to the dead-letter queue and then deletes it here, so a crash between the
 *                     two duplicates a message but never loses it
 * @param nextDue      epoch milliseconds at which a delayed or in-flight message next becomes
 *                     visible ({@link Long#MAX_VALUE} if none): when a long poll should look again
 */
public record ClaimResult(List<ReceivedMessage> received, List<ReceivedMessage> deadLetters, long nextDue) {
}
