package dev.eddy.s3;

import dev.eddy.common.EddyClock;
import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.CompleteMultipartUploadRequest;
import dev.eddy.s3.S3Model.CompleteMultipartUploadResult;
import dev.eddy.s3.S3Model.CompletedPart;
import dev.eddy.s3.S3Model.CopyPartResult;
import dev.eddy.s3.S3Model.CreateMultipartUploadRequest;
import dev.eddy.s3.S3Model.Empty;
import dev.eddy.s3.S3Model.InitiateMultipartUploadResult;
import dev.eddy.s3.S3Model.ListMultipartUploadsRequest;
import dev.eddy.s3.S3Model.ListMultipartUploadsResult;
import dev.eddy.s3.S3Model.ListPartsRequest;
import dev.eddy.s3.S3Model.ListPartsResult;
import dev.eddy.s3.S3Model.Part;
import dev.eddy.s3.S3Model.Preconditions;
import dev.eddy.s3.S3Model.Upload;
import dev.eddy.s3.S3Model.UploadPartCopyRequest;
import dev.eddy.s3.S3Model.UploadPartRequest;
import dev.eddy.s3.S3Model.UploadPartResult;
import dev.eddy.s3.S3Model.UploadRequest;
import dev.eddy.store.ObjectKeys;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.PartRecord;
import dev.eddy.store.UploadRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts and
 * ListMultipartUploads. The ETag of the result is the MD5 of the parts' binary MD5s, then
 * {@code -N}; every part but the last must be at least 5 MiB.
 */
@ApplicationScoped
public class S3Multipart {
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final int MAX_PART_NUMBER = 10_000;

    private final ObjectStore store;
    private final S3Buckets buckets;
    private final S3Objects objects;
    private final S3Notifications notifications;
    private final EddyClock clock;

    S3Multipart(ObjectStore store, S3Buckets buckets, S3Objects objects, S3Notifications notifications,
                EddyClock clock) {
        this.store = store;
        this.buckets = buckets;
        this.objects = objects;
        this.notifications = notifications;
        this.clock = clock;
    }

    private long now() {
        return clock.now() / 1000 * 1000;
    }

    /** The upload, or NoSuchUpload (also when the id belongs to another key). */
    private Uni<UploadRecord> upload(String bucket, String key, String uploadId) {
        return buckets.existing(bucket).chain(b -> store.upload(bucket, uploadId)).map(upload -> {
            if (upload == null || !upload.key().equals(key)) {
                throw S3Errors.noSuchUpload(uploadId);
            }
            return upload;
        });
    }

    public Uni<InitiateMultipartUploadResult> create(RequestContext context, CreateMultipartUploadRequest call) {
        S3Objects.checkKey(call.key());
        String algorithmHeader = call.checksumAlgorithm();
        String algorithm = Checksums.algorithm(algorithmHeader);
        if (algorithmHeader != null && algorithm == null) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        String type = call.checksumType();
        if (type != null && !type.equals("COMPOSITE") && !type.equals("FULL_OBJECT")) {
            throw S3Errors.invalidRequest("Value for x-amz-checksum-type header is invalid.");
        }
        if (type != null && algorithm == null) {
            throw S3Errors.invalidRequest("The x-amz-checksum-type header can only be used with the "
                    + "x-amz-checksum-algorithm header.");
        }
        if (algorithm != null && type == null) {
            // CRC64NVME only exists whole-object; the others default to composite.
            type = algorithm.equals("CRC64NVME") ? "FULL_OBJECT" : "COMPOSITE";
        }
        if (algorithm != null && (type.equals("COMPOSITE") && algorithm.equals("CRC64NVME")
                || type.equals("FULL_OBJECT") && algorithm.startsWith("SHA"))) {
            throw S3Errors.invalidRequest("The " + algorithm + " checksum algorithm does not support the " + type
                    + " checksum type.");
        }
        String checksumType = type;
        UploadRecord upload = new UploadRecord(call.bucket(), call.key(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes()),
                now(), S3Objects.storedHeaders(call.attributes()), S3Objects.userMetadata(call.attributes()),
                ObjectTags.fromHeader(call.attributes().tagging()), algorithm, checksumType);
        return buckets.existing(call.bucket()).chain(b -> store.createUpload(upload)).map(created -> {
            if (!created) {
                throw S3Errors.noSuchBucket(call.bucket());
            }
            return new InitiateMultipartUploadResult(upload.bucket(), upload.key(), upload.uploadId(), algorithm,
                    checksumType);
        });
    }

