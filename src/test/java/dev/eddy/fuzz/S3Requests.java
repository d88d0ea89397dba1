package dev.eddy.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** S3's operations as request templates, and their mutations: query values, headers, bodies. */
final class S3Requests {
    private S3Requests() {
    }

    /** {@code {bucket}} and {@code {key}} are filled in; {@code query} is a raw query string. */
    record Template(String name, String method, String path, String query, Map<String, String> headers, String body) {
    }

    private static final String TAGGING = "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>";
    private static final String DELETE = "<Delete><Object><Key>{key}</Key></Object></Delete>";
    private static final String COMPLETE = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"x\"</ETag>"
            + "</Part></CompleteMultipartUpload>";
    private static final String NOTIFICATION = "<NotificationConfiguration><QueueConfiguration><Queue>"
            + "arn:aws:sqs:us-east-1:000000000000:fuzz-fixture</Queue><Event>s3:ObjectCreated:*</Event>"
            + "</QueueConfiguration></NotificationConfiguration>";

    static final List<Template> TEMPLATES = List.of(
            new Template("ListBuckets", "GET", "/", "", Map.of(), ""),
            new Template("CreateBucket", "PUT", "/{bucket}", "", Map.of(), ""),
            new Template("HeadBucket", "HEAD", "/{bucket}", "", Map.of(), ""),
            new Template("DeleteBucket", "DELETE", "/{bucket}", "", Map.of(), ""),
            new Template("ListObjectsV2", "GET", "/{bucket}", "list-type=2&prefix=f&max-keys=5&delimiter=/", Map.of(), ""),
            new Template("ListObjects", "GET", "/{bucket}", "marker=a&max-keys=5", Map.of(), ""),
            new Template("GetBucketLocation", "GET", "/{bucket}", "location", Map.of(), ""),
            new Template("PutBucketNotification", "PUT", "/{bucket}", "notification", Map.of(), NOTIFICATION),
            new Template("PutObject", "PUT", "/{bucket}/{key}", "", Map.of("Content-Type", "text/plain",
                    "x-amz-meta-a", "b", "x-amz-tagging", "a=b"), "hello"),
            new Template("PutObjectChunked", "PUT", "/{bucket}/{key}", "", Map.of("Content-Encoding", "aws-chunked",
                    "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length", "5"),
                    "5\r\nhello\r\n0\r\n\r\n"),
            new Template("GetObject", "GET", "/{bucket}/{key}", "response-content-type=text/plain", Map.of("Range",
                    "bytes=0-2"), ""),
            new Template("HeadObject", "HEAD", "/{bucket}/{key}", "", Map.of("If-None-Match", "*"), ""),
            new Template("CopyObject", "PUT", "/{bucket}/{key}-copy", "", Map.of("x-amz-copy-source",
                    "/{bucket}/{key}", "x-amz-metadata-directive", "REPLACE"), ""),
            new Template("DeleteObject", "DELETE", "/{bucket}/{key}", "", Map.of(), ""),
            new Template("DeleteObjects", "POST", "/{bucket}", "delete", Map.of("Content-MD5", "x"), DELETE),
            new Template("PutObjectTagging", "PUT", "/{bucket}/{key}", "tagging", Map.of(), TAGGING),
            new Template("GetObjectTagging", "GET", "/{bucket}/{key}", "tagging", Map.of(), ""),
            new Template("CreateMultipartUpload", "POST", "/{bucket}/{key}", "uploads", Map.of(), ""),
            new Template("UploadPart", "PUT", "/{bucket}/{key}", "partNumber=1&uploadId=x", Map.of(), "part"),
            new Template("CompleteMultipartUpload", "POST", "/{bucket}/{key}", "uploadId=x", Map.of(), COMPLETE),
            new Template("ListParts", "GET", "/{bucket}/{key}", "uploadId=x&max-parts=2", Map.of(), ""),
            new Template("PostObject", "POST", "/{bucket}", "", Map.of("Content-Type",
                    "multipart/form-data; boundary=b"), "--b\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n"
                    + "{key}\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b--\r\n"));

    private static final String[] HEADERS = {"Content-Type", "Content-MD5", "x-amz-meta-x", "x-amz-tagging", "Range",
            "If-Match", "If-Modified-Since", "x-amz-copy-source", "x-amz-checksum-crc32", "x-amz-content-sha256",
            "Content-Encoding", "x-amz-decoded-content-length", "x-amz-storage-class", "Authorization", "Expect"};

    static Fuzzing.Raw mutate(Random random, Template template, Fixture fixture) {
        String bucket = random.nextInt(3) > 0 ? fixture.bucket() : Values.name(random);
        String key = random.nextInt(3) > 0 ? fixture.key() : java.net.URLEncoder.encode(Values.string(random, fixture),
                StandardCharsets.UTF_8).replace("%2F", "/");
        String query = template.query();
        if (random.nextInt(3) == 0) {
            query += (query.isEmpty() ? "" : "&") + Values.pick(random, "response-content-type", "response-expires",
                    "max-keys", "partNumber", "uploadId", "versionId", "list-type", "continuation-token", "prefix",
                    "X-Amz-Expires", "X-Amz-Date") + "=" + Values.formEncode(random, Values.string(random, fixture));
        }
        Map<String, String> headers = new LinkedHashMap<>(template.headers());
        if (random.nextInt(3) == 0) {
            headers.put(Values.pick(random, HEADERS), Values.string(random, fixture));
        }
        if (random.nextInt(6) == 0 && !headers.isEmpty()) {
            headers.remove(headers.keySet().iterator().next());
        }
        String body = template.body().replace("{key}", key).replace("{bucket}", bucket);
        body = switch (random.nextInt(8)) {
            case 0 -> body.replace("<TagSet>", "<TagSet>" + "<TagSet>".repeat(10_000));
            case 1 -> body.replaceAll("<[A-Za-z]+>", "<$0");
            case 2 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
            default -> body;
        };
        String path = template.path().replace("{bucket}", bucket).replace("{key}", key);
        return new Fuzzing.Raw(template.method(), path + (query.isEmpty() ? "" : "?" + query), headers,
                Values.truncate(random, body.getBytes(StandardCharsets.UTF_8)));
    }
}
