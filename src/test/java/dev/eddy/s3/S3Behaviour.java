package dev.eddy.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Black-box behaviour of S3 through the real AWS SDK for Java v2 (its default flexible checksums
 * on, so uploads arrive aws-chunked with a trailing CRC32). Every test makes its own buckets.
 *
 * <p>Run by {@code S3BehaviourTest} (memory store) and {@code S3BehaviourRedisTest} (Redis store).
 */
public abstract class S3Behaviour {
    private static final int MIB = 1024 * 1024;

    private final S3Client s3 = S3Clients.pathStyle();

    static String newBucket(S3Client client) {
        String name = "b-" + UUID.randomUUID().toString().substring(0, 18);
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static int status(Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        return e.statusCode();
    }

    // ---- buckets ------------------------------------------------------------------------------------

    @Test
    void bucketsAreCreatedListedLocatedAndDeleted() {
        String bucket = newBucket(s3);
        s3.headBucket(b -> b.bucket(bucket));
        assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        // us-east-1 buckets have no location constraint; re-creating your own there succeeds.
        String location = s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString();
        assertTrue(location == null || location.isEmpty(), location);
        s3.createBucket(b -> b.bucket(bucket));
        assertNull(s3.getBucketVersioning(b -> b.bucket(bucket)).status(), "never versioned");
        assertEquals("NoSuchBucketPolicy", assertThrows(S3Exception.class, () -> s3.getBucketPolicy(b -> b.bucket(bucket)))
                .awsErrorDetails().errorCode());
        assertEquals("NoSuchTagSet", assertThrows(S3Exception.class, () -> s3.getBucketTagging(b -> b.bucket(bucket)))
                .awsErrorDetails().errorCode());
        s3.deleteBucket(b -> b.bucket(bucket));
        assertThrows(NoSuchBucketException.class, () -> s3.deleteBucket(b -> b.bucket(bucket)));
        assertEquals(404, status(() -> s3.headBucket(b -> b.bucket(bucket))));
    }

    @Test
    void aBucketInAnotherRegionNeedsItsConstraintAndIsOwnedOnce() {
        S3Client west = S3Client.builder().endpointOverride(dev.eddy.sqs.SqsClients.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1).credentialsProvider(S3Clients.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        String bucket = "west-" + UUID.randomUUID().toString().substring(0, 8);
        // The SDK adds the client's region as the location constraint itself.
        west.createBucket(b -> b.bucket(bucket));
        assertEquals("eu-west-1", west.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString());
        assertThrows(BucketAlreadyOwnedByYouException.class, () -> west.createBucket(b -> b.bucket(bucket)
                .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint("eu-west-1").build())));
    }

    @Test
    void aBucketWithObjectsIsNotDeleted() {
        String bucket = newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        S3Exception e = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket(bucket)));
        assertEquals("BucketNotEmpty", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertEquals("x", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
    }

    // ---- objects ------------------------------------------------------------------------------------

    @Test
    void putAndGetKeepContentTypeMetadataAndMd5Etag() throws Exception {
        String bucket = newBucket(s3);
        byte[] data = "hello, eddy".getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("dir/hello.txt").contentType("text/plain")
                .metadata(Map.of("Owner", "ops", "color", "blue")).cacheControl("max-age=60"), RequestBody.fromBytes(data));
        assertEquals("\"" + md5(data) + "\"", put.eTag());
        assertNotNull(put.checksumCRC32(), "the SDK's default CRC32 comes back verified");
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/hello.txt"));
        assertArrayEquals(data, got.asByteArray());
        assertEquals("text/plain", got.response().contentType());
        assertEquals("max-age=60", got.response().cacheControl());
        assertEquals(Map.of("owner", "ops", "color", "blue"), got.response().metadata());
        assertEquals(put.eTag(), got.response().eTag());
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("dir/hello.txt")
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(data.length, head.contentLength());
        assertEquals(put.checksumCRC32(), head.checksumCRC32());
    }

