package dev.eddy.protocol.restxml;

import dev.eddy.common.RequestContext;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.restxml.RestXmlShape.Form;
import dev.eddy.protocol.restxml.RestXmlShape.FormDocument;
import dev.eddy.protocol.restxml.RestXmlShape.Header;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderGroup;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderPrefix;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderSet;
import dev.eddy.protocol.restxml.RestXmlShape.Label;
import dev.eddy.protocol.restxml.RestXmlShape.Location;
import dev.eddy.protocol.restxml.RestXmlShape.Payload;
import dev.eddy.protocol.restxml.RestXmlShape.PayloadDocument;
import dev.eddy.protocol.restxml.RestXmlShape.Query;
import dev.eddy.protocol.restxml.RestXmlShape.QueryPrefix;
import dev.eddy.protocol.restxml.RestXmlShape.SourceAddress;
import dev.eddy.s3.S3Buckets;
import dev.eddy.s3.S3Errors;
import dev.eddy.s3.S3Listing;
import dev.eddy.s3.S3Model;
import dev.eddy.s3.S3Multipart;
import dev.eddy.s3.S3Notifications;
import dev.eddy.s3.S3ObjectReads;
import dev.eddy.s3.S3ObjectTagging;
import dev.eddy.s3.S3Objects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * S3 as the REST-XML codec sees it: which operation a request is (method, bucket, key, the query's
 * subresource markers and a few headers), the record each operation's request binds into, the
 * service method that answers it, and how its result is written.
 */
@ApplicationScoped
public class S3Wire {
    /** Subresources of S3 that Eddy does not serve: answered NotImplemented rather than misread. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "policy", "policyStatus", "cors", "lifecycle",
            "versioning", "versions", "website", "logging", "encryption", "replication", "object-lock", "retention",
            "legal-hold", "ownershipControls", "publicAccessBlock", "accelerate", "requestPayment", "analytics",
            "inventory", "metrics", "intelligent-tiering", "restore", "select", "torrent", "attributes", "renameObject",
            "metadataTable", "session");

    private static final Map<String, Location> MEMBERS = members();

    /**
     * S3's HTTP bindings (its 2006-03-01 model's httpHeader, httpQuery, httpLabel and httpPayload
     * traits, as Eddy uses them) and its XML names.
     */
    static final RestXmlShape SHAPE = new RestXmlShape(MEMBERS,
            Map.ofEntries(Map.entry("etag", "ETag"), Map.entry("location", "Location"),
                    Map.entry("bucketRegion", "x-amz-bucket-region"),
                    Map.entry("accessPointAlias", "x-amz-access-point-alias"),
                    Map.entry("checksumType", "x-amz-checksum-type"),
                    Map.entry("checksumAlgorithm", "x-amz-checksum-algorithm"),
                    Map.entry("contentRange", "Content-Range"), Map.entry("lastModified", "Last-Modified"),
                    Map.entry("acceptRanges", "Accept-Ranges"), Map.entry("tagCount", "x-amz-tagging-count"),
                    Map.entry("partsCount", "x-amz-mp-parts-count")),
            Map.of("metadata", "x-amz-meta-", "checksums", "x-amz-checksum-"),
            Map.of("etag", "ETag", "ownerId", "ID"),
            Map.of("buckets", "Bucket", "tagSet", "Tag", "events", "Event"),
            Map.of("checksums", "Checksum"),
            // Only Tag elements belong in a TagSet (a nested TagSet is not an empty one); a notification
            // configuration holds rules and EventBridgeConfiguration only.
            Set.of("TagSet", "NotificationConfiguration"));

