package dev.eddy.s3;

import dev.eddy.common.Concurrently;
import dev.eddy.common.EddyClock;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectWrite;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject and
 * object tagging. Every change that succeeded is notified before the answer goes out.
 */
@ApplicationScoped
class S3Objects {
    /** Representation headers S3 stores with an object and returns on GET and HEAD. */
    static final List<String> STORED_HEADERS = List.of("Content-Type", "Content-Encoding", "Content-Disposition",
            "Content-Language", "Cache-Control", "Expires");
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_METADATA_BYTES = 2048;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

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

    static String httpDate(long millis) {
        return HTTP_DATE.format(Instant.ofEpochMilli(millis));
    }

    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw S3Exception.with("KeyTooLongError", 400, "Your key is too long", "Size",
                    String.valueOf(key.getBytes(StandardCharsets.UTF_8).length), "MaxSizeAllowed", "1024");
        }
    }

    /** The representation headers of a request, Content-Type defaulting as S3 does. */
    static Map<String, String> storedHeaders(S3Call call) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = call.header(name.toLowerCase(Locale.ROOT));
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
    static Map<String, String> userMetadata(S3Call call) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            if (h.getKey().startsWith("x-amz-meta-")) {
                String name = h.getKey().substring("x-amz-meta-".length());
                metadata.put(name, h.getValue());
                size += name.getBytes(StandardCharsets.UTF_8).length + h.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
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

    static S3Reply checksumHeaders(S3Reply reply, ObjectRecord object) {
        object.checksums().forEach((algorithm, value) -> reply.header(Checksums.header(algorithm), value));
        return reply.header("x-amz-checksum-type", object.checksumType());
    }

    // ---- PutObject ------------------------------------------------------------------------------

    Uni<S3Reply> put(S3Call call) {
        return put(call, "ObjectCreated:Put");
    }

    /**
     * POST Object: the form's fields become the upload's headers and its file the body; S3 answers
     * 204 unless success_action_status asks for 200 or 201 (201 with a PostResponse document).
     */
    Uni<S3Reply> post(S3Call call) {
        PostForm form = PostForm.parse(call.header("content-type"), call.body());
        String key = form.fields().get("key");
        if (key == null || key.isEmpty()) {
            throw S3Errors.invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please "
                    + "check the order of the fields.", "key", "");
        }
        key = key.replace("${filename}", form.filename());
        Map<String, String> headers = new LinkedHashMap<>();
        form.fields().forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-") || name.startsWith("x-amz-checksum-") || STORED_HEADERS.stream()
                    .anyMatch(h -> h.equalsIgnoreCase(name))) {
                headers.put(name, value);
            }
        });
        if (form.fields().containsKey("tagging")) {
            Map<String, String> tags = ObjectTags.fromXml(form.fields().get("tagging").getBytes(StandardCharsets.UTF_8));
            StringBuilder header = new StringBuilder();
            tags.forEach((k, v) -> header.append(header.length() == 0 ? "" : "&")
                    .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
            headers.put("x-amz-tagging", header.toString());
        }
        String status = form.fields().getOrDefault("success_action_status", "204");
        int code = status.equals("200") || status.equals("201") ? Integer.parseInt(status) : 204;
        S3Call upload = new S3Call("PUT", call.bucket(), key, Map.of(), headers, form.file(), Map.of(), call.context(),
                call.sourceIp());
        String location = call.context().baseUrl() + "/" + call.bucket() + "/" + key;
        String stored = key;
        return put(upload, "ObjectCreated:Post").map(reply -> {
            String etag = reply.headers().get("ETag");
            if (code == 201) {
                S3Xml xml = S3Xml.plain("PostResponse").text("Location", location).text("Bucket", call.bucket())
                        .text("Key", stored).text("ETag", etag);
                S3Reply created = S3Reply.xml(xml.close("PostResponse"));
                return new S3Reply(201, created.headers(), created.body(), null, created.body().length)
                        .header("ETag", etag).header("Location", location);
            }
            return S3Reply.empty(code).header("ETag", etag).header("Location", location);
        });
    }

    private Uni<S3Reply> put(S3Call call, String event) {
        checkKey(call.key());
        UploadedBody body = UploadedBody.of(call);
        Map<String, String> headers = storedHeaders(call);
        Map<String, String> metadata = userMetadata(call);
        Map<String, String> tags = ObjectTags.fromHeader(call.header("x-amz-tagging"));
        boolean conditional = call.header("if-none-match") != null || call.header("if-match") != null;
        return buckets.existing(call.bucket())
                .chain(b -> conditional ? store.object(call.bucket(), call.key()) : Uni.createFrom().nullItem())
                .chain(current -> {
                    if (conditional) {
                        Conditions.write(call, current);
                    }
                    ObjectRecord record = new ObjectRecord(call.bucket(), call.key(), body.bytes().length, body.etag(),
                            now(), headers, metadata, tags, Map.of(body.checksumAlgorithm(), body.checksum()),
                            "FULL_OBJECT", 0, List.of(new ObjectSegment(UUID.randomUUID().toString(),
                            body.bytes().length)));
                    return store(record, body.bytes()).chain(write -> notifications.emit(call, List.of(
                            new ObjectEvent(event, record.key(), record.size(), body.md5(),
                                    write.sequence())))
                            .replaceWith(() -> checksumHeaders(S3Reply.empty(200).header("ETag", record.etag()),
                                    record)));
                });
    }

    // ---- GetObject / HeadObject -----------------------------------------------------------------

    /** The object, or NoSuchKey (NoSuchBucket when the bucket is what is missing). */
    Uni<ObjectRecord> existing(String bucket, String key) {
        return store.object(bucket, key).chain(object -> object != null ? Uni.createFrom().item(object)
                : buckets.existing(bucket).map(b -> { throw S3Errors.noSuchKey(key); }));
    }

    Uni<S3Reply> get(S3Call call, boolean head) {
        return existing(call.bucket(), call.key()).map(object -> {
            if (Conditions.read(call, object) == Conditions.Outcome.NOT_MODIFIED) {
                return S3Reply.empty(304).header("ETag", object.etag())
                        .header("Last-Modified", httpDate(object.lastModified()));
            }
            long first = 0;
            long last = object.size() - 1;
            boolean partial = false;
            Map<String, String> headers = new LinkedHashMap<>();
            String partNumber = call.param("partNumber");
            if (partNumber != null) {
                int n = S3Params.integer(call, "partNumber", 1, 1, 10000);
                int parts = Math.max(1, object.partsCount());
                if (n > parts) {
                    throw S3Exception.with("InvalidPartNumber", 416, "The requested partnumber is not satisfiable",
                            "PartNumberRequested", partNumber, "ActualPartCount", String.valueOf(parts));
                }
                if (object.partsCount() > 0) {
                    first = 0;
                    for (int i = 0; i < n - 1; i++) {
                        first += object.segments().get(i).size();
                    }
                    last = first + object.segments().get(n - 1).size() - 1;
                    partial = true;
                    headers.put("x-amz-mp-parts-count", String.valueOf(object.partsCount()));
                }
            } else {
                ByteRange range = ByteRange.of(call.header("range"), object.size());
                if (range != null) {
                    first = range.first();
                    last = range.last();
                    partial = true;
                }
            }
            S3Reply reply = new S3Reply(partial ? 206 : 200, headers, new byte[0], null, 0);
            if (partial) {
                reply.header("Content-Range", "bytes " + first + "-" + last + "/" + object.size());
            }
            object.headers().forEach(reply::header);
            overrides(call, reply);
            reply.header("ETag", object.etag()).header("Last-Modified", httpDate(object.lastModified()))
                    .header("Accept-Ranges", "bytes");
            object.metadata().forEach((k, v) -> reply.header("x-amz-meta-" + k, v));
            if (!object.tags().isEmpty()) {
                reply.header("x-amz-tagging-count", String.valueOf(object.tags().size()));
            }
            if (!partial && "ENABLED".equalsIgnoreCase(call.header("x-amz-checksum-mode"))) {
                checksumHeaders(reply, object);
            }
            long length = last - first + 1;
            if (head || length <= 0) {
                return new S3Reply(reply.status(), reply.headers(), new byte[0], null, Math.max(0, length));
            }
            return new S3Reply(reply.status(), reply.headers(), null, ObjectBytes.stream(store, object, first, last),
                    length);
        });
    }

    /** GetObject's {@code response-*} parameters override the stored headers. */
    private static void overrides(S3Call call, S3Reply reply) {
        Map<String, String> names = Map.of("response-content-type", "Content-Type", "response-content-language",
                "Content-Language", "response-expires", "Expires", "response-cache-control", "Cache-Control",
                "response-content-disposition", "Content-Disposition", "response-content-encoding", "Content-Encoding");
        names.forEach((param, header) -> {
            String value = call.param(param);
            if (value != null) {
                checkHeaderValue(param, value);
                reply.header(header, value);
            }
        });
    }

    /** A value S3 is asked to send back as a header must be one HTTP can carry. */
    private static void checkHeaderValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                throw S3Errors.invalidArgument("Header value cannot be represented using ISO-8859-1.", name, value);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw S3Errors.invalidArgument("Header value contains a control character.", name, value);
            }
        }
    }

    // ---- DeleteObject / DeleteObjects -----------------------------------------------------------

    Uni<S3Reply> delete(S3Call call) {
        return store.deleteObject(call.bucket(), call.key()).chain(write -> {
            if (!write.done()) {
                throw S3Errors.noSuchBucket(call.bucket());
            }
            if (write.previous() == null) {
                return Uni.createFrom().item(S3Reply.empty(204));
            }
            return notifications.emit(call, List.of(new ObjectEvent("ObjectRemoved:Delete", call.key(), 0, null,
                    write.sequence()))).replaceWith(() -> S3Reply.empty(204));
        });
    }

    Uni<S3Reply> deleteMany(S3Call call) {
        boolean integrity = call.header("content-md5") != null || Checksums.ALGORITHMS.stream()
                .anyMatch(a -> call.headerOrTrailer(Checksums.header(a)) != null);
        if (!integrity) {
            throw S3Errors.invalidRequest("Missing required header for this request: Content-MD5");
        }
        UploadedBody.of(call);
        Element root = S3Xml.parse(call.body(), "Delete");
        boolean quiet = "true".equalsIgnoreCase(S3Xml.childText(root, "Quiet"));
        List<Element> objects = S3Xml.children(root, "Object");
        if (objects.isEmpty() || objects.size() > 1000) {
            throw S3Errors.malformedXml();
        }
        List<String> keys = new ArrayList<>();
        for (Element o : objects) {
            String key = S3Xml.childText(o, "Key");
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
            S3Xml xml = S3Xml.document("DeleteResult");
            for (int i = 0; i < keys.size(); i++) {
                ObjectWrite write = writes.get(i);
                if (write.previous() != null) {
                    events.add(new ObjectEvent("ObjectRemoved:Delete", keys.get(i), 0, null, write.sequence()));
                }
                if (!quiet) {
                    xml.start("Deleted").text("Key", keys.get(i)).end("Deleted");
                }
            }
            byte[] body = xml.close("DeleteResult");
            return notifications.emit(call, events).replaceWith(() -> S3Reply.xml(body));
        });
    }

    // ---- CopyObject -----------------------------------------------------------------------------

    Uni<S3Reply> copy(S3Call call) {
        checkKey(call.key());
        CopySource source = CopySource.parse(call.header("x-amz-copy-source"));
        String directive = directive(call, "x-amz-metadata-directive", "Unknown metadata directive.");
        String tagging = directive(call, "x-amz-tagging-directive", "Unknown tagging directive.");
        String algorithmHeader = call.header("x-amz-checksum-algorithm");
        String algorithm = algorithmHeader == null ? null : Checksums.algorithm(algorithmHeader);
        if (algorithmHeader != null && algorithm == null) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        Map<String, String> requestTags = tagging.equals("REPLACE")
                ? ObjectTags.fromHeader(call.header("x-amz-tagging")) : null;
        Map<String, String> requestMetadata = directive.equals("REPLACE") ? userMetadata(call) : null;
        return buckets.existing(call.bucket()).chain(b -> existing(source.bucket(), source.key())).chain(src -> {
            Conditions.copySource(call, src);
            if (source.bucket().equals(call.bucket()) && source.key().equals(call.key()) && directive.equals("COPY")
                    && algorithm == null && call.header("x-amz-storage-class") == null) {
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
                        now(), directive.equals("REPLACE") ? storedHeaders(call) : src.headers(),
                        requestMetadata != null ? requestMetadata : src.metadata(),
                        requestTags != null ? requestTags : src.tags(),
                        Map.of(chosen, Checksums.compute(chosen, bytes)), "FULL_OBJECT", 0,
                        List.of(new ObjectSegment(UUID.randomUUID().toString(), bytes.length)));
                return store(record, bytes).chain(write -> notifications.emit(call, List.of(new ObjectEvent(
                        "ObjectCreated:Copy", record.key(), record.size(), md5, write.sequence()))).replaceWith(() -> {
                            S3Xml xml = S3Xml.document("CopyObjectResult").text("ETag", record.etag())
                                    .text("LastModified", S3Xml.time(record.lastModified()));
                            record.checksums().forEach((a, v) -> xml.text("Checksum" + a, v));
                            xml.text("ChecksumType", record.checksumType());
                            return S3Reply.xml(xml.close("CopyObjectResult"));
                        }));
            });
        });
    }

    private static String directive(S3Call call, String header, String message) {
        String value = call.header(header);
        if (value == null) {
            return "COPY";
        }
        if (!value.equals("COPY") && !value.equals("REPLACE")) {
            throw S3Errors.invalidArgument(message, header, value);
        }
        return value;
    }

    // ---- Tagging --------------------------------------------------------------------------------

    Uni<S3Reply> putTagging(S3Call call) {
        Map<String, String> tags = ObjectTags.fromXml(call.body());
        return retag(call, tags, 0).chain(object -> notifications.emit(call, List.of(new ObjectEvent(
                "ObjectTagging:Put", object.key(), object.size(), object.etag().replace("\"", ""), -1))))
                .replaceWith(() -> S3Reply.empty(200));
    }

    Uni<S3Reply> getTagging(S3Call call) {
        return existing(call.bucket(), call.key()).map(object -> S3Reply.xml(ObjectTags.toXml(object.tags())));
    }

    Uni<S3Reply> deleteTagging(S3Call call) {
        return retag(call, Map.of(), 0).chain(object -> notifications.emit(call, List.of(new ObjectEvent(
                "ObjectTagging:Delete", object.key(), object.size(), object.etag().replace("\"", ""), -1))))
                .replaceWith(() -> S3Reply.empty(204));
    }

    /** Replaces the tags of the object as it is now; a concurrent write makes it read again. */
    private Uni<ObjectRecord> retag(S3Call call, Map<String, String> tags, int attempt) {
        return existing(call.bucket(), call.key()).chain(object -> {
            ObjectRecord tagged = object.withTags(tags);
            return store.replaceObject(object, tagged).chain(replaced -> {
                if (replaced) {
                    return Uni.createFrom().item(tagged);
                }
                if (attempt >= 5) {
                    throw new S3Exception("OperationAborted", 409, "A conflicting conditional operation is currently "
                            + "in progress against this resource. Please try again.");
                }
                return retag(call, tags, attempt + 1);
            });
        });
    }
}
