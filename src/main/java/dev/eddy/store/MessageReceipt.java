package dev.eddy.store;

/** A message and the receipt token of a receive of it: what a delete by receipt names. */
public record MessageReceipt(String messageId, String receiptToken) {
}
