package dev.eddy.s3;

import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
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
     */
    public Uni<S3Reply> handle(String method, String rawPath, String rawQuery, Map<String, String> headers,
                               byte[] body, RequestContext context, String sourceIp) {
        Uni<S3Reply> reply;
        try {
            S3Call call = call(method, rawPath, rawQuery, headers, body, context, sourceIp);
            reply = Uni.createFrom().deferred(() -> route(call));
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
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw S3Errors.invalidArgument("Invalid query string", "query", pair);
            }
        }
        return query;
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

    private Uni<S3Reply> route(S3Call call) {
        if (call.method().equals("GET") && call.bucket() != null && call.key() == null) {
            // Settings Eddy never has, read as AWS answers for a bucket without them.
            if (call.has("versioning")) {
                return buckets.versioning(call);
            }
            if (call.has("policy")) {
                return buckets.existing(call.bucket()).map(b -> {
                    throw S3Exception.with("NoSuchBucketPolicy", 404, "The bucket policy does not exist", "BucketName",
                            call.bucket());
                });
            }
        }
        for (String sub : UNSUPPORTED) {
            if (call.has(sub)) {
                throw S3Errors.notImplemented("?" + sub);
            }
        }
        if (call.bucket() == null) {
            if (call.method().equals("GET")) {
                return buckets.list(call);
            }
            throw S3Errors.methodNotAllowed(call.method(), "SERVICE");
        }
        if (call.key() == null) {
            return bucketRoute(call);
        }
        return objectRoute(call);
    }

    private Uni<S3Reply> bucketRoute(S3Call call) {
        switch (call.method()) {
            case "PUT":
                if (call.has("notification")) {
                    return notifications.put(call, buckets);
                }
                if (call.has("tagging")) {
                    throw S3Errors.notImplemented("bucket tagging");
                }
                return buckets.create(call);
            case "DELETE":
                if (call.has("tagging") || call.has("notification")) {
                    throw S3Errors.notImplemented("bucket tagging");
                }
                return buckets.delete(call);
            case "HEAD":
                return buckets.head(call);
            case "GET":
                if (call.has("location")) {
                    return buckets.location(call);
                }
                if (call.has("notification")) {
                    return notifications.get(call, buckets);
                }
                if (call.has("uploads")) {
                    return multipart.listUploads(call);
                }
                if (call.has("tagging")) {
                    return buckets.existing(call.bucket()).map(b -> {
                        throw S3Exception.with("NoSuchTagSet", 404, "The TagSet does not exist", "BucketName",
                                call.bucket());
                    });
                }
                return "2".equals(call.param("list-type")) ? listing.listV2(call) : listing.listV1(call);
            case "POST":
                if (call.has("delete")) {
                    return objects.deleteMany(call);
                }
                if (PostForm.applies(call.header("content-type"))) {
                    return objects.post(call);
                }
                throw S3Errors.methodNotAllowed(call.method(), "BUCKET");
            default:
                throw S3Errors.methodNotAllowed(call.method(), "BUCKET");
        }
    }

    private Uni<S3Reply> objectRoute(S3Call call) {
        boolean part = call.has("partNumber") && call.has("uploadId");
        switch (call.method()) {
            case "PUT":
                if (call.has("tagging")) {
                    return objects.putTagging(call);
                }
                if (part) {
                    return call.header("x-amz-copy-source") != null ? multipart.uploadPartCopy(call)
                            : multipart.uploadPart(call);
                }
                if (call.has("uploadId") || call.has("partNumber")) {
                    throw S3Errors.invalidRequest("A part upload needs both partNumber and uploadId.");
                }
                return call.header("x-amz-copy-source") != null ? objects.copy(call) : objects.put(call);
            case "GET":
                if (call.has("tagging")) {
                    return objects.getTagging(call);
                }
                if (call.has("uploadId")) {
                    return multipart.listParts(call);
                }
                return objects.get(call, false);
            case "HEAD":
                return objects.get(call, true);
            case "DELETE":
                if (call.has("tagging")) {
                    return objects.deleteTagging(call);
                }
                if (call.has("uploadId")) {
                    return multipart.abort(call);
                }
                return objects.delete(call);
            case "POST":
                if (call.has("uploads")) {
                    return multipart.create(call);
                }
                if (call.has("uploadId")) {
                    return multipart.complete(call);
                }
                throw S3Errors.methodNotAllowed(call.method(), "OBJECT");
            default:
                throw S3Errors.methodNotAllowed(call.method(), "OBJECT");
        }
    }

    /** The answer to a body larger than Eddy reads (the edge refuses it before it is sent). */
    public S3Reply entityTooLarge(long size, long max, String requestId) {
        return error(S3Errors.entityTooLarge(size, max), "PUT", requestId).header("x-amz-request-id", requestId)
                .header("x-amz-id-2", hostId(requestId));
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
