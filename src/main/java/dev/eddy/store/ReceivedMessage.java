package dev.eddy.store;

/**
 * A message handed to a consumer by a claim.
 *
 * @param receiptToken          the token of this receive; only it deletes or changes the message
 * @param receiveCount          receives so far, this one included
 * @param firstReceiveTimestamp epoch milliseconds of the first receive
 */
public record ReceivedMessage(StoredMessage message, String receiptToken, int receiveCount,
                              long firstReceiveTimestamp) {
}
