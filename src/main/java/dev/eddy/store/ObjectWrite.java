package dev.eddy.store;

/**
 * The outcome of a write or delete of an object.
 *
 * @param done      false when the bucket (or, for a completion, the upload) does not exist
 * @param previous  the object replaced or removed, or null
 * @param sequence  a number that grows with every write and delete in the bucket, taken in the same
 *                  atomic step, from which S3 event sequencers are made
 */
public record ObjectWrite(boolean done, ObjectRecord previous, long sequence) {
}
