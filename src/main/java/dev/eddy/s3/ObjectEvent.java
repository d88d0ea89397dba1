package dev.eddy.s3;

/**
 * Something that happened to an object, for notifications.
 *
 * @param name     the event name without {@code s3:}, e.g. {@code ObjectCreated:Put}
 * @param etag     unquoted, null for removals
 * @param sequence the store's number for the change, from which the sequencer is made
 */
record ObjectEvent(String name, String key, long size, String etag, long sequence) {
}
