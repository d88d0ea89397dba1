package dev.eddy.store.memory;

import dev.eddy.store.BucketRecord;
import dev.eddy.store.ObjectKeys;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectWrite;
import dev.eddy.store.PartRecord;
import dev.eddy.store.UploadRecord;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Buckets and objects in memory; each bucket's compound changes are serialized on the bucket. While
 * the heap is full, new buckets and bytes (objects, parts) are refused; everything else goes on.
 */
public final class MemoryObjectStore implements ObjectStore {

    private static final class Bucket {
        final BucketRecord record;
        final ConcurrentSkipListMap<String, ObjectRecord> objects = new ConcurrentSkipListMap<>(ObjectKeys.ORDER);
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<String, UploadRecord> uploads = new ConcurrentHashMap<>();
        final Map<String, TreeMap<Integer, PartRecord>> parts = new ConcurrentHashMap<>();
        volatile String notifications;
        long sequence;

        Bucket(BucketRecord record) {
            this.record = record;
        }
    }

    private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();
    private final HeapGuard heap;

    public MemoryObjectStore(HeapGuard heap) {
        this.heap = heap;
    }

    private static <T> Uni<T> item(T value) {
        return Uni.createFrom().item(value);
    }

    @Override
    public Uni<Boolean> createBucket(BucketRecord bucket) {
        if (buckets.containsKey(bucket.name())) {
            return item(false);
        }
        return heap.admit(() -> item(buckets.putIfAbsent(bucket.name(), new Bucket(bucket)) == null));
    }

    @Override
    public Uni<BucketRecord> bucket(String name) {
        Bucket bucket = buckets.get(name);
        return item(bucket == null ? null : bucket.record);
    }

    @Override
    public Uni<List<BucketRecord>> buckets() {
        return item(buckets.values().stream().map(b -> b.record).toList());
    }