    private static Map<String, Location> members() {
        Map<String, Location> m = new HashMap<>();
        m.put("bucket", new Label("Bucket"));
        m.put("key", new Label("Key"));
        m.put("body", new Payload());
        m.put("createBucketConfiguration", new PayloadDocument("CreateBucketConfiguration", true));
        m.put("notificationConfiguration", new PayloadDocument("NotificationConfiguration", false));
        m.put("delete", new PayloadDocument("Delete", false));
        m.put("taggingDocument", new PayloadDocument("Tagging", false));
        m.put("multipartUpload", new PayloadDocument("CompleteMultipartUpload", false));
        m.put("taggingField", new FormDocument("tagging", "Tagging"));
        m.put("sourceIp", new SourceAddress());
        m.put("fields", new Form("fields"));
        m.put("filename", new Form("filename"));
        m.put("file", new Form("file"));
        Map.ofEntries(Map.entry("prefix", "prefix"), Map.entry("delimiter", "delimiter"), Map.entry("marker", "marker"),
                Map.entry("continuationToken", "continuation-token"), Map.entry("startAfter", "start-after"),
                Map.entry("maxKeys", "max-keys"), Map.entry("encodingType", "encoding-type"),
                Map.entry("fetchOwner", "fetch-owner"), Map.entry("maxBuckets", "max-buckets"),
                Map.entry("bucketRegion", "bucket-region"), Map.entry("uploadId", "uploadId"),
                Map.entry("partNumber", "partNumber"), Map.entry("maxParts", "max-parts"),
                Map.entry("partNumberMarker", "part-number-marker"), Map.entry("keyMarker", "key-marker"),
                Map.entry("uploadIdMarker", "upload-id-marker"), Map.entry("maxUploads", "max-uploads"))
                .forEach((member, name) -> m.put(member, new Query(name)));
        Map.ofEntries(Map.entry("contentMd5", "content-md5"), Map.entry("contentSha256", "x-amz-content-sha256"),
                Map.entry("decodedContentLength", "x-amz-decoded-content-length"),
                Map.entry("sdkChecksumAlgorithm", "x-amz-sdk-checksum-algorithm"),
                Map.entry("checksumAlgorithm", "x-amz-checksum-algorithm"),
                Map.entry("checksumType", "x-amz-checksum-type"), Map.entry("tagging", "x-amz-tagging"),
                Map.entry("copySource", "x-amz-copy-source"), Map.entry("copySourceRange", "x-amz-copy-source-range"),
                Map.entry("metadataDirective", "x-amz-metadata-directive"),
                Map.entry("taggingDirective", "x-amz-tagging-directive"),
                Map.entry("storageClass", "x-amz-storage-class"), Map.entry("range", "range"),
                Map.entry("checksumMode", "x-amz-checksum-mode"),
                Map.entry("skipDestinationValidation", "x-amz-skip-destination-validation"))
                .forEach((member, name) -> m.put(member, new Header(name)));
        m.put("metadata", new HeaderPrefix("x-amz-meta-"));
        m.put("checksums", new HeaderPrefix("x-amz-checksum-"));
        m.put("responseHeaders", new QueryPrefix("response-"));
        m.put("representation", new HeaderSet(S3Objects.STORED_HEADERS));
        m.put("conditions", new HeaderGroup(""));
        m.put("sourceConditions", new HeaderGroup("x-amz-copy-source-"));
        return Map.copyOf(m);
    }

    /**
     * One S3 operation on the wire: the generic operation, the status of its answer, its document's
     * root element (null when the answer is headers) and the document members sent as headers.
     */
    record Route(Operation<?, ?> operation, int status, String root, Set<String> headerMembers) {
    }

    private final Map<String, Route> routes = new HashMap<>();

