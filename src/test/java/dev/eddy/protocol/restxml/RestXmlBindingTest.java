package dev.eddy.protocol.restxml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.s3.S3Exception;
import dev.eddy.s3.S3Model;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST-XML codec's routing, binding and rendering, without a server or a service. */
class RestXmlBindingTest {
    private final RequestBinder binder = new RequestBinder(S3Wire.SHAPE);
    private final ResultWriter writer = new ResultWriter(S3Wire.SHAPE);

    private static RestXmlRequest request(String method, String bucket, String key, Map<String, String> query,
                                          Map<String, String> headers, Map<String, String> trailers) {
        return new RestXmlRequest(method, bucket, key, query, headers, "hello".getBytes(StandardCharsets.UTF_8),
                trailers, "10.0.0.1");
    }

    @Test
    void operationsAreChosenByMethodTargetAndSubresource() {
        assertEquals("ListBuckets", S3Wire.operation(request("GET", null, null, Map.of(), Map.of(), Map.of())));
        assertEquals("ListObjectsV2", S3Wire.operation(request("GET", "b", null, Map.of("list-type", "2"), Map.of(),
                Map.of())));
        assertEquals("ListMultipartUploads", S3Wire.operation(request("GET", "b", null, Map.of("uploads", ""),
                Map.of(), Map.of())));
        assertEquals("UploadPartCopy", S3Wire.operation(request("PUT", "b", "k",
                Map.of("partNumber", "1", "uploadId", "u"), Map.of("x-amz-copy-source", "/a/b"), Map.of())));
        assertEquals("CompleteMultipartUpload", S3Wire.operation(request("POST", "b", "k", Map.of("uploadId", "u"),
                Map.of(), Map.of())));
        S3Exception refused = assertThrows(S3Exception.class, () -> S3Wire.operation(request("GET", "b", "k",
                Map.of("acl", ""), Map.of(), Map.of())));
        assertEquals("NotImplemented", refused.code());
        S3Exception method = assertThrows(S3Exception.class, () -> S3Wire.operation(request("POST", null, null,
                Map.of(), Map.of(), Map.of())));
        assertEquals(Map.of("Method", "POST", "ResourceType", "SERVICE"), method.details());
    }

    @Test
    void requestMembersComeFromLabelsHeadersTrailersAndPayload() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/plain");
        headers.put("x-amz-meta-colour", "blue");
        headers.put("if-none-match", "*");
        headers.put("x-amz-tagging", "a=1");
        headers.put("content-md5", "md5");
        S3Model.PutObjectRequest put = binder.bind(S3Model.PutObjectRequest.class, request("PUT", "b", "k/1",
                Map.of(), headers, Map.of("x-amz-checksum-crc32", "NhCmhg==")));
        assertEquals("b", put.bucket());
        assertEquals("k/1", put.key());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), put.body());
        assertEquals(Map.of("Content-Type", "text/plain"), put.attributes().representation());
        assertEquals(Map.of("colour", "blue"), put.attributes().metadata());
        assertEquals("a=1", put.attributes().tagging());
        assertEquals("*", put.conditions().ifNoneMatch());
        assertNull(put.conditions().ifMatch());
        assertEquals("md5", put.integrity().contentMd5());
        assertEquals(Map.of("crc32", "NhCmhg=="), put.integrity().checksums());
        assertEquals("10.0.0.1", put.sourceIp());

        S3Model.CopyObjectRequest copy = binder.bind(S3Model.CopyObjectRequest.class, request("PUT", "b", "k",
                Map.of(), Map.of("x-amz-copy-source", "/a/b", "x-amz-copy-source-if-match", "\"e\"",
                        "if-match", "ignored"), Map.of()));
        assertEquals("/a/b", copy.copySource());
        assertEquals("\"e\"", copy.sourceConditions().ifMatch());

        S3Model.GetObjectRequest get = binder.bind(S3Model.GetObjectRequest.class, request("GET", "b", "k",
                Map.of("response-content-type", "x/y", "partNumber", "2"), Map.of("range", "bytes=0-1"), Map.of()));
        assertEquals(Map.of("content-type", "x/y"), get.responseHeaders());
        assertEquals("2", get.partNumber());
        assertEquals("bytes=0-1", get.range());
    }

    @Test
    void documentsAreWrittenElementByElementWithS3sNames() {
        S3Model.Owner owner = new S3Model.Owner("abc", "eddy");
        RestXmlResponse listed = writer.render(new S3Model.ListAllMyBucketsResult(owner,
                List.of(new S3Model.Bucket("b<1>", Instant.ofEpochMilli(1_000), "us-east-1")), null, null),
                200, "ListAllMyBucketsResult", java.util.Set.of());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>abc</ID><DisplayName>eddy"
                + "</DisplayName></Owner><Buckets><Bucket><Name>b&lt;1&gt;</Name><CreationDate>"
                + "1970-01-01T00:00:01.000Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket></Buckets>"
                + "</ListAllMyBucketsResult>", new String(listed.body(), StandardCharsets.UTF_8));
        assertEquals("application/xml", listed.headers().get("Content-Type"));

        RestXmlResponse copied = writer.render(new S3Model.CopyPartResult("\"e\"", Instant.ofEpochMilli(0),
                Map.of("CRC32", "x==")), 200, "CopyPartResult", java.util.Set.of());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><ETag>&quot;e&quot;</ETag><LastModified>"
                + "1970-01-01T00:00:00.000Z</LastModified><ChecksumCRC32>x==</ChecksumCRC32></CopyPartResult>",
                new String(copied.body(), StandardCharsets.UTF_8));
    }

    @Test
    void resultsWithoutADocumentAreHeadersAndAStatus() {
        RestXmlResponse put = writer.render(new S3Model.PutObjectResult("\"e\"", Map.of("CRC64NVME", "y=="),
                "FULL_OBJECT"), 200, null, java.util.Set.of());
        assertEquals(200, put.status());
        assertEquals(Map.of("ETag", "\"e\"", "x-amz-checksum-crc64nvme", "y==", "x-amz-checksum-type", "FULL_OBJECT"),
                put.headers());
        assertEquals(0, put.body().length);

        RestXmlResponse got = writer.render(new S3Model.GetObjectResult(206, "bytes 0-1/5",
                Map.of("Content-Type", "text/plain"), "\"e\"", Instant.ofEpochMilli(0), "bytes", Map.of("colour", "blue"),
                1, null, Map.of(), null, io.smallrye.mutiny.Multi.createFrom().item(new byte[2]), 2), 200, null,
                java.util.Set.of());
        assertEquals(206, got.status());
        assertEquals(2, got.length());
        assertEquals("Thu, 1 Jan 1970 00:00:00 GMT", got.headers().get("Last-Modified"));
        assertEquals("blue", got.headers().get("x-amz-meta-colour"));
        assertEquals("1", got.headers().get("x-amz-tagging-count"));
        assertEquals("text/plain", got.headers().get("Content-Type"));

        RestXmlResponse created = writer.render(new S3Model.InitiateMultipartUploadResult("b", "k", "u", "CRC32",
                "COMPOSITE"), 200, "InitiateMultipartUploadResult", java.util.Set.of("checksumAlgorithm", "checksumType"));
        assertEquals("CRC32", created.headers().get("x-amz-checksum-algorithm"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>b</Bucket><Key>k</Key><UploadId>u"
                + "</UploadId></InitiateMultipartUploadResult>", new String(created.body(), StandardCharsets.UTF_8));
    }
}
