package dev.eddy.s3;

import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.FormEncoding;
import dev.eddy.common.RequestContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * S3's REST-XML protocol: resolves the addressing, removes the aws-chunked encoding, checks a
 * presigned URL's expiry, picks the operation from method, bucket, key and subresource, and writes
 * errors in S3's {@code <Error>} shape (a HEAD answer has no body).
 */
@ApplicationScoped
public class S3Routes {
    private static final Logger LOG = Logger.getLogger(S3Routes.class);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** Subresources of S3 that Eddy does not serve: answered NotImplemented rather than misread. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "policyStatus", "cors", "lifecycle",
            "versioning", "versions", "website", "logging", "encryption", "replication", "object-lock", "retention",
            "legal-hold", "ownershipControls", "publicAccessBlock", "accelerate", "requestPayment", "analytics",
            "inventory", "metrics", "intelligent-tiering", "restore", "select", "torrent", "attributes", "renameObject",
            "metadataTable", "session");

    private final S3Buckets buckets;
    private final S3Objects objects;
    private final S3Listing listing;
    private final S3Multipart multipart;
    private final S3Notifications notifications;
    private final S3Addressing addressing;
    private final EddyClock clock;

    S3Routes(S3Buckets buckets, S3Objects objects, S3Listing listing, S3Multipart multipart,
             S3Notifications notifications, EddyConfig config, EddyClock clock) {
        this.buckets = buckets;
        this.objects = objects;
        this.listing = listing;
        this.multipart = multipart;
        this.notifications = notifications;
        this.addressing = new S3Addressing(config.publicBaseUrl());
        this.clock = clock;
    }

    /** The x-amz-id-2 S3 pairs with a request id. */
    static String hostId(String requestId) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Digest.hex("SHA-256", requestId)));
    }

    /**
     * Serves one request; the answer is never a failure (errors come back as S3 error replies).
     *
     * @param headers request headers by lowercase name
     * @param named   told the S3 operation the request is, once known (for metrics)
     */
    public Uni<S3Reply> handle(String method, String rawPath, String rawQuery, Map<String, String> headers,
                               byte[] body, RequestContext context, String sourceIp,
                               java.util.function.Consumer<String> named) {
        Uni<S3Reply> reply;
        try {
            S3Call call = call(method, rawPath, rawQuery, headers, body, context, sourceIp);
            String operation = operation(call);
            named.accept(operation);
            reply = Uni.createFrom().deferred(() -> run(operation, call));
        } catch (RuntimeException e) {
            reply = Uni.createFrom().failure(e);
        }
        return reply.onFailure().recoverWithItem(e -> error(e, method, context.requestId()))
                .map(r -> r.header("x-amz-request-id", context.requestId())
                        .header("x-amz-id-2", hostId(context.requestId())));
    }

    private S3Call call(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body,
                        RequestContext context, String sourceIp) {
        Map<String, String> query = query(rawQuery);
        checkPresignedExpiry(query);
        S3Addressing.Target target = addressing.target(headers.get("host"), rawPath);
        Map<String, String> trailers = Map.of();
        byte[] payload = body;
        if (AwsChunked.applies(headers.get("content-encoding"), headers.get("x-amz-content-sha256"))) {
            AwsChunked decoded = AwsChunked.decode(body);
            payload = decoded.payload();
            trailers = decoded.trailers();
        }
        return new S3Call(method, target.bucket(), target.key(), query, headers, payload, trailers, context, sourceIp);
    }

    private static Map<String, String> query(String raw) {
        try {
            return FormEncoding.decode(raw);
        } catch (FormEncoding.MalformedException e) {
            throw S3Errors.invalidArgument("Invalid query string", "query", e.pair());
        }
    }

    /** A presigned URL (SigV4 X-Amz-Date + X-Amz-Expires, or SigV2 Expires) is refused once expired. */
    private void checkPresignedExpiry(Map<String, String> query) {
        long now = clock.now();
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        if (date != null && expires != null) {
            try {
                long signed = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
                long seconds = Long.parseLong(expires);
                if (seconds < 1 || seconds > 604800) {
                    throw S3Errors.invalidArgument("X-Amz-Expires must be less than a week (in seconds) that is 7 "
                            + "days", "X-Amz-Expires", expires);
                }
                if (now > signed + seconds * 1000) {
                    throw S3Exception.with("AccessDenied", 403, "Request has expired", "X-Amz-Expires", expires,
                            "Expires", S3Xml.time(signed + seconds * 1000), "ServerTime", S3Xml.time(now));
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                throw S3Errors.accessDenied("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
            }
        } else if (query.containsKey("AWSAccessKeyId") && query.get("Expires") != null) {
            try {
                if (now > Long.parseLong(query.get("Expires")) * 1000) {
                    throw S3Exception.with("AccessDenied", 403, "Request has expired", "Expires",
                            S3Xml.time(Long.parseLong(query.get("Expires")) * 1000), "ServerTime", S3Xml.time(now));
                }
            } catch (NumberFormatException e) {
                throw S3Errors.accessDenied("Invalid date (should be seconds since epoch): " + query.get("Expires"));
            }
        }
    }

    /**
     * The S3 operation a request is, by method, bucket, key and subresource; refusals (a subresource
     * Eddy does not serve, a method the resource does not allow) are thrown.
     */
    static String operation(S3Call call) {
        String method = call.method();
        if (call.bucket() == null) {
            if (method.equals("GET")) {
                return "ListBuckets";
            }
            throw S3Errors.methodNotAllowed(method, "SERVICE");
        }
        if (call.key() == null && method.equals("GET")) {
            // Settings Eddy never has, read as AWS answers for a bucket without them.
            if (call.has("versioning")) {
                return "GetBucketVersioning";
            }
            if (call.has("policy")) {
                return "GetBucketPolicy";
            }
        }
        for (String sub : UNSUPPORTED) {
            if (call.has(sub)) {
                throw S3Errors.notImplemented("?" + sub);
            }
        }
        return call.key() == null ? bucketOperation(call) : objectOperation(call);
    }

    private static String bucketOperation(S3Call call) {
        return switch (call.method()) {
            case "PUT" -> {
                if (call.has("tagging")) {
                    throw S3Errors.notImplemented("bucket tagging");
                }
                yield call.has("notification") ? "PutBucketNotificationConfiguration" : "CreateBucket";
            }
            case "DELETE" -> {
                if (call.has("tagging") || call.has("notification")) {
                    throw S3Errors.notImplemented("bucket tagging");
                }
                yield "DeleteBucket";
            }
            case "HEAD" -> "HeadBucket";
            case "GET" -> call.has("location") ? "GetBucketLocation"
                    : call.has("notification") ? "GetBucketNotificationConfiguration"
                    : call.has("uploads") ? "ListMultipartUploads"
                    : call.has("tagging") ? "GetBucketTagging"
                    : "2".equals(call.param("list-type")) ? "ListObjectsV2" : "ListObjects";
            case "POST" -> {
                if (call.has("delete")) {
                    yield "DeleteObjects";
                }
                if (PostForm.applies(call.header("content-type"))) {
                    yield "PostObject";
                }
                throw S3Errors.methodNotAllowed(call.method(), "BUCKET");
            }
            default -> throw S3Errors.methodNotAllowed(call.method(), "BUCKET");
        };
    }

    private static String objectOperation(S3Call call) {
        boolean copy = call.header("x-amz-copy-source") != null;
        return switch (call.method()) {
            case "PUT" -> {
                if (call.has("tagging")) {
                    yield "PutObjectTagging";
                }
                if (call.has("partNumber") && call.has("uploadId")) {
                    yield copy ? "UploadPartCopy" : "UploadPart";
                }
                if (call.has("uploadId") || call.has("partNumber")) {
                    throw S3Errors.invalidRequest("A part upload needs both partNumber and uploadId.");
                }
                yield copy ? "CopyObject" : "PutObject";
            }
            case "GET" -> call.has("tagging") ? "GetObjectTagging" : call.has("uploadId") ? "ListParts" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> call.has("tagging") ? "DeleteObjectTagging"
                    : call.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            case "POST" -> {
                if (call.has("uploads")) {
                    yield "CreateMultipartUpload";
                }
                if (call.has("uploadId")) {
                    yield "CompleteMultipartUpload";
                }
                throw S3Errors.methodNotAllowed(call.method(), "OBJECT");
            }
            default -> throw S3Errors.methodNotAllowed(call.method(), "OBJECT");
        };
    }

    private Uni<S3Reply> run(String operation, S3Call call) {
        return switch (operation) {
            case "ListBuckets" -> buckets.list(call);
            case "CreateBucket" -> buckets.create(call);
            case "DeleteBucket" -> buckets.delete(call);
            case "HeadBucket" -> buckets.head(call);
            case "GetBucketLocation" -> buckets.location(call);
            case "GetBucketVersioning" -> buckets.versioning(call);
            case "GetBucketPolicy" -> buckets.existing(call.bucket()).map(b -> {
                throw S3Exception.with("NoSuchBucketPolicy", 404, "The bucket policy does not exist", "BucketName",
                        call.bucket());
            });
            case "GetBucketTagging" -> buckets.existing(call.bucket()).map(b -> {
                throw S3Exception.with("NoSuchTagSet", 404, "The TagSet does not exist", "BucketName", call.bucket());
            });
            case "PutBucketNotificationConfiguration" -> notifications.put(call, buckets);
            case "GetBucketNotificationConfiguration" -> notifications.get(call, buckets);
            case "ListObjectsV2" -> listing.listV2(call);
            case "ListObjects" -> listing.listV1(call);
            case "ListMultipartUploads" -> multipart.listUploads(call);
            case "DeleteObjects" -> objects.deleteMany(call);
            case "PostObject" -> objects.post(call);
            case "PutObject" -> objects.put(call);
            case "CopyObject" -> objects.copy(call);
            case "GetObject" -> objects.get(call, false);
            case "HeadObject" -> objects.get(call, true);
            case "DeleteObject" -> objects.delete(call);
            case "PutObjectTagging" -> objects.putTagging(call);
            case "GetObjectTagging" -> objects.getTagging(call);
            case "DeleteObjectTagging" -> objects.deleteTagging(call);
            case "CreateMultipartUpload" -> multipart.create(call);
            case "UploadPart" -> multipart.uploadPart(call);
            case "UploadPartCopy" -> multipart.uploadPartCopy(call);
            case "CompleteMultipartUpload" -> multipart.complete(call);
            case "AbortMultipartUpload" -> multipart.abort(call);
            case "ListParts" -> multipart.listParts(call);
            default -> throw new IllegalStateException("No route for " + operation);
        };
    }

    /** The answer to a body larger than Eddy reads (the edge refuses it before it is sent). */
    public S3Reply entityTooLarge(long size, long max, String requestId) {
        return failure(S3Errors.entityTooLarge(size, max), "PUT", requestId);
    }

    /** S3's error answer for a failure met outside an operation (a body that could not be read). */
    public S3Reply failure(Throwable failure, String method, String requestId) {
        return error(failure, method, requestId).header("x-amz-request-id", requestId)
                .header("x-amz-id-2", hostId(requestId));
    }

    /** The answer to a chunked body whose chunks could not be read. */
    public static AwsException incompleteBody() {
        return S3Errors.incompleteBody();
    }

    private static S3Reply error(Throwable failure, String method, String requestId) {
        AwsException error;
        if (failure instanceof AwsException aws) {
            error = aws;
        } else {
            LOG.error("S3 request failed unexpectedly", failure);
            error = new S3Exception("InternalError", 500, "We encountered an internal error. Please try again.");
        }
        if (method.equals("HEAD")) {
            return S3Reply.empty(error.status());
        }
        S3Xml xml = S3Xml.plain("Error").text("Code", error.code()).text("Message", error.getMessage());
        if (error instanceof S3Exception s3) {
            s3.details().forEach(xml::text);
        }
        xml.text("RequestId", requestId).text("HostId", hostId(requestId));
        S3Reply reply = S3Reply.xml(xml.close("Error"));
        return new S3Reply(error.status(), reply.headers(), reply.body(), null, reply.body().length);
    }
}
