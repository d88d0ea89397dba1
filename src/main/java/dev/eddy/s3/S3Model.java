package dev.eddy.s3;

import io.smallrye.mutiny.Multi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * S3's operations as typed records: what each request carries (bucket and key, the query's
 * parameters, the headers it reads, its body) and what each answer holds. Query and header values
 * stay text: S3 answers a bad number with its own InvalidArgument, worded per parameter. Which
 * member comes from which header, parameter or label, and which result member is a header or an XML
 * element, is the REST-XML codec's declaration, not this file's.
 */
public final class S3Model {
    private S3Model() {
    }

    // ---- parts shared by several requests ------------------------------------------------------

    /** What a client says about an upload's bytes, to be checked against what arrived. */
    public record Integrity(String contentMd5, String contentSha256, String decodedContentLength,
                            String sdkChecksumAlgorithm, Map<String, String> checksums) {
        public static final Integrity NONE = new Integrity(null, null, null, null, Map.of());

        /** A flexible checksum the client sent, by algorithm name (header or aws-chunked trailer). */
        String checksum(String algorithm) {
            return checksums.get(algorithm.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** HTTP preconditions (If-Match…), of the object itself or, with x-amz-copy-source-, of a copy's source. */
    public record Preconditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
        public static final Preconditions NONE = new Preconditions(null, null, null, null);
    }

    /**
     * What is stored with a new object: its representation headers (Content-Type…, by their
     * canonical names), user metadata ({@code x-amz-meta-*} without the prefix) and tagging header.
     */
    public record ObjectAttributes(Map<String, String> representation, Map<String, String> metadata, String tagging) {
    }

    // ---- requests -------------------------------------------------------------------------------

    public record ListBucketsRequest(String prefix, String continuationToken, String maxBuckets, String bucketRegion) {
    }

    public record BucketRequest(String bucket) {
    }

    /** The configuration is read when asked, so that a bad bucket name is refused before a bad document. */
    public record CreateBucketRequest(String bucket, Supplier<CreateBucketConfiguration> createBucketConfiguration) {
    }

    public record PutBucketNotificationConfigurationRequest(String bucket,
                                                            NotificationConfigurationDocument notificationConfiguration,
                                                            String skipDestinationValidation) {
    }

    public record ListObjectsV2Request(String bucket, String prefix, String delimiter, String continuationToken,
                                       String startAfter, String maxKeys, String encodingType, String fetchOwner) {
    }

    public record ListObjectsRequest(String bucket, String prefix, String delimiter, String marker, String maxKeys,
                                     String encodingType) {
    }

    public record ListMultipartUploadsRequest(String bucket, String prefix, String keyMarker, String uploadIdMarker,
                                              String maxUploads) {
    }

    /**
     * The body's bytes are checked against the integrity the client gave before the document, read
     * when asked, is.
     */
    public record DeleteObjectsRequest(String bucket, byte[] body, Integrity integrity, Supplier<Delete> delete,
                                       String sourceIp) {
    }

    /**
     * A browser upload: the form's fields (names lowercased), its file's name and bytes, and the
     * Tagging document of its {@code tagging} field (null without one), read when asked.
     */
    public record PostObjectRequest(String bucket, Map<String, String> fields, String filename, byte[] file,
                                    Supplier<Tagging> taggingField, String sourceIp) {
    }

    public record PutObjectRequest(String bucket, String key, byte[] body, Integrity integrity,
                                   ObjectAttributes attributes, Preconditions conditions, String sourceIp) {
    }

    public record CopyObjectRequest(String bucket, String key, String copySource, Preconditions sourceConditions,
                                    String metadataDirective, String taggingDirective, String checksumAlgorithm,
                                    String storageClass, ObjectAttributes attributes, String sourceIp) {
    }

    /** GetObject and HeadObject; {@code responseHeaders} are the {@code response-*} parameters, prefix removed. */
    public record GetObjectRequest(String bucket, String key, String partNumber, String range, String checksumMode,
                                   Preconditions conditions, Map<String, String> responseHeaders) {
    }

    public record ObjectRequest(String bucket, String key, String sourceIp) {
    }

    public record PutObjectTaggingRequest(String bucket, String key, Tagging taggingDocument, String sourceIp) {
    }

    public record CreateMultipartUploadRequest(String bucket, String key, String checksumAlgorithm,
                                               String checksumType, ObjectAttributes attributes) {
    }

    public record UploadPartRequest(String bucket, String key, String uploadId, String partNumber, byte[] body,
                                    Integrity integrity) {
    }

    public record UploadPartCopyRequest(String bucket, String key, String uploadId, String partNumber,
                                        String copySource, String copySourceRange, Preconditions sourceConditions) {
    }

    public record CompleteMultipartUploadRequest(String bucket, String key, String uploadId,
                                                 CompletedMultipartUpload multipartUpload, Preconditions conditions,
                                                 String sourceIp) {
    }

    public record UploadRequest(String bucket, String key, String uploadId) {
    }

    public record ListPartsRequest(String bucket, String key, String uploadId, String maxParts,
                                   String partNumberMarker) {
    }

    // ---- request documents ----------------------------------------------------------------------
    // Elements as sent: text untrimmed, absent elements null, checks left to the services.

    public record CreateBucketConfiguration(String locationConstraint) {
    }

    public record ObjectIdentifier(String key) {
    }

    /** DeleteObjects' document: its Object elements and Quiet. */
    public record Delete(List<ObjectIdentifier> object, String quiet) {
    }

    public record CompletedPart(String partNumber, String etag) {
    }

    public record CompletedMultipartUpload(List<CompletedPart> part) {
    }

    // ---- results --------------------------------------------------------------------------------

    /** An answer with nothing but its status (200 or 204, as the operation has it). */
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }

    public record Owner(String ownerId, String displayName) {
    }

    public record Bucket(String name, Instant creationDate, String bucketRegion) {
    }

    public record ListAllMyBucketsResult(Owner owner, List<Bucket> buckets, String continuationToken,
                                         String prefix) {
    }

    public record CreateBucketResult(String location) {
    }

    public record HeadBucketResult(String bucketRegion, String accessPointAlias) {
    }

    /** The document is its region as text (empty for us-east-1). */
    public record LocationConstraint(String value) {
    }

    public record VersioningConfiguration() {
    }

    public record Contents(String key, Instant lastModified, String etag, Long size, String checksumAlgorithm,
                           String checksumType, Owner owner, String storageClass) {
    }

    public record CommonPrefix(String prefix) {
    }

    public record ListObjectsV2Result(String name, String prefix, String delimiter, Integer maxKeys,
                                      String encodingType, Integer keyCount, Boolean isTruncated,
                                      String continuationToken, String nextContinuationToken, String startAfter,
                                      List<Contents> contents, List<CommonPrefix> commonPrefixes) {
    }

    public record ListObjectsResult(String name, String prefix, String marker, Integer maxKeys, String delimiter,
                                    String encodingType, Boolean isTruncated, String nextMarker,
                                    List<Contents> contents, List<CommonPrefix> commonPrefixes) {
    }

    public record Upload(String key, String uploadId, Owner initiator, Owner owner, String storageClass,
                         Instant initiated, String checksumAlgorithm, String checksumType) {
    }

    public record ListMultipartUploadsResult(String bucket, String keyMarker, String uploadIdMarker,
                                             String nextKeyMarker, String nextUploadIdMarker, String prefix,
                                             Integer maxUploads, Boolean isTruncated, List<Upload> upload) {
    }

    public record Deleted(String key) {
    }

    public record DeleteResult(List<Deleted> deleted) {
    }

    public record PostResponse(String location, String bucket, String key, String etag) {
    }

    /** 200 and 204 carry headers only; 201 also the PostResponse document. */
    public record PostObjectResult(Integer status, String etag, String location, PostResponse postResponse) {
    }

    /** {@code checksums} by algorithm name (CRC32…), written as {@code x-amz-checksum-crc32}… */
    public record PutObjectResult(String etag, Map<String, String> checksums, String checksumType) {
    }

    public record CopyObjectResult(String etag, Instant lastModified, Map<String, String> checksums,
                                   String checksumType) {
    }

    /**
     * GetObject and HeadObject: {@code headers} are the stored representation headers with any
     * {@code response-*} overrides; {@code payload} streams the bytes ({@code contentLength} in all),
     * null when there are none to send.
     */
    public record GetObjectResult(Integer status, String contentRange, Map<String, String> headers, String etag,
                                  Instant lastModified, String acceptRanges, Map<String, String> metadata,
                                  Integer tagCount, Integer partsCount, Map<String, String> checksums,
                                  String checksumType, Multi<byte[]> payload, long contentLength) {
    }

    /** The document holds bucket, key and upload id; the checksum settings travel as headers. */
    public record InitiateMultipartUploadResult(String bucket, String key, String uploadId, String checksumAlgorithm,
                                                String checksumType) {
    }

    public record UploadPartResult(String etag, Map<String, String> checksums) {
    }

    public record CopyPartResult(String etag, Instant lastModified, Map<String, String> checksums) {
    }

    public record CompleteMultipartUploadResult(String location, String bucket, String key, String etag,
                                                Map<String, String> checksums, String checksumType) {
    }

    public record Part(Integer partNumber, Instant lastModified, String etag, Long size,
                       Map<String, String> checksums) {
    }

    public record ListPartsResult(String bucket, String key, String uploadId, Owner initiator, Owner owner,
                                  String storageClass, Integer partNumberMarker, Integer nextPartNumberMarker,
                                  Integer maxParts, Boolean isTruncated, String checksumAlgorithm,
                                  String checksumType, List<Part> part) {
    }

    // ---- documents both read and written: tags and notification configurations ----------------

    public record Tag(String key, String value) {
    }

    public record Tagging(List<Tag> tagSet) {
    }

    /**
     * PutBucketNotificationConfiguration's document: its rules of every kind in document order,
     * each read when asked (an element that is no rule fails in its place, so that the rules before
     * it are checked first), and whether it sends to EventBridge.
     */
    public record NotificationConfigurationDocument(List<Supplier<NotificationRule>> rules,
                                                    EventBridgeConfiguration eventBridgeConfiguration) {
    }

    /**
     * A notification rule: its destination, its events ({@code events} are those of the older
     * PutBucketNotification document, wrapped in an Events element, never written back) and filter.
     */
    public sealed interface NotificationRule permits QueueConfiguration, TopicConfiguration,
            CloudFunctionConfiguration {
        String id();

        String arn();

        List<String> event();

        List<String> events();

        Filter filter();
    }

    public record FilterRule(String name, String value) {
    }

    public record S3Key(List<FilterRule> filterRule) {
    }

    public record Filter(S3Key s3Key) {
    }

    public record QueueConfiguration(String id, String queue, List<String> event, List<String> events,
                                     Filter filter) implements NotificationRule {
        @Override
        public String arn() {
            return queue;
        }
    }

    public record TopicConfiguration(String id, String topic, List<String> event, List<String> events,
                                     Filter filter) implements NotificationRule {
        @Override
        public String arn() {
            return topic;
        }
    }

    public record CloudFunctionConfiguration(String id, String cloudFunction, List<String> event,
                                             List<String> events, Filter filter) implements NotificationRule {
        @Override
        public String arn() {
            return cloudFunction;
        }
    }

    public record EventBridgeConfiguration() {
    }

    /** GetBucketNotificationConfiguration's document: rules grouped by destination kind. */
    public record NotificationConfigurationResult(List<QueueConfiguration> queueConfiguration,
                                                  List<TopicConfiguration> topicConfiguration,
                                                  List<CloudFunctionConfiguration> cloudFunctionConfiguration,
                                                  EventBridgeConfiguration eventBridgeConfiguration) {
    }
}
