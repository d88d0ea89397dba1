package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} must do; each store runs it through a subclass. */
public abstract class ObjectStoreContract {
    protected abstract ObjectStore store();

    private ObjectStore store;
    private String bucket;

    @BeforeEach
    void createBucket() {
        store = store();
        bucket = "contract-" + UUID.randomUUID();
        assertTrue(store.createBucket(new BucketRecord(bucket, "000000000000", "us-east-1", 1)).await().indefinitely());
    }

    private ObjectRecord put(String key, byte[] data) {
        String blob = UUID.randomUUID().toString();
        store.writeBlob(bucket, blob, data).await().indefinitely();
        ObjectRecord record = new ObjectRecord(bucket, key, data.length, "\"etag\"", 1, Map.of("Content-Type", "text/plain"),
                Map.of(), Map.of(), Map.of(), null, 0, List.of(new ObjectSegment(blob, data.length)));
        assertTrue(store.putObject(record).await().indefinitely().done());
        return record;
    }

    private byte[] read(ObjectRecord record, long offset, int length) {
        return store.readBlob(bucket, record.segments().get(0).blob(), offset, length).await().indefinitely();
    }

    @Test
    void createBucketKeepsTheFirst() {
        assertFalse(store.createBucket(new BucketRecord(bucket, "111111111111", "eu-west-1", 2)).await().indefinitely());
        assertEquals("us-east-1", store.bucket(bucket).await().indefinitely().region());
        assertTrue(store.buckets().await().indefinitely().stream().anyMatch(b -> b.name().equals(bucket)));
    }

