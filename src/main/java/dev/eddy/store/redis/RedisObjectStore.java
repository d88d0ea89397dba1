package dev.eddy.store.redis;

import dev.eddy.common.Concurrently;
import dev.eddy.common.Json;
import dev.eddy.store.BucketRecord;
import dev.eddy.store.ObjectKeys;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectWrite;
import dev.eddy.store.PartRecord;
import dev.eddy.store.UploadRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Buckets and objects in Redis. Every key of a bucket carries its hash tag, so each script touches
 * one slot:
 *
 * <pre>
 * eddy:s3:buckets                       hash bucket name -> bucket record (JSON), for ListBuckets
 * eddy:s3:{&lt;bucket&gt;}:bucket              the bucket record: the bucket exists while this does
 * eddy:s3:{&lt;bucket&gt;}:objects             hash key -> object record (JSON)
 * eddy:s3:{&lt;bucket&gt;}:index               sorted set of keys, all scored 0: listed in byte order (ZRANGEBYLEX)
 * eddy:s3:{&lt;bucket&gt;}:seq                 counter of writes and deletes (event sequencers)
 * eddy:s3:{&lt;bucket&gt;}:notifications       the notification configuration (JSON)
 * eddy:s3:{&lt;bucket&gt;}:uploads             hash upload id -> upload record (JSON)
 * eddy:s3:{&lt;bucket&gt;}:parts:&lt;upload&gt;      hash part number -> part record (JSON)
 * eddy:s3:{&lt;bucket&gt;}:blob:&lt;id&gt;:&lt;n&gt;     the n-th 1 MiB chunk of a blob (an object's or a part's bytes)
 * </pre>
 * No value is larger than a chunk; a ranged read fetches only the chunks it covers (GETRANGE).
 */
public final class RedisObjectStore implements ObjectStore {
    static final int CHUNK = 1024 * 1024;
    private static final String BUCKETS = "eddy:s3:buckets";
    private static final int PARALLEL_CHUNKS = 4;

    private final Redis client;
    private final RedisAPI redis;
    private final RedisWrites writes;
    private final RedisScripts scripts;

    public RedisObjectStore(Redis client) {
        this(RedisWrites.unconfirmed(client));
    }

    public RedisObjectStore(RedisWrites writes) {
        this.client = writes.client();
        this.redis = writes.api();
        this.writes = writes;
        this.scripts = new RedisScripts(writes);
    }

    private static String key(String bucket, String suffix) {
        return "eddy:s3:{" + bucket + "}:" + suffix;
    }

    private static String chunk(String bucket, String blob, long n) {
        return key(bucket, "blob:" + blob + ":" + n);
    }

    private static String partsKey(String bucket, String uploadId) {
        return key(bucket, "parts:" + uploadId);
    }

    @Override
    public Uni<Boolean> createBucket(BucketRecord bucket) {
        String json = Json.write(bucket);
        return RedisCalls.guard(writes.confirmed(Command.SET, key(bucket.name(), "bucket"), json, "NX").chain(r -> {
            if (r == null) {
                return Uni.createFrom().item(false);
            }
            return writes.confirmed(Command.HSET, BUCKETS, bucket.name(), json).map(x -> true);
        }));
    }

    @Override
    public Uni<BucketRecord> bucket(String name) {
        return RedisCalls.guard(redis.get(key(name, "bucket")).map(r -> RedisCalls.read(r, BucketRecord.class)));
    }

    @Override
    public Uni<List<BucketRecord>> buckets() {
        return RedisCalls.guard(redis.hvals(BUCKETS).map(r -> {
            List<BucketRecord> list = new ArrayList<>(RedisCalls.list(r, BucketRecord.class));
            list.sort(Comparator.comparing(BucketRecord::name));
            return list;
        }));
    }

    @Override
    public Uni<BucketDeletion> deleteBucket(String name) {
        return RedisCalls.guard(scripts.run("s3-delete-bucket",
                List.of(key(name, "bucket"), key(name, "objects"), key(name, "index"), key(name, "seq"),
                        key(name, "uploads"), key(name, "notifications")),
                List.of(key(name, "parts:"))).chain(r -> {
                    int outcome = r.get(0).toInteger();
                    if (outcome == 0) {
                        return Uni.createFrom().item(BucketDeletion.NO_SUCH_BUCKET);
                    }
                    if (outcome == 2) {
                        return Uni.createFrom().item(BucketDeletion.NOT_EMPTY);
                    }
                    List<ObjectSegment> blobs = new ArrayList<>();
                    for (int i = 1; i < r.size(); i++) {
                        PartRecord part = RedisCalls.read(r.get(i), PartRecord.class);
                        blobs.add(new ObjectSegment(part.blob(), part.size()));
                    }
                    return writes.confirmed(Command.HDEL, BUCKETS, name).chain(() -> deleteBlobs(name, blobs))
                            .replaceWith(BucketDeletion.DELETED);
                }));
    }