    private static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                value);
    }

    /** Stores a part's bytes; a part the store refuses (the upload ended meanwhile) frees them. */
    private Uni<PartRecord> storePart(UploadRecord upload, PartRecord part, byte[] bytes) {
        return store.writeBlob(upload.bucket(), part.blob(), bytes)
                .chain(() -> store.putPart(upload.bucket(), upload.uploadId(), part)).chain(stored -> {
                    if (!stored) {
                        return store.deleteBlobs(upload.bucket(), List.of(new ObjectSegment(part.blob(), part.size())))
                                .map(v -> { throw S3Errors.noSuchUpload(upload.uploadId()); });
                    }
                    return Uni.createFrom().item(part);
                });
    }

    private static Map<String, String> partChecksums(UploadRecord upload, String algorithm, String value, byte[] bytes) {
        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put(algorithm, value);
        if (upload.checksumAlgorithm() != null) {
            checksums.putIfAbsent(upload.checksumAlgorithm(), Checksums.compute(upload.checksumAlgorithm(), bytes));
        }
        return checksums;
    }

    public Uni<UploadPartResult> uploadPart(RequestContext context, UploadPartRequest call) {
        int number = partNumber(call.partNumber());
        UploadedBody verified = UploadedBody.of(call.body(), call.integrity());
        return upload(call.bucket(), call.key(), call.uploadId()).chain(upload -> {
            if (upload.checksumAlgorithm() != null && verified.clientChecksum()
                    && !upload.checksumAlgorithm().equals(verified.checksumAlgorithm())) {
                throw S3Errors.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: "
                        + upload.checksumAlgorithm().toLowerCase() + ", actual checksum Type: "
                        + verified.checksumAlgorithm().toLowerCase());
            }
            PartRecord part = new PartRecord(number, verified.bytes().length, verified.etag(), now(),
                    UUID.randomUUID().toString(), partChecksums(upload, verified.checksumAlgorithm(),
                    verified.checksum(), verified.bytes()));
            return storePart(upload, part, verified.bytes()).map(p -> new UploadPartResult(p.etag(),
                    verified.clientChecksum() ? Map.of(verified.checksumAlgorithm(), verified.checksum()) : Map.of()));
        });
    }

    public Uni<CopyPartResult> uploadPartCopy(RequestContext context, UploadPartCopyRequest call) {
        int number = partNumber(call.partNumber());
        CopySource source = CopySource.parse(call.copySource());
        return upload(call.bucket(), call.key(), call.uploadId()).chain(upload -> objects.existing(source.bucket(),
                source.key()).chain(src -> {
            Conditions.copySource(call.sourceConditions(), src);
            long first = 0;
            long last = src.size() - 1;
            String range = call.copySourceRange();
            if (range != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d+)").matcher(range.trim());
                if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))
                        || Long.parseLong(m.group(2)) >= src.size()) {
                    throw S3Errors.invalidArgument("Range specified is not valid for source object of size: "
                            + src.size(), "x-amz-copy-source-range", range);
                }
                first = Long.parseLong(m.group(1));
                last = Long.parseLong(m.group(2));
            }
            return ObjectBytes.read(store, src, first, last).chain(bytes -> {
                String md5 = HexFormat.of().formatHex(Checksums.digest("MD5", bytes));
                String algorithm = upload.checksumAlgorithm() != null ? upload.checksumAlgorithm() : Checksums.DEFAULT;
                PartRecord part = new PartRecord(number, bytes.length, "\"" + md5 + "\"", now(),
                        UUID.randomUUID().toString(), Map.of(algorithm, Checksums.compute(algorithm, bytes)));
                return storePart(upload, part, bytes).map(p -> new CopyPartResult(p.etag(),
                        Instant.ofEpochMilli(p.lastModified()), upload.checksumAlgorithm() != null
                        ? Map.of(algorithm, p.checksums().get(algorithm)) : Map.of()));
            });
        }));
    }

    private record Requested(int number, String etag) {
    }

    public Uni<CompleteMultipartUploadResult> complete(RequestContext context, CompleteMultipartUploadRequest call) {
        List<Requested> requested = new ArrayList<>();
        for (CompletedPart p : call.multipartUpload().part()) {
            String number = p.partNumber();
            String etag = p.etag();
            if (number == null || etag == null) {
                throw S3Errors.malformedXml();
            }
            try {
                requested.add(new Requested(Integer.parseInt(number.trim()), etag.trim()));
            } catch (NumberFormatException e) {
                throw S3Errors.malformedXml();
            }
        }
        if (requested.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        for (int i = 1; i < requested.size(); i++) {
            if (requested.get(i).number() <= requested.get(i - 1).number()) {
                throw S3Errors.invalidPartOrder();
            }
        }
        return upload(call.bucket(), call.key(), call.uploadId()).chain(upload -> store.parts(call.bucket(),
                upload.uploadId()).chain(stored -> {
            Map<Integer, PartRecord> byNumber = new LinkedHashMap<>();
            stored.forEach(p -> byNumber.put(p.partNumber(), p));
            List<PartRecord> used = new ArrayList<>();
            for (Requested r : requested) {
                PartRecord part = byNumber.get(r.number());
                if (part == null || !Conditions.matches(r.etag(), part.etag()) || r.etag().trim().equals("*")) {
                    throw S3Errors.invalidPart(null);
                }
                used.add(part);
            }
            for (int i = 0; i < used.size() - 1; i++) {
                if (used.get(i).size() < MIN_PART_SIZE) {
                    throw S3Errors.entityTooSmall(used.get(i).size(), used.get(i).partNumber());
                }
            }
            if (upload.checksumAlgorithm() != null && upload.checksumType().equals("COMPOSITE")
                    && used.stream().anyMatch(p -> !p.checksums().containsKey(upload.checksumAlgorithm()))) {
                throw S3Errors.invalidRequest("The upload was created using a " + upload.checksumAlgorithm()
                        .toLowerCase() + " checksum. The complete request must include the checksum for each part.");
            }
            ByteArrayOutputStream md5s = new ByteArrayOutputStream();
            used.forEach(p -> md5s.writeBytes(HexFormat.of().parseHex(p.etag().replace("\"", ""))));
            String md5 = HexFormat.of().formatHex(Checksums.digest("MD5", md5s.toByteArray()));
            String etag = "\"" + md5 + "-" + used.size() + "\"";
            long size = used.stream().mapToLong(PartRecord::size).sum();
            List<ObjectSegment> segments = used.stream().map(p -> new ObjectSegment(p.blob(), p.size())).toList();
            ObjectRecord draft = new ObjectRecord(call.bucket(), call.key(), size, etag, now(), upload.headers(),
                    upload.metadata(), upload.tags(), Map.of(), null, used.size(), segments);
            return checksum(upload, used, draft).chain(object -> conditional(call.conditions(), object)
                    .chain(() -> store.completeUpload(upload, object)).chain(write -> {
                        if (!write.done()) {
                            throw S3Errors.noSuchUpload(upload.uploadId());
                        }
                        return notifications.emit(context, call.bucket(), call.sourceIp(), List.of(new ObjectEvent(
                                "ObjectCreated:CompleteMultipartUpload", object.key(), object.size(),
                                md5 + "-" + used.size(), write.sequence())));
                    }).replaceWith(() -> new CompleteMultipartUploadResult(context.baseUrl() + "/" + call.bucket() + "/"
                            + call.key(), call.bucket(), call.key(), etag, object.checksums(), object.checksumType())));
        }));
    }

    private Uni<Void> conditional(Preconditions conditions, ObjectRecord object) {
        if (conditions.ifNoneMatch() == null && conditions.ifMatch() == null) {
            return Uni.createFrom().voidItem();
        }
        return store.object(object.bucket(), object.key())
                .invoke(current -> Conditions.write(conditions, object.key(), current))
                .replaceWithVoid();
    }

    /** The object's checksum: composite over the parts' own, or computed over the whole object. */
    private Uni<ObjectRecord> checksum(UploadRecord upload, List<PartRecord> used, ObjectRecord draft) {
        String algorithm = upload.checksumAlgorithm();
        if (algorithm != null && upload.checksumType().equals("COMPOSITE")) {
            String value = Checksums.composite(algorithm, used.stream().map(p -> p.checksums().get(algorithm)).toList());
            return Uni.createFrom().item(withChecksum(draft, algorithm, value, "COMPOSITE"));
        }
        String whole = algorithm != null ? algorithm : Checksums.DEFAULT;
        return ObjectBytes.read(store, draft, 0, draft.size() - 1)
                .map(bytes -> withChecksum(draft, whole, Checksums.compute(whole, bytes), "FULL_OBJECT"));
    }

    private static ObjectRecord withChecksum(ObjectRecord o, String algorithm, String value, String type) {
        return new ObjectRecord(o.bucket(), o.key(), o.size(), o.etag(), o.lastModified(), o.headers(), o.metadata(),
                o.tags(), Map.of(algorithm, value), type, o.partsCount(), o.segments());
    }

    public Uni<Empty> abort(RequestContext context, UploadRequest call) {
        return upload(call.bucket(), call.key(), call.uploadId()).chain(upload -> store.abortUpload(call.bucket(),
                upload.uploadId())).map(aborted -> {
            if (!aborted) {
                throw S3Errors.noSuchUpload(call.uploadId());
            }
            return Empty.INSTANCE;
        });
    }

    public Uni<ListPartsResult> listParts(RequestContext context, ListPartsRequest call) {
        int max = S3Params.integer("max-parts", call.maxParts(), 1000, 0, 1000);
        int marker = S3Params.integer("part-number-marker", call.partNumberMarker(), 0, 0, Integer.MAX_VALUE);
        S3Model.Owner owner = S3Owner.of(context.accountId());
        return upload(call.bucket(), call.key(), call.uploadId()).chain(upload -> store.parts(call.bucket(),
                upload.uploadId()).map(parts -> {
            List<PartRecord> after = parts.stream().filter(p -> p.partNumber() > marker).toList();
            boolean truncated = after.size() > max;
            List<PartRecord> page = truncated ? after.subList(0, max) : after;
            String algorithm = upload.checksumAlgorithm();
            return new ListPartsResult(upload.bucket(), upload.key(), upload.uploadId(), owner, owner, "STANDARD",
                    marker, page.isEmpty() ? 0 : page.get(page.size() - 1).partNumber(), max, truncated, algorithm,
                    upload.checksumType(), page.stream().map(p -> new Part(p.partNumber(),
                            Instant.ofEpochMilli(p.lastModified()), p.etag(), p.size(), algorithm == null ? Map.of()
                            : Map.of(algorithm, p.checksums().get(algorithm)))).toList());
        }));
    }

    public Uni<ListMultipartUploadsResult> listUploads(RequestContext context, ListMultipartUploadsRequest call) {
        String prefix = call.prefix() == null ? "" : call.prefix();
        String keyMarker = call.keyMarker();
        String uploadIdMarker = call.uploadIdMarker();
        int max = S3Params.integer("max-uploads", call.maxUploads(), 1000, 0, 1000);
        S3Model.Owner owner = S3Owner.of(context.accountId());
        return buckets.existing(call.bucket()).chain(b -> store.uploads(call.bucket())).map(all -> {
            List<UploadRecord> sorted = all.stream().filter(u -> u.key().startsWith(prefix))
                    .sorted(Comparator.comparing(UploadRecord::key, ObjectKeys.ORDER)
                            .thenComparingLong(UploadRecord::initiated).thenComparing(UploadRecord::uploadId))
                    .filter(u -> after(u, keyMarker, uploadIdMarker)).toList();
            boolean truncated = sorted.size() > max;
            List<UploadRecord> page = truncated ? sorted.subList(0, max) : sorted;
            UploadRecord last = truncated ? page.get(page.size() - 1) : null;
            return new ListMultipartUploadsResult(call.bucket(), keyMarker == null ? "" : keyMarker,
                    uploadIdMarker == null ? "" : uploadIdMarker, last == null ? null : last.key(),
                    last == null ? null : last.uploadId(), prefix, max, truncated, page.stream().map(u -> new Upload(
                            u.key(), u.uploadId(), owner, owner, "STANDARD", Instant.ofEpochMilli(u.initiated()),
                            u.checksumAlgorithm(), u.checksumType())).toList());
        });
    }

    private static boolean after(UploadRecord u, String keyMarker, String uploadIdMarker) {
        if (keyMarker == null) {
            return true;
        }
        int c = ObjectKeys.compare(u.key(), keyMarker);
        if (uploadIdMarker == null || uploadIdMarker.isEmpty()) {
            return c > 0;
        }
        return c > 0 || (c == 0 && u.uploadId().compareTo(uploadIdMarker) > 0);
    }
}