    @Test
    void everyChecksumAlgorithmIsVerifiedAndReturned() {
        String bucket = newBucket(s3);
        // CRC64NVME needs the CRT in the SDK; S3WireTest checks it on the wire.
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String key = "k-" + algorithm;
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm),
                    RequestBody.fromString("checksummed " + algorithm));
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                    .checksumMode(ChecksumMode.ENABLED));
            assertEquals("checksummed " + algorithm, got.asUtf8String());
            switch (algorithm) {
                case CRC32 -> assertEquals(put.checksumCRC32(), got.response().checksumCRC32());
                case CRC32_C -> assertEquals(put.checksumCRC32C(), got.response().checksumCRC32C());
                case SHA1 -> assertEquals(put.checksumSHA1(), got.response().checksumSHA1());
                default -> assertEquals(put.checksumSHA256(), got.response().checksumSHA256());
            }
        }
    }

    @Test
    void rangesServePartOfTheObject() {
        String bucket = newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromString("0123456789"));
        ResponseBytes<GetObjectResponse> middle = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=2-5"));
        assertEquals("2345", middle.asUtf8String());
        assertEquals("bytes 2-5/10", middle.response().contentRange());
        assertEquals("789", s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-3")).asUtf8String());
        assertEquals("89", s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=8-")).asUtf8String());
        assertEquals("0123456789", s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=0-100"))
                .asUtf8String());
        S3Exception e = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                .range("bytes=10-")));
        assertEquals(416, e.statusCode());
        assertEquals("InvalidRange", e.awsErrorDetails().errorCode());
    }

    @Test
    void conditionalReadsAnswer304And412() {
        String bucket = newBucket(s3);
        String etag = s3.putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromString("v1")).eTag();
        assertEquals(304, status(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifNoneMatch(etag))));
        assertEquals(412, status(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifMatch("\"nope\""))));
        assertEquals("v1", s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifMatch(etag)).asUtf8String());
        Instant future = Instant.now().plus(Duration.ofHours(1));
        assertEquals(304, status(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifModifiedSince(future))));
        Instant past = Instant.now().minus(Duration.ofHours(1));
        assertEquals(412, status(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifUnmodifiedSince(past))));
    }

    @Test
    void missingKeysAndBucketsAreNotFound() {
        String bucket = newBucket(s3);
        NoSuchKeyException key = assertThrows(NoSuchKeyException.class,
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("missing")));
        assertEquals(404, key.statusCode());
        assertThrows(NoSuchBucketException.class, () -> s3.getObjectAsBytes(b -> b.bucket("no-" + bucket).key("k")));
        assertThrows(NoSuchBucketException.class, () -> s3.putObject(b -> b.bucket("no-" + bucket).key("k"),
                RequestBody.fromString("x")));
        assertEquals(404, status(() -> s3.headObject(b -> b.bucket(bucket).key("missing"))));
        // Deleting what is not there succeeds, as on S3.
        s3.deleteObject(b -> b.bucket(bucket).key("missing"));
    }

    @Test
    void deleteObjectsRemovesEveryKey() {
        String bucket = newBucket(s3);
        for (String k : List.of("a", "b", "c")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("zz").build())));
        assertEquals(3, deleted.deleted().size());
        assertEquals(List.of("c"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList());
    }

    @Test
    void copyKeepsOrReplacesMetadata() {
        String bucket = newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/csv").metadata(Map.of("a", "1")),
                RequestBody.fromString("a,b"));
        CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("copy"));
        assertNotNull(copied.copyObjectResult().eTag());
        HeadObjectResponse copy = s3.headObject(b -> b.bucket(bucket).key("copy"));
        assertEquals("text/csv", copy.contentType());
        assertEquals(Map.of("a", "1"), copy.metadata());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/plain").metadata(Map.of("b", "2")));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("replaced"));
        assertEquals("text/plain", replaced.contentType());
        assertEquals(Map.of("b", "2"), replaced.metadata());
        S3Exception self = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("src").destinationBucket(bucket).destinationKey("src")));
        assertEquals("InvalidRequest", self.awsErrorDetails().errorCode());
        assertThrows(NoSuchKeyException.class, () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("none")
                .destinationBucket(bucket).destinationKey("x")));
        assertEquals("a,b", s3.getObjectAsBytes(b -> b.bucket(bucket).key("copy")).asUtf8String());
    }

    @Test
    void keysWithSpecialCharactersRoundTrip() {
        String bucket = newBucket(s3);
        List<String> keys = List.of("a b/c+d", "ünï/çødé", "x?y=z&w", "dir//double", "percent%20literal");
        for (String key : keys) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
            assertEquals(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        }
        List<String> listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        assertEquals(keys.stream().sorted().toList(), listed);
    }

    // ---- listing ------------------------------------------------------------------------------------

    @Test
    void listObjectsV2GroupsByDelimiterAndPages() {
        String bucket = newBucket(s3);
        for (String k : List.of("a/1", "a/2", "b/1", "b/x/2", "c", "d")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        ListObjectsV2Response grouped = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertEquals(List.of("a/", "b/"), grouped.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("c", "d"), grouped.contents().stream().map(S3Object::key).toList());
        assertEquals(4, grouped.keyCount());
        ListObjectsV2Response under = s3.listObjectsV2(b -> b.bucket(bucket).prefix("b/").delimiter("/"));
        assertEquals(List.of("b/1"), under.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("b/x/"), under.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(1)
                    .continuationToken(t));
            page.contents().forEach(o -> paged.add(o.key()));
            page.commonPrefixes().forEach(p -> paged.add(p.prefix()));
            token = page.nextContinuationToken();
            assertEquals(token != null, page.isTruncated());
            pages++;
        } while (token != null);
        assertEquals(List.of("a/", "b/", "c", "d"), paged);
        assertEquals(4, pages);
        assertEquals(List.of("c", "d"), s3.listObjectsV2(b -> b.bucket(bucket).startAfter("b/x/2")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void listObjectsV1PagesWithMarkers() {
        String bucket = newBucket(s3);
        for (String k : List.of("k1", "k2", "k3")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        ListObjectsResponse first = s3.listObjects(b -> b.bucket(bucket).maxKeys(2));
        assertTrue(first.isTruncated());
        assertEquals(List.of("k1", "k2"), first.contents().stream().map(S3Object::key).toList());
        ListObjectsResponse rest = s3.listObjects(b -> b.bucket(bucket).marker("k2"));
        assertFalse(rest.isTruncated());
        assertEquals(List.of("k3"), rest.contents().stream().map(S3Object::key).toList());
    }

    // ---- multipart ----------------------------------------------------------------------------------

    @Test
    void multipartUploadAssemblesPartsWithAwsEtag() throws Exception {
        String bucket = newBucket(s3);
        byte[] first = random(5 * MIB);
        byte[] second = random(1234);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big").contentType("video/mp4")
                .metadata(Map.of("m", "v"))).uploadId();
        UploadPartResponse p1 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first));
        UploadPartResponse p2 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second));
        ListPartsResponse parts = s3.listParts(b -> b.bucket(bucket).key("big").uploadId(uploadId));
        assertEquals(List.of(1, 2), parts.parts().stream().map(p -> p.partNumber()).toList());
        assertEquals(5L * MIB, parts.parts().get(0).size());
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .anyMatch(u -> u.uploadId().equals(uploadId)));
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big")
                .uploadId(uploadId).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(p1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(p2.eTag()).build())));
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        md5s.writeBytes(MessageDigest.getInstance("MD5").digest(first));
        md5s.writeBytes(MessageDigest.getInstance("MD5").digest(second));
        assertEquals("\"" + md5(md5s.toByteArray()) + "-2\"", done.eTag());
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big"));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(first);
        whole.writeBytes(second);
        assertArrayEquals(whole.toByteArray(), got.asByteArray());
        assertEquals("video/mp4", got.response().contentType());
        assertEquals(Map.of("m", "v"), got.response().metadata());
        assertEquals(done.eTag(), got.response().eTag());
        assertArrayEquals(second, s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").partNumber(2)).asByteArray());
        assertThrows(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket(bucket).key("big").uploadId(uploadId)));
    }

    @Test
    void completeChecksPartOrderEtagsAndSizes() {
        String bucket = newBucket(s3);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        S3Exception order = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(e2).build(),
                        CompletedPart.builder().partNumber(1).eTag(e1).build()))));
        assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
        S3Exception part = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag("\"00000000000000000000000000000000\"").build()))));
        assertEquals("InvalidPart", part.awsErrorDetails().errorCode());
        S3Exception small = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))));
        assertEquals("EntityTooSmall", small.awsErrorDetails().errorCode());
        // Nothing was stored, and the upload is still there to fix.
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("k")));
        assertEquals(2, s3.listParts(b -> b.bucket(bucket).key("k").uploadId(uploadId)).parts().size());
        // A single small part is a valid (last) part.
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(e2).build())));
        assertEquals("tail", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
    }

    @Test
    void abortedUploadsAreGone() {
        String bucket = newBucket(s3);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(1), RequestBody.fromString("x"));
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId));
        assertThrows(NoSuchUploadException.class, () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId)));
        assertThrows(NoSuchUploadException.class, () -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId)
                .partNumber(2), RequestBody.fromString("y")));
        assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
        S3Exception number = assertThrows(S3Exception.class, () -> s3.uploadPart(b -> b.bucket(bucket).key("k")
                .uploadId(uploadId).partNumber(10001), RequestBody.fromString("y")));
        assertEquals(400, number.statusCode());
    }

    @Test
    void uploadPartCopyTakesARangeOfAnotherObject() {
        String bucket = newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("0123456789"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst")).uploadId();
        String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("dst").uploadId(uploadId).partNumber(1).copySourceRange("bytes=3-6"))
                .copyPartResult().eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("dst").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals("3456", s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asUtf8String());
    }

    @Test
    void theSdksAsyncMultipartUploadWorks() throws Exception {
        String bucket = newBucket(s3);
        byte[] data = random(12 * MIB + 77);
        S3Clients.multipartAsync().putObject(b -> b.bucket(bucket).key("async"), AsyncRequestBody.fromBytes(data))
                .get();
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("async"));
        assertArrayEquals(data, got.asByteArray());
        assertTrue(got.response().eTag().endsWith("-3\""), got.response().eTag());
        assertArrayEquals(data, S3Clients.multipartAsync().getObject(b -> b.bucket(bucket).key("async"),
                software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes()).get().asByteArray());
    }

    // ---- tagging --------------------------------------------------------------------------------------

    @Test
    void objectTagsArePutReadAndDeleted() {
        String bucket = newBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("t").tagging("a=1&b=two%20words"), RequestBody.fromString("x"));
        assertEquals(Map.of("a", "1", "b", "two words"), tags(bucket, "t"));
        s3.putObjectTagging(b -> b.bucket(bucket).key("t").tagging(t -> t.tagSet(Tag.builder().key("k").value("v")
                .build())));
        assertEquals(Map.of("k", "v"), tags(bucket, "t"));
        assertEquals(1, s3.getObject(b -> b.bucket(bucket).key("t")).response().tagCount());
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("t"));
        assertEquals(Map.of(), tags(bucket, "t"));
        assertThrows(NoSuchKeyException.class, () -> s3.getObjectTagging(b -> b.bucket(bucket).key("none")));
        List<Tag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(Tag.builder().key("k" + i).value("v").build());
        }
        S3Exception tooMany = assertThrows(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket(bucket).key("t")
                .tagging(t -> t.tagSet(eleven))));
        assertEquals("InvalidTag", tooMany.awsErrorDetails().errorCode());
    }

    private Map<String, String> tags(String bucket, String key) {
        Map<String, String> tags = new java.util.HashMap<>();
        s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    // ---- addressing and presigning --------------------------------------------------------------------

    @Test
    void virtualHostStyleAddressingWorks() {
        S3Client virtual = S3Clients.virtualHost();
        String bucket = newBucket(virtual);
        virtual.putObject(b -> b.bucket(bucket).key("vh/key.txt"), RequestBody.fromString("virtual"));
        assertTrue(S3Clients.VIRTUAL_HOSTS.contains(bucket + ".localhost"), "addressed " + S3Clients.VIRTUAL_HOSTS);
        assertEquals("virtual", virtual.getObjectAsBytes(b -> b.bucket(bucket).key("vh/key.txt")).asUtf8String());
        assertEquals(List.of("vh/key.txt"), virtual.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList());
        // The same bucket, seen path-style.
        assertEquals("virtual", s3.getObjectAsBytes(b -> b.bucket(bucket).key("vh/key.txt")).asUtf8String());
        virtual.deleteObject(b -> b.bucket(bucket).key("vh/key.txt"));
        virtual.deleteBucket(b -> b.bucket(bucket));
        assertThrows(NoSuchBucketException.class, () -> s3.listObjectsV2(b -> b.bucket(bucket)));
    }

    @Test
    void presignedUrlsPutAndGet() throws Exception {
        String bucket = newBucket(s3);
        try (S3Presigner presigner = S3Clients.presigner()) {
            URL put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket(bucket).key("signed.txt"))).url();
            HttpURLConnection connection = (HttpURLConnection) put.openConnection();
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.getOutputStream().write("presigned".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, connection.getResponseCode());
            URL get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(r -> r.bucket(bucket).key("signed.txt"))).url();
            HttpURLConnection read = (HttpURLConnection) get.openConnection();
            assertEquals(200, read.getResponseCode());
            try (InputStream in = read.getInputStream()) {
                assertEquals("presigned", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