    @Override
    public Uni<Boolean> putNotificationConfiguration(String bucket, String configuration) {
        return RedisCalls.guard(redis.exists(List.of(key(bucket, "bucket"))).chain(r -> r.toInteger() == 0
                ? Uni.createFrom().item(false)
                : writes.confirmed(Command.SET, key(bucket, "notifications"), configuration).map(x -> true)));
    }

    @Override
    public Uni<String> notificationConfiguration(String bucket) {
        return RedisCalls.guard(redis.get(key(bucket, "notifications")).map(r -> r == null ? null : r.toString()));
    }

    @Override
    public Uni<Void> writeBlob(String bucket, String blob, byte[] data) {
        List<Uni<Response>> writes = new ArrayList<>();
        int n = 0;
        // An empty blob is one empty chunk, so that a read can tell it from a freed one.
        for (int offset = 0; offset < data.length || n == 0; offset += CHUNK, n++) {
            int length = Math.min(CHUNK, data.length - offset);
            byte[] part = new byte[length];
            System.arraycopy(data, offset, part, 0, length);
            writes.add(client.send(Request.cmd(Command.SET).arg(chunk(bucket, blob, n)).arg(part)));
        }
        return RedisCalls.guard(Concurrently.all(writes, PARALLEL_CHUNKS)
                .replaceWithVoid());
    }

    @Override
    public Uni<byte[]> readBlob(String bucket, String blob, long offset, int length) {
        if (length == 0) {
            return RedisCalls.guard(redis.exists(List.of(chunk(bucket, blob, 0)))
                    .map(r -> r.toInteger() == 0 ? null : new byte[0]));
        }
        List<Uni<Response>> reads = new ArrayList<>();
        long end = offset + length - 1;
        for (long n = offset / CHUNK; n <= end / CHUNK; n++) {
            long from = Math.max(offset, n * CHUNK) - n * CHUNK;
            long to = Math.min(end, n * CHUNK + CHUNK - 1) - n * CHUNK;
            reads.add(client.send(Request.cmd(Command.GETRANGE).arg(chunk(bucket, blob, n)).arg(from).arg(to)));
        }
        return RedisCalls.guard(Concurrently.all(reads, PARALLEL_CHUNKS).map(rs -> {
            byte[] out = new byte[length];
            int at = 0;
            for (Response r : rs) {
                byte[] bytes = r == null ? new byte[0] : r.toBytes();
                if (at + bytes.length > length) {
                    return null;
                }
                System.arraycopy(bytes, 0, out, at, bytes.length);
                at += bytes.length;
            }
            // A chunk freed under the reader (the object was replaced meanwhile) reads short.
            return at == length ? out : null;
        }));
    }

