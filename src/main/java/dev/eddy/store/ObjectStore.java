package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The store SPI for S3: buckets, objects, multipart uploads, tags and notification configurations.
 *
 * <p>Bytes live in blobs, written before the record that refers to them: a blob nobody refers to is
 * invisible, and a record is only ever stored once its bytes are. Replacing or removing an object
 * frees the blobs of the one it replaced.
 */
public interface ObjectStore {

    /** Stores the bucket unless one of its name exists; true if stored. */
    Uni<Boolean> createBucket(BucketRecord bucket);

    /** The bucket, or null. */
    Uni<BucketRecord> bucket(String name);

    /** Every bucket, by name. */
    Uni<List<BucketRecord>> buckets();

    enum BucketDeletion { DELETED, NO_SUCH_BUCKET, NOT_EMPTY }

    /** Deletes an empty bucket with its uploads in progress and its notification configuration. */
    Uni<BucketDeletion> deleteBucket(String name);

    /** Stores the bucket's notification configuration (opaque JSON); false when there is no bucket. */
    Uni<Boolean> putNotificationConfiguration(String bucket, String configuration);

    /** The bucket's notification configuration, or null. */
    Uni<String> notificationConfiguration(String bucket);

    /** Stores bytes under a new blob id of the bucket. */
    Uni<Void> writeBlob(String bucket, String blob, byte[] data);

    /** {@code length} bytes of a blob from {@code offset}; null if the blob is gone. */
    Uni<byte[]> readBlob(String bucket, String blob, long offset, int length);

    /** Frees blobs that no record refers to (a failed write's, an aborted upload's parts). */
    Uni<Void> deleteBlobs(String bucket, List<ObjectSegment> blobs);

    /** Stores the object, replacing any of its key. */
    Uni<ObjectWrite> putObject(ObjectRecord object);

    /** The object, or null. */
    Uni<ObjectRecord> object(String bucket, String key);

    /**
     * Replaces {@code expected} by {@code replacement} (same key) only if it is still the stored
     * record; false otherwise (a concurrent write, or the object is gone).
     */
    Uni<Boolean> replaceObject(ObjectRecord expected, ObjectRecord replacement);

    /** Removes the object; {@code previous} is null when there was none. */
    Uni<ObjectWrite> deleteObject(String bucket, String key);

    /**
     * Up to {@code limit} objects whose keys start with {@code prefix} and sort after {@code after}
     * (exclusive; null for the start), in UTF-8 binary order of keys.
     */
    Uni<List<ObjectRecord>> listObjects(String bucket, String prefix, String after, int limit);

    /** Stores a new upload; false when there is no bucket. */
    Uni<Boolean> createUpload(UploadRecord upload);

    /** The upload, or null. */
    Uni<UploadRecord> upload(String bucket, String uploadId);

    /** The bucket's uploads in progress. */
    Uni<List<UploadRecord>> uploads(String bucket);

    /**
     * Stores a part, replacing one of the same number; false when the upload does not exist (the
     * part's blob is then the caller's to free).
     */
    Uni<Boolean> putPart(String bucket, String uploadId, PartRecord part);

    /** The upload's parts by number; empty when there are none or no upload. */
    Uni<List<PartRecord>> parts(String bucket, String uploadId);

    /**
     * Ends an upload in one step: stores {@code object} (whose segments are the parts used), drops
     * the upload and frees the parts not used. {@code done} is false when the upload is gone.
     */
    Uni<ObjectWrite> completeUpload(UploadRecord upload, ObjectRecord object);

    /** Drops an upload and frees its parts; false when it did not exist. */
    Uni<Boolean> abortUpload(String bucket, String uploadId);

    /** Drops everything (the admin reset). */
    Uni<Void> clear();
}
