package dev.eddy.s3;

import dev.eddy.common.Concurrently;
import dev.eddy.common.EddyClock;
import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.CopyObjectRequest;
import dev.eddy.s3.S3Model.CopyObjectResult;
import dev.eddy.s3.S3Model.Delete;
import dev.eddy.s3.S3Model.DeleteObjectsRequest;
import dev.eddy.s3.S3Model.DeleteResult;
import dev.eddy.s3.S3Model.Deleted;
import dev.eddy.s3.S3Model.Empty;
import dev.eddy.s3.S3Model.Integrity;
import dev.eddy.s3.S3Model.ObjectAttributes;
import dev.eddy.s3.S3Model.ObjectIdentifier;
import dev.eddy.s3.S3Model.ObjectRequest;
import dev.eddy.s3.S3Model.PostObjectRequest;
import dev.eddy.s3.S3Model.PostObjectResult;
import dev.eddy.s3.S3Model.PostResponse;
import dev.eddy.s3.S3Model.Preconditions;
import dev.eddy.s3.S3Model.PutObjectRequest;
import dev.eddy.s3.S3Model.PutObjectResult;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectWrite;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Object writes: PutObject, POST Object, CopyObject, DeleteObject and DeleteObjects, with the rules
 * every new object follows (key length, metadata size, stored headers). Every change that
 * succeeded is notified before the answer goes out.
 */
@ApplicationScoped
public class S3Objects {
    /** Representation headers S3 stores with an object and returns on GET and HEAD. */
    public static final List<String> STORED_HEADERS = List.of("Content-Type", "Content-Encoding", "Content-Disposition",
            "Content-Language", "Cache-Control", "Expires");
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_METADATA_BYTES = 2048;

    private final ObjectStore store;
    private final S3Buckets buckets;
    private final S3Notifications notifications;
    private final EddyClock clock;