    S3Wire(S3Buckets buckets, S3Objects objects, S3ObjectReads reads, S3ObjectTagging tagging, S3Listing listing,
           S3Multipart multipart, S3Notifications notifications) {
        route("ListBuckets", S3Model.ListBucketsRequest.class, "ListAllMyBucketsResult", buckets::list);
        headers("CreateBucket", S3Model.CreateBucketRequest.class, 200, buckets::create);
        headers("DeleteBucket", S3Model.BucketRequest.class, 204, buckets::delete);
        headers("HeadBucket", S3Model.BucketRequest.class, 200, buckets::head);
        route("GetBucketLocation", S3Model.BucketRequest.class, "LocationConstraint", buckets::location);
        route("GetBucketVersioning", S3Model.BucketRequest.class, "VersioningConfiguration", buckets::versioning);
        headers("GetBucketPolicy", S3Model.BucketRequest.class, 200, buckets::policy);
        headers("GetBucketTagging", S3Model.BucketRequest.class, 200, buckets::tagging);
        headers("PutBucketNotificationConfiguration", S3Model.PutBucketNotificationConfigurationRequest.class, 200,
                notifications::put);
        route("GetBucketNotificationConfiguration", S3Model.BucketRequest.class, "NotificationConfiguration",
                notifications::get);
        route("ListObjectsV2", S3Model.ListObjectsV2Request.class, "ListBucketResult", listing::listV2);
        route("ListObjects", S3Model.ListObjectsRequest.class, "ListBucketResult", listing::listV1);
        route("ListMultipartUploads", S3Model.ListMultipartUploadsRequest.class, "ListMultipartUploadsResult",
                multipart::listUploads);
        route("DeleteObjects", S3Model.DeleteObjectsRequest.class, "DeleteResult", objects::deleteMany);
        headers("PostObject", S3Model.PostObjectRequest.class, 204, objects::post);
        headers("PutObject", S3Model.PutObjectRequest.class, 200, objects::put);
        route("CopyObject", S3Model.CopyObjectRequest.class, "CopyObjectResult", objects::copy);
        headers("GetObject", S3Model.GetObjectRequest.class, 200, reads::get);
        headers("HeadObject", S3Model.GetObjectRequest.class, 200, reads::head);
        headers("DeleteObject", S3Model.ObjectRequest.class, 204, objects::delete);
        headers("PutObjectTagging", S3Model.PutObjectTaggingRequest.class, 200, tagging::put);
        route("GetObjectTagging", S3Model.ObjectRequest.class, "Tagging", tagging::get);
        headers("DeleteObjectTagging", S3Model.ObjectRequest.class, 204, tagging::delete);
        routes.put("CreateMultipartUpload", new Route(new Operation<>("CreateMultipartUpload",
                S3Model.CreateMultipartUploadRequest.class, multipart::create), 200, "InitiateMultipartUploadResult",
                Set.of("checksumAlgorithm", "checksumType")));
        headers("UploadPart", S3Model.UploadPartRequest.class, 200, multipart::uploadPart);
        route("UploadPartCopy", S3Model.UploadPartCopyRequest.class, "CopyPartResult", multipart::uploadPartCopy);
        route("CompleteMultipartUpload", S3Model.CompleteMultipartUploadRequest.class, "CompleteMultipartUploadResult",
                multipart::complete);
        headers("AbortMultipartUpload", S3Model.UploadRequest.class, 204, multipart::abort);
        route("ListParts", S3Model.ListPartsRequest.class, "ListPartsResult", multipart::listParts);
    }

    private <Q, R> void route(String name, Class<Q> type, String root, BiFunction<RequestContext, Q, Uni<R>> handler) {
        routes.put(name, new Route(new Operation<>(name, type, handler), 200, root, Set.of()));
    }

    private <Q, R> void headers(String name, Class<Q> type, int status, BiFunction<RequestContext, Q, Uni<R>> handler) {
        routes.put(name, new Route(new Operation<>(name, type, handler), status, null, Set.of()));
    }

    Route route(String operation) {
        return routes.get(operation);
    }

    /**
     * The S3 operation a request is, by method, bucket, key and subresource; refusals (a subresource
     * Eddy does not serve, a method the resource does not allow) are thrown.
     */
    static String operation(RestXmlRequest call) {
        String method = call.method;
        if (call.bucket == null) {
            if (method.equals("GET")) {
                return "ListBuckets";
            }
            throw S3Errors.methodNotAllowed(method, "SERVICE");
        }
        if (call.key == null && method.equals("GET")) {
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
        return call.key == null ? bucketOperation(call) : objectOperation(call);
    }

    private static String bucketOperation(RestXmlRequest call) {
        return switch (call.method) {
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
                throw S3Errors.methodNotAllowed(call.method, "BUCKET");
            }
            default -> throw S3Errors.methodNotAllowed(call.method, "BUCKET");
        };
    }

    private static String objectOperation(RestXmlRequest call) {
        boolean copy = call.header("x-amz-copy-source") != null;
        return switch (call.method) {
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
                throw S3Errors.methodNotAllowed(call.method, "OBJECT");
            }
            default -> throw S3Errors.methodNotAllowed(call.method, "OBJECT");
        };
    }
}