    @Test
    void largeObjectsReadBackWholeAndInRanges() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        ObjectRecord record = put("big", data);
        assertArrayEquals(data, read(record, 0, data.length));
        byte[] middle = read(record, 1024 * 1024 - 5, 1024 * 1024 + 10);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1024 * 1024 - 5, 2 * 1024 * 1024 + 5), middle);
        assertArrayEquals(new byte[0], put("empty", new byte[0]).segments().isEmpty() ? null
                : read(store.object(bucket, "empty").await().indefinitely(), 0, 0));
    }

    @Test
    void replacingAnObjectFreesTheOldBytesAndNumbersWrites() {
        ObjectRecord first = put("k", "one".getBytes());
        String blob = UUID.randomUUID().toString();
        store.writeBlob(bucket, blob, "two".getBytes()).await().indefinitely();
        ObjectRecord second = new ObjectRecord(bucket, "k", 3, "\"e2\"", 2, Map.of(), Map.of(), Map.of(), Map.of(), null,
                0, List.of(new ObjectSegment(blob, 3)));
        ObjectWrite write = store.putObject(second).await().indefinitely();
        assertEquals(first, write.previous());
        assertNull(read(first, 0, 3));
        ObjectWrite delete = store.deleteObject(bucket, "k").await().indefinitely();
        assertTrue(delete.sequence() > write.sequence());
        assertEquals(second, delete.previous());
        assertNull(store.object(bucket, "k").await().indefinitely());
        assertNull(read(second, 0, 3));
        assertNull(store.deleteObject(bucket, "k").await().indefinitely().previous());
    }

    @Test
    void writesToAMissingBucketAreRefused() {
        ObjectRecord record = new ObjectRecord("missing-" + UUID.randomUUID(), "k", 0, "\"e\"", 1, Map.of(), Map.of(),
                Map.of(), Map.of(), null, 0, List.of());
        assertFalse(store.putObject(record).await().indefinitely().done());
        assertNull(store.bucket(record.bucket()).await().indefinitely());
    }

    @Test
    void listingIsInUtf8OrderFromAfterWithinPrefix() {
        for (String key : List.of("a/2", "a/1", "b", "a/\uE000", "a/\uD83D\uDE00", "a")) {
            put(key, new byte[] {1});
        }
        List<String> all = store.listObjects(bucket, "", null, 100).await().indefinitely().stream()
                .map(ObjectRecord::key).toList();
        assertEquals(List.of("a", "a/1", "a/2", "a/\uE000", "a/\uD83D\uDE00", "b"), all);
        List<String> page = store.listObjects(bucket, "a/", "a/1", 2).await().indefinitely().stream()
                .map(ObjectRecord::key).toList();
        assertEquals(List.of("a/2", "a/\uE000"), page);
        assertEquals(List.of("a/1"), store.listObjects(bucket, "a/", null, 1).await().indefinitely().stream()
                .map(ObjectRecord::key).toList());
    }

    @Test
    void replaceObjectOnlyReplacesWhatWasRead() {
        ObjectRecord record = put("t", new byte[] {1});
        ObjectRecord tagged = record.withTags(Map.of("a", "b"));
        assertTrue(store.replaceObject(record, tagged).await().indefinitely());
        assertFalse(store.replaceObject(record, record.withTags(Map.of())).await().indefinitely());
        assertEquals(Map.of("a", "b"), store.object(bucket, "t").await().indefinitely().tags());
    }

    @Test
    void bucketsWithObjectsAreNotDeleted() {
        put("k", new byte[] {1});
        assertEquals(ObjectStore.BucketDeletion.NOT_EMPTY, store.deleteBucket(bucket).await().indefinitely());
        store.deleteObject(bucket, "k").await().indefinitely();
        assertTrue(store.putNotificationConfiguration(bucket, "{}").await().indefinitely());
        assertEquals(ObjectStore.BucketDeletion.DELETED, store.deleteBucket(bucket).await().indefinitely());
        assertEquals(ObjectStore.BucketDeletion.NO_SUCH_BUCKET, store.deleteBucket(bucket).await().indefinitely());
        assertNull(store.notificationConfiguration(bucket).await().indefinitely());
        assertFalse(store.putNotificationConfiguration(bucket, "{}").await().indefinitely());
    }

    @Test
    void multipartUploadCompletesInOneStepAndFreesUnusedParts() {
        String uploadId = UUID.randomUUID().toString();
        UploadRecord upload = new UploadRecord(bucket, "mp", uploadId, 1, Map.of(), Map.of(), Map.of(), null, null);
        assertTrue(store.createUpload(upload).await().indefinitely());
        PartRecord[] parts = new PartRecord[3];
        for (int i = 1; i <= 3; i++) {
            String blob = UUID.randomUUID().toString();
            store.writeBlob(bucket, blob, new byte[] {(byte) i}).await().indefinitely();
            parts[i - 1] = new PartRecord(i, 1, "\"p" + i + "\"", 1, blob, Map.of());
            assertTrue(store.putPart(bucket, uploadId, parts[i - 1]).await().indefinitely());
        }
        assertEquals(3, store.parts(bucket, uploadId).await().indefinitely().size());
        assertEquals(1, store.uploads(bucket).await().indefinitely().size());
        ObjectRecord object = new ObjectRecord(bucket, "mp", 2, "\"x-2\"", 1, Map.of(), Map.of(), Map.of(), Map.of(),
                null, 2, List.of(new ObjectSegment(parts[0].blob(), 1), new ObjectSegment(parts[2].blob(), 1)));
        assertTrue(store.completeUpload(upload, object).await().indefinitely().done());
        assertFalse(store.completeUpload(upload, object).await().indefinitely().done());
        assertNull(store.upload(bucket, uploadId).await().indefinitely());
        assertEquals(object, store.object(bucket, "mp").await().indefinitely());
        assertArrayEquals(new byte[] {3}, store.readBlob(bucket, parts[2].blob(), 0, 1).await().indefinitely());
        assertNull(store.readBlob(bucket, parts[1].blob(), 0, 1).await().indefinitely());
        assertFalse(store.putPart(bucket, uploadId, parts[0]).await().indefinitely());
    }

    @Test
    void abortedUploadsFreeTheirParts() {
        String uploadId = UUID.randomUUID().toString();
        store.createUpload(new UploadRecord(bucket, "mp", uploadId, 1, Map.of(), Map.of(), Map.of(), null, null))
                .await().indefinitely();
        String blob = UUID.randomUUID().toString();
        store.writeBlob(bucket, blob, new byte[] {9}).await().indefinitely();
        store.putPart(bucket, uploadId, new PartRecord(1, 1, "\"p\"", 1, blob, Map.of())).await().indefinitely();
        assertNotNull(store.upload(bucket, uploadId).await().indefinitely());
        assertTrue(store.abortUpload(bucket, uploadId).await().indefinitely());
        assertFalse(store.abortUpload(bucket, uploadId).await().indefinitely());
        assertNull(store.readBlob(bucket, blob, 0, 1).await().indefinitely());
        assertTrue(store.parts(bucket, uploadId).await().indefinitely().isEmpty());
    }
}