    S3Objects(ObjectStore store, S3Buckets buckets, S3Notifications notifications, EddyClock clock) {
        this.store = store;
        this.buckets = buckets;
        this.notifications = notifications;
        this.clock = clock;
    }

    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3Exception.with("KeyTooLongError", 400, "Your key is too long", "Size",
                    String.valueOf(key.getBytes(StandardCharsets.UTF_8).length), "MaxSizeAllowed", "1024");
        }
    }

    /** The representation headers of a request, Content-Type defaulting as S3 does. */
    static Map<String, String> storedHeaders(ObjectAttributes attributes) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = attributes.representation().get(name);
            if (name.equals("Content-Encoding") && value != null) {
                // aws-chunked is how the body travelled, not what it is.
                value = String.join(",", java.util.Arrays.stream(value.split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("aws-chunked")).toList());
                if (value.isEmpty()) {
                    value = null;
                }
            }
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.putIfAbsent("Content-Type", DEFAULT_CONTENT_TYPE);
        return headers;
    }

    /** User metadata: {@code x-amz-meta-*} headers, names lowercased, at most 2 KB in all. */
    static Map<String, String> userMetadata(ObjectAttributes attributes) {
        Map<String, String> metadata = new LinkedHashMap<>(attributes.metadata());
        int size = 0;
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            size += m.getKey().getBytes(StandardCharsets.UTF_8).length + m.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_METADATA_BYTES) {
            throw S3Exception.with("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed "
                    + "metadata size", "Size", String.valueOf(size), "MaxSizeAllowed", String.valueOf(MAX_METADATA_BYTES));
        }
        return metadata;
    }

    private long now() {
        // S3 keeps Last-Modified to the second.
        return clock.now() / 1000 * 1000;
    }

    /** Writes bytes as a new blob, then the record; a write that fails frees the blob. */
    private Uni<ObjectWrite> store(ObjectRecord record, byte[] bytes) {
        String blob = record.segments().get(0).blob();
        return store.writeBlob(record.bucket(), blob, bytes).chain(() -> store.putObject(record)).chain(write -> {
            if (!write.done()) {
                return store.deleteBlobs(record.bucket(), record.segments())
                        .map(v -> { throw S3Errors.noSuchBucket(record.bucket()); });
            }
            return Uni.createFrom().item(write);
        });
    }

    // ---- PutObject ------------------------------------------------------------------------------

    public Uni<PutObjectResult> put(RequestContext context, PutObjectRequest call) {
        return put(context, call, "ObjectCreated:Put");
    }

    /**
     * POST Object: the form's fields become the upload's headers and its file the body; S3 answers
     * 204 unless success_action_status asks for 200 or 201 (201 with a PostResponse document).
     */
    public Uni<PostObjectResult> post(RequestContext context, PostObjectRequest call) {
        Map<String, String> fields = call.fields();
        String key = fields.get("key");
        if (key == null || key.isEmpty()) {
            throw S3Errors.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please "
                    + "check the order of the fields.", "key", "");
        }
        key = key.replace("${filename}", call.filename());
        Map<String, String> representation = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, String> checksums = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-")) {
                metadata.put(name.substring("x-amz-meta-".length()), value);
            } else if (name.startsWith("x-amz-checksum-")) {
                checksums.put(name.substring("x-amz-checksum-".length()), value);
            } else {
                STORED_HEADERS.stream().filter(h -> h.equalsIgnoreCase(name)).findFirst()
                        .ifPresent(h -> representation.put(h, value));
            }
        });
        String tagging = null;
        if (call.taggingField() != null) {
            Map<String, String> tags = ObjectTags.fromDocument(call.taggingField().get());
            StringBuilder header = new StringBuilder();
            tags.forEach((k, v) -> header.append(header.length() == 0 ? "" : "&")
                    .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
            tagging = header.toString();
        }
        String status = fields.getOrDefault("success_action_status", "204");
        int code = status.equals("200") || status.equals("201") ? Integer.parseInt(status) : 204;
        PutObjectRequest upload = new PutObjectRequest(call.bucket(), key, call.file(),
                new Integrity(null, null, null, null, checksums), new ObjectAttributes(representation, metadata, tagging),
                Preconditions.NONE, call.sourceIp());
        String location = context.baseUrl() + "/" + call.bucket() + "/" + key;
        String stored = key;
        return put(context, upload, "ObjectCreated:Post").map(result -> new PostObjectResult(code, result.etag(),
                location, code == 201 ? new PostResponse(location, call.bucket(), stored, result.etag()) : null));
    }

    private Uni<PutObjectResult> put(RequestContext context, PutObjectRequest call, String event) {
        checkKey(call.key());
        UploadedBody body = UploadedBody.of(call.body(), call.integrity());
        Map<String, String> headers = storedHeaders(call.attributes());
        Map<String, String> metadata = userMetadata(call.attributes());
        Map<String, String> tags = ObjectTags.fromHeader(call.attributes().tagging());
        boolean conditional = call.conditions().ifNoneMatch() != null || call.conditions().ifMatch() != null;
        return buckets.existing(call.bucket())
                .chain(b -> conditional ? store.object(call.bucket(), call.key()) : Uni.createFrom().nullItem())
                .chain(current -> {
                    if (conditional) {
                        Conditions.write(call.conditions(), call.key(), current);
                    }
                    ObjectRecord record = new ObjectRecord(call.bucket(), call.key(), body.bytes().length, body.etag(),
                            now(), headers, metadata, tags, Map.of(body.checksumAlgorithm(), body.checksum()),
                            "FULL_OBJECT", 0, List.of(new ObjectSegment(UUID.randomUUID().toString(),
                            body.bytes().length)));
                    return store(record, body.bytes()).chain(write -> notifications.emit(context, call.bucket(),
                                    call.sourceIp(), List.of(new ObjectEvent(event, record.key(), record.size(),
                                            body.md5(), write.sequence())))
                            .replaceWith(() -> new PutObjectResult(record.etag(), record.checksums(),
                                    record.checksumType())));
                });
    }

    /** The object, or NoSuchKey (NoSuchBucket when the bucket is what is missing). */
    Uni<ObjectRecord> existing(String bucket, String key) {
        return store.object(bucket, key).chain(object -> object != null ? Uni.createFrom().item(object)
                : buckets.existing(bucket).map(b -> { throw S3Errors.noSuchKey(key); }));
    }

    // ---- DeleteObject / DeleteObjects -----------------------------------------------------------

    public Uni<Empty> delete(RequestContext context, ObjectRequest call) {
        return store.deleteObject(call.bucket(), call.key()).chain(write -> {
            if (!write.done()) {
                throw S3Errors.noSuchBucket(call.bucket());
            }
            if (write.previous() == null) {
                return Uni.createFrom().item(Empty.INSTANCE);
            }
            return notifications.emit(context, call.bucket(), call.sourceIp(), List.of(new ObjectEvent(
                    "ObjectRemoved:Delete", call.key(), 0, null, write.sequence()))).replaceWith(Empty.INSTANCE);
        });
    }

    public Uni<DeleteResult> deleteMany(RequestContext context, DeleteObjectsRequest call) {
        boolean integrity = call.integrity().contentMd5() != null || Checksums.ALGORITHMS.stream()
                .anyMatch(a -> call.integrity().checksum(a) != null);
        if (!integrity) {
            throw S3Errors.invalidRequest("Missing required header for this request: Content-MD5");
        }
        UploadedBody.of(call.body(), call.integrity());
        Delete document = call.delete().get();
        boolean quiet = "true".equalsIgnoreCase(document.quiet());
        List<ObjectIdentifier> objects = document.object();
        if (objects.isEmpty() || objects.size() > 1000) {
            throw S3Errors.malformedXml();
        }
        List<String> keys = new ArrayList<>();
        for (ObjectIdentifier o : objects) {
            String key = o.key();
            if (key == null) {
                throw S3Errors.malformedXml();
            }
            keys.add(key);
        }
        return buckets.existing(call.bucket()).chain(b -> {
            List<Uni<ObjectWrite>> deletes = keys.stream().map(k -> store.deleteObject(call.bucket(), k)).toList();
            return Concurrently.all(deletes, 1);
        }).chain(writes -> {
            List<ObjectEvent> events = new ArrayList<>();
            List<Deleted> deleted = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                ObjectWrite write = writes.get(i);
                if (write.previous() != null) {
                    events.add(new ObjectEvent("ObjectRemoved:Delete", keys.get(i), 0, null, write.sequence()));
                }
                if (!quiet) {
                    deleted.add(new Deleted(keys.get(i)));
                }
            }
            return notifications.emit(context, call.bucket(), call.sourceIp(), events)
                    .replaceWith(() -> new DeleteResult(deleted));
        });
    }

    // ---- CopyObject -----------------------------------------------------------------------------

    public Uni<CopyObjectResult> copy(RequestContext context, CopyObjectRequest call) {
        checkKey(call.key());
        CopySource source = CopySource.parse(call.copySource());
        String directive = directive(call.metadataDirective(), "x-amz-metadata-directive", "Unknown metadata directive.");
        String tagging = directive(call.taggingDirective(), "x-amz-tagging-directive", "Unknown tagging directive.");
        String algorithmHeader = call.checksumAlgorithm();
        String algorithm = algorithmHeader == null ? null : Checksums.algorithm(algorithmHeader);
        if (algorithmHeader != null && algorithm == null) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        Map<String, String> requestTags = tagging.equals("REPLACE")
                ? ObjectTags.fromHeader(call.attributes().tagging()) : null;
        Map<String, String> requestMetadata = directive.equals("REPLACE") ? userMetadata(call.attributes()) : null;
        return buckets.existing(call.bucket()).chain(b -> existing(source.bucket(), source.key())).chain(src -> {
            Conditions.copySource(call.sourceConditions(), src);
            if (source.bucket().equals(call.bucket()) && source.key().equals(call.key()) && directive.equals("COPY")
                    && algorithm == null && call.storageClass() == null) {
                throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to "
                        + "itself without changing the object's metadata, storage class, website redirect location or "
                        + "encryption attributes.");
            }
            return ObjectBytes.read(store, src, 0, src.size() - 1).chain(bytes -> {
                String chosen = algorithm != null ? algorithm
                        : src.checksums().keySet().stream().findFirst().filter(a -> !"COMPOSITE".equals(src.checksumType()))
                                .orElse(Checksums.DEFAULT);
                String md5 = HexFormat.of().formatHex(Checksums.digest("MD5", bytes));
                ObjectRecord record = new ObjectRecord(call.bucket(), call.key(), bytes.length, "\"" + md5 + "\"",
                        now(), directive.equals("REPLACE") ? storedHeaders(call.attributes()) : src.headers(),
                        requestMetadata != null ? requestMetadata : src.metadata(),
                        requestTags != null ? requestTags : src.tags(),
                        Map.of(chosen, Checksums.compute(chosen, bytes)), "FULL_OBJECT", 0,
                        List.of(new ObjectSegment(UUID.randomUUID().toString(), bytes.length)));
                return store(record, bytes).chain(write -> notifications.emit(context, call.bucket(), call.sourceIp(),
                        List.of(new ObjectEvent("ObjectCreated:Copy", record.key(), record.size(), md5,
                                write.sequence())))).replaceWith(() -> new CopyObjectResult(record.etag(),
                        Instant.ofEpochMilli(record.lastModified()), record.checksums(), record.checksumType()));
            });
        });
    }

    private static String directive(String value, String header, String message) {
        if (value == null) {
            return "COPY";
        }
        if (!value.equals("COPY") && !value.equals("REPLACE")) {
            throw S3Errors.invalidArgument(message, header, value);
        }
        return value;
    }
}