    @Override
    public Uni<Void> deleteBlobs(String bucket, List<ObjectSegment> blobs) {
        List<String> keys = new ArrayList<>();
        for (ObjectSegment blob : blobs) {
            long chunks = Math.max(1, (blob.size() + CHUNK - 1) / CHUNK);
            for (long n = 0; n < chunks; n++) {
                keys.add(chunk(bucket, blob.blob(), n));
            }
        }
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Response>> deletes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += 256) {
            deletes.add(redis.del(keys.subList(i, Math.min(keys.size(), i + 256))));
        }
        return RedisCalls.guard(Concurrently.all(deletes, PARALLEL_CHUNKS)
                .replaceWithVoid());
    }

    /** Frees the blobs of a replaced or removed record that its successor does not use. */
    private Uni<ObjectWrite> freeReplaced(ObjectWrite write, ObjectRecord current, List<ObjectSegment> alsoFree) {
        List<ObjectSegment> free = new ArrayList<>(alsoFree);
        if (write.previous() != null) {
            free.addAll(write.previous().segments());
        }
        Set<String> kept = new HashSet<>();
        if (current != null) {
            current.segments().forEach(s -> kept.add(s.blob()));
        }
        free.removeIf(s -> kept.contains(s.blob()));
        return deleteBlobs(write.previous() != null ? write.previous().bucket() : current.bucket(), free)
                .replaceWith(write);
    }

    private static ObjectRecord optionalRecord(Response r) {
        if (r == null) {
            return null;
        }
        String text = r.toString();
        return text == null || text.isEmpty() ? null : RedisCalls.read(text, ObjectRecord.class);
    }

    @Override
    public Uni<ObjectWrite> putObject(ObjectRecord object) {
        String b = object.bucket();
        return RedisCalls.guard(scripts.run("s3-put-object",
                List.of(key(b, "bucket"), key(b, "objects"), key(b, "index"), key(b, "seq")),
                List.of(object.key(), Json.write(object))).chain(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(new ObjectWrite(false, null, 0));
                    }
                    ObjectWrite write = new ObjectWrite(true, optionalRecord(r.size() > 2 ? r.get(2) : null),
                            r.get(1).toLong());
                    return freeReplaced(write, object, List.of());
                }));
    }

    @Override
    public Uni<ObjectRecord> object(String bucket, String key) {
        return RedisCalls.guard(redis.hget(key(bucket, "objects"), key).map(r -> RedisCalls.read(r, ObjectRecord.class)));
    }

    @Override
    public Uni<Boolean> replaceObject(ObjectRecord expected, ObjectRecord replacement) {
        return RedisCalls.guard(scripts.run("s3-replace-object", List.of(key(expected.bucket(), "objects")),
                List.of(expected.key(), Json.write(expected), Json.write(replacement))).map(r -> r.toInteger() == 1));
    }

    @Override
    public Uni<ObjectWrite> deleteObject(String bucket, String key) {
        return RedisCalls.guard(scripts.run("s3-delete-object",
                List.of(key(bucket, "bucket"), key(bucket, "objects"), key(bucket, "index"), key(bucket, "seq")),
                List.of(key)).chain(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(new ObjectWrite(false, null, 0));
                    }
                    ObjectWrite write = new ObjectWrite(true, optionalRecord(r.size() > 2 ? r.get(2) : null),
                            r.get(1).toLong());
                    return write.previous() == null ? Uni.createFrom().item(write) : freeReplaced(write, null, List.of());
                }));
    }

    @Override
    public Uni<List<ObjectRecord>> listObjects(String bucket, String prefix, String after, int limit) {
        String min = after != null && ObjectKeys.compare(after, prefix) >= 0 ? "(" + after : "[" + prefix;
        return RedisCalls.guard(redis.zrangebylex(List.of(key(bucket, "index"), min, "+", "LIMIT", "0",
                String.valueOf(limit))).chain(r -> {
                    List<String> keys = new ArrayList<>();
                    for (Response k : r) {
                        String name = k.toString();
                        if (!name.startsWith(prefix)) {
                            break;
                        }
                        keys.add(name);
                    }
                    if (keys.isEmpty()) {
                        return Uni.createFrom().item(List.<ObjectRecord>of());
                    }
                    List<String> args = new ArrayList<>();
                    args.add(key(bucket, "objects"));
                    args.addAll(keys);
                    return redis.hmget(args).map(values -> {
                        List<ObjectRecord> page = new ArrayList<>();
                        values.forEach(v -> {
                            if (v != null) {
                                page.add(RedisCalls.read(v, ObjectRecord.class));
                            }
                        });
                        return page;
                    });
                }));
    }

    @Override
    public Uni<Boolean> createUpload(UploadRecord upload) {
        String b = upload.bucket();
        return RedisCalls.guard(redis.exists(List.of(key(b, "bucket"))).chain(r -> r.toInteger() == 0
                ? Uni.createFrom().item(false)
                : writes.confirmed(Command.HSET, key(b, "uploads"), upload.uploadId(), Json.write(upload)).map(x -> true)));
    }

    @Override
    public Uni<UploadRecord> upload(String bucket, String uploadId) {
        return RedisCalls.guard(redis.hget(key(bucket, "uploads"), uploadId)
                .map(r -> RedisCalls.read(r, UploadRecord.class)));
    }

    @Override
    public Uni<List<UploadRecord>> uploads(String bucket) {
        return RedisCalls.guard(redis.hvals(key(bucket, "uploads")).map(r -> RedisCalls.list(r, UploadRecord.class)));
    }

    @Override
    public Uni<Boolean> putPart(String bucket, String uploadId, PartRecord part) {
        return RedisCalls.guard(scripts.run("s3-put-part", List.of(key(bucket, "uploads"), partsKey(bucket, uploadId)),
                List.of(uploadId, String.valueOf(part.partNumber()), Json.write(part))).chain(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    PartRecord previous = r.size() > 1 && r.get(1) != null
                            ? RedisCalls.read(r.get(1), PartRecord.class) : null;
                    if (previous == null || previous.blob().equals(part.blob())) {
                        return Uni.createFrom().item(true);
                    }
                    return deleteBlobs(bucket, List.of(new ObjectSegment(previous.blob(), previous.size())))
                            .replaceWith(true);
                }));
    }

    @Override
    public Uni<List<PartRecord>> parts(String bucket, String uploadId) {
        return RedisCalls.guard(redis.hvals(partsKey(bucket, uploadId)).map(r -> {
            List<PartRecord> list = new ArrayList<>(RedisCalls.list(r, PartRecord.class));
            list.sort(Comparator.comparingInt(PartRecord::partNumber));
            return list;
        }));
    }

    @Override
    public Uni<ObjectWrite> completeUpload(UploadRecord upload, ObjectRecord object) {
        String b = upload.bucket();
        return RedisCalls.guard(scripts.run("s3-complete-upload",
                List.of(key(b, "bucket"), key(b, "objects"), key(b, "index"), key(b, "seq"), key(b, "uploads"),
                        partsKey(b, upload.uploadId())),
                List.of(object.key(), Json.write(object), upload.uploadId())).chain(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(new ObjectWrite(false, null, 0));
                    }
                    ObjectWrite write = new ObjectWrite(true, optionalRecord(r.get(2)), r.get(1).toLong());
                    List<ObjectSegment> parts = new ArrayList<>();
                    for (int i = 3; i < r.size(); i++) {
                        PartRecord part = RedisCalls.read(r.get(i), PartRecord.class);
                        parts.add(new ObjectSegment(part.blob(), part.size()));
                    }
                    return freeReplaced(write, object, parts);
                }));
    }

    @Override
    public Uni<Boolean> abortUpload(String bucket, String uploadId) {
        return RedisCalls.guard(scripts.run("s3-abort-upload", List.of(key(bucket, "uploads"), partsKey(bucket, uploadId)),
                List.of(uploadId)).chain(r -> {
                    if (r.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    List<ObjectSegment> blobs = new ArrayList<>();
                    for (int i = 1; i < r.size(); i++) {
                        PartRecord part = RedisCalls.read(r.get(i), PartRecord.class);
                        blobs.add(new ObjectSegment(part.blob(), part.size()));
                    }
                    return deleteBlobs(bucket, blobs).replaceWith(true);
                }));
    }

    /** Drops every bucket's keys, walking the bucket list (no KEYS) and each bucket's blobs by record. */
    @Override
    public Uni<Void> clear() {
        return RedisCalls.guard(redis.hkeys(BUCKETS)).chain(names -> {
            List<Uni<Void>> drops = new ArrayList<>();
            names.forEach(n -> drops.add(drop(n.toString())));
            Uni<Void> all = drops.isEmpty() ? Uni.createFrom().voidItem()
                    : Concurrently.all(drops, 4).replaceWithVoid();
            return all.chain(() -> RedisCalls.guard(redis.del(List.of(BUCKETS))).replaceWithVoid());
        });
    }

    private Uni<Void> drop(String bucket) {
        return RedisCalls.guard(redis.hvals(key(bucket, "objects")).chain(objects -> {
            List<ObjectSegment> blobs = new ArrayList<>();
            RedisCalls.list(objects, ObjectRecord.class).forEach(o -> blobs.addAll(o.segments()));
            return deleteBlobs(bucket, blobs);
        }).chain(() -> redis.hkeys(key(bucket, "uploads"))).chain(uploads -> {
            List<Uni<Boolean>> aborts = new ArrayList<>();
            uploads.forEach(u -> aborts.add(abortUpload(bucket, u.toString())));
            return aborts.isEmpty() ? Uni.createFrom().voidItem()
                    : Concurrently.all(aborts, 4).replaceWithVoid();
        }).chain(() -> redis.del(List.of(key(bucket, "bucket"), key(bucket, "objects"), key(bucket, "index"),
                key(bucket, "seq"), key(bucket, "uploads"), key(bucket, "notifications")))).replaceWithVoid());
    }
}