    @Override
    public Uni<BucketDeletion> deleteBucket(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(BucketDeletion.NO_SUCH_BUCKET);
        }
        synchronized (bucket) {
            if (!bucket.objects.isEmpty()) {
                return item(BucketDeletion.NOT_EMPTY);
            }
            buckets.remove(name, bucket);
        }
        return item(BucketDeletion.DELETED);
    }

    @Override
    public Uni<Boolean> putNotificationConfiguration(String name, String configuration) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(false);
        }
        bucket.notifications = configuration;
        return item(true);
    }

    @Override
    public Uni<String> notificationConfiguration(String name) {
        Bucket bucket = buckets.get(name);
        return item(bucket == null ? null : bucket.notifications);
    }

    /** Every object's and part's bytes are written here before their record: the one place to refuse them. */
    @Override
    public Uni<Void> writeBlob(String name, String blob, byte[] data) {
        return heap.admit(() -> {
            Bucket bucket = buckets.get(name);
            if (bucket != null) {
                bucket.blobs.put(blob, data.clone());
            }
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<byte[]> readBlob(String name, String blob, long offset, int length) {
        Bucket bucket = buckets.get(name);
        byte[] data = bucket == null ? null : bucket.blobs.get(blob);
        if (data == null || offset + length > data.length) {
            return item(null);
        }
        byte[] out = new byte[length];
        System.arraycopy(data, (int) offset, out, 0, length);
        return item(out);
    }

    @Override
    public Uni<Void> deleteBlobs(String name, List<ObjectSegment> blobs) {
        Bucket bucket = buckets.get(name);
        if (bucket != null) {
            blobs.forEach(b -> bucket.blobs.remove(b.blob()));
        }
        return Uni.createFrom().voidItem();
    }

    /** Frees the blobs of a replaced record that the new one does not use. */
    private static void free(Bucket bucket, ObjectRecord previous, ObjectRecord current) {
        if (previous == null) {
            return;
        }
        Set<String> kept = new HashSet<>();
        if (current != null) {
            current.segments().forEach(s -> kept.add(s.blob()));
        }
        previous.segments().stream().filter(s -> !kept.contains(s.blob())).forEach(s -> bucket.blobs.remove(s.blob()));
    }

    @Override
    public Uni<ObjectWrite> putObject(ObjectRecord object) {
        Bucket bucket = buckets.get(object.bucket());
        if (bucket == null) {
            return item(new ObjectWrite(false, null, 0));
        }
        synchronized (bucket) {
            ObjectRecord previous = bucket.objects.put(object.key(), object);
            free(bucket, previous, object);
            return item(new ObjectWrite(true, previous, ++bucket.sequence));
        }
    }

    @Override
    public Uni<ObjectRecord> object(String name, String key) {
        Bucket bucket = buckets.get(name);
        return item(bucket == null ? null : bucket.objects.get(key));
    }

    @Override
    public Uni<Boolean> replaceObject(ObjectRecord expected, ObjectRecord replacement) {
        Bucket bucket = buckets.get(expected.bucket());
        if (bucket == null) {
            return item(false);
        }
        synchronized (bucket) {
            return item(bucket.objects.replace(expected.key(), expected, replacement));
        }
    }

    @Override
    public Uni<ObjectWrite> deleteObject(String name, String key) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(new ObjectWrite(false, null, 0));
        }
        synchronized (bucket) {
            ObjectRecord previous = bucket.objects.remove(key);
            free(bucket, previous, null);
            return item(new ObjectWrite(true, previous, ++bucket.sequence));
        }
    }

    @Override
    public Uni<List<ObjectRecord>> listObjects(String name, String prefix, String after, int limit) {
        Bucket bucket = buckets.get(name);
        List<ObjectRecord> page = new ArrayList<>();
        if (bucket == null) {
            return item(page);
        }
        String from = after != null && ObjectKeys.compare(after, prefix) >= 0 ? after : prefix;
        boolean inclusive = from.equals(prefix) && (after == null || !after.equals(prefix));
        for (ObjectRecord o : bucket.objects.tailMap(from, inclusive).values()) {
            if (!o.key().startsWith(prefix) || page.size() >= limit) {
                break;
            }
            page.add(o);
        }
        return item(page);
    }

    @Override
    public Uni<Boolean> createUpload(UploadRecord upload) {
        Bucket bucket = buckets.get(upload.bucket());
        if (bucket == null) {
            return item(false);
        }
        synchronized (bucket) {
            bucket.uploads.put(upload.uploadId(), upload);
            bucket.parts.put(upload.uploadId(), new TreeMap<>());
        }
        return item(true);
    }

    @Override
    public Uni<UploadRecord> upload(String name, String uploadId) {
        Bucket bucket = buckets.get(name);
        return item(bucket == null ? null : bucket.uploads.get(uploadId));
    }

    @Override
    public Uni<List<UploadRecord>> uploads(String name) {
        Bucket bucket = buckets.get(name);
        return item(bucket == null ? List.of() : List.copyOf(bucket.uploads.values()));
    }

    @Override
    public Uni<Boolean> putPart(String name, String uploadId, PartRecord part) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(false);
        }
        synchronized (bucket) {
            TreeMap<Integer, PartRecord> parts = bucket.parts.get(uploadId);
            if (parts == null) {
                return item(false);
            }
            PartRecord previous = parts.put(part.partNumber(), part);
            if (previous != null && !previous.blob().equals(part.blob())) {
                bucket.blobs.remove(previous.blob());
            }
            return item(true);
        }
    }

    @Override
    public Uni<List<PartRecord>> parts(String name, String uploadId) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(List.of());
        }
        synchronized (bucket) {
            TreeMap<Integer, PartRecord> parts = bucket.parts.get(uploadId);
            return item(parts == null ? List.of() : List.copyOf(parts.values()));
        }
    }

    @Override
    public Uni<ObjectWrite> completeUpload(UploadRecord upload, ObjectRecord object) {
        Bucket bucket = buckets.get(upload.bucket());
        if (bucket == null) {
            return item(new ObjectWrite(false, null, 0));
        }
        synchronized (bucket) {
            if (bucket.uploads.remove(upload.uploadId()) == null) {
                return item(new ObjectWrite(false, null, 0));
            }
            TreeMap<Integer, PartRecord> parts = bucket.parts.remove(upload.uploadId());
            Set<String> used = new HashSet<>();
            object.segments().forEach(s -> used.add(s.blob()));
            parts.values().stream().filter(p -> !used.contains(p.blob())).forEach(p -> bucket.blobs.remove(p.blob()));
            ObjectRecord previous = bucket.objects.put(object.key(), object);
            free(bucket, previous, object);
            return item(new ObjectWrite(true, previous, ++bucket.sequence));
        }
    }

    @Override
    public Uni<Boolean> abortUpload(String name, String uploadId) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            return item(false);
        }
        synchronized (bucket) {
            if (bucket.uploads.remove(uploadId) == null) {
                return item(false);
            }
            TreeMap<Integer, PartRecord> parts = bucket.parts.remove(uploadId);
            if (parts != null) {
                parts.values().forEach(p -> bucket.blobs.remove(p.blob()));
            }
            return item(true);
        }
    }

    @Override
    public Uni<Void> clear() {
        buckets.clear();
        return Uni.createFrom().voidItem();
    }
}
