package dev.eddy.s3;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** S3's exact wire behaviour where the bytes matter: error bodies, encodings, checksums, addressing. */
@QuarkusTest
class S3WireTest {
    private static final String SIGNED_EU = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/eu-west-1/s3/aws4_request, "
            + "SignedHeaders=host, Signature=0000";

    private static String bucket() {
        String name = "w-" + UUID.randomUUID().toString().substring(0, 12);
        given().put("/" + name).then().statusCode(200).header("Location", "/" + name);
        return name;
    }

    private static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8),
                (byte) v});
    }

    @Test
    void errorsHaveS3sShape() {
        String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = given().get("/" + missing + "/key");
        response.then().statusCode(404).contentType(containsString("application/xml"))
                .header("x-amz-request-id", not(emptyString()))
                .body("Error.Code", equalTo("NoSuchBucket"))
                .body("Error.Message", equalTo("The specified bucket does not exist"))
                .body("Error.BucketName", equalTo(missing))
                .body("Error.RequestId", equalTo(response.header("x-amz-request-id")));
        String bucket = bucket();
        given().get("/" + bucket + "/nope").then().statusCode(404).body("Error.Code", equalTo("NoSuchKey"))
                .body("Error.Key", equalTo("nope"));
        given().head("/" + bucket + "/nope").then().statusCode(404).body(emptyString());
    }

    @Test
    void badBucketNamesAreRefused() {
        for (String name : new String[] {"ab", "Upper", "a..b", "10.0.0.1", "-dash", "dash-", "x".repeat(64)}) {
            given().put("/" + name).then().statusCode(400).body("Error.Code", equalTo("InvalidBucketName"));
        }
    }

    @Test
    void aRegionalEndpointNeedsALocationConstraint() {
        String name = "r-" + UUID.randomUUID().toString().substring(0, 12);
        given().header("Authorization", SIGNED_EU).put("/" + name).then().statusCode(400)
                .body("Error.Code", equalTo("IllegalLocationConstraintException"));
        given().header("Authorization", SIGNED_EU).body("<CreateBucketConfiguration><LocationConstraint>us-west-2"
                + "</LocationConstraint></CreateBucketConfiguration>").put("/" + name).then().statusCode(400)
                .body("Error.Code", equalTo("IllegalLocationConstraintException"));
        given().body("<CreateBucketConfiguration><Location").put("/" + name).then().statusCode(400)
                .body("Error.Code", equalTo("MalformedXML"));
        given().head("/" + name).then().statusCode(404);
    }

    @Test
    void anObjectSentWithoutContentTypeIsBinaryOctetStream() throws Exception {
        String bucket = bucket();
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SqsClients.endpoint() + "/" + bucket + "/plain")).PUT(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode());
        given().head("/" + bucket + "/plain").then().statusCode(200).header("Content-Type", "binary/octet-stream")
                .header("Content-Length", "1").header("ETag", "\"9dd4e461268c8034f5c8564e155c67a6\"");
    }

    @Test
    void signedAwsChunkedBodiesAreDecoded() {
        String bucket = bucket();
        byte[] body = ("10;chunk-signature=" + "a".repeat(64) + "\r\n0123456789abcdef\r\n"
                + "3;chunk-signature=" + "b".repeat(64) + "\r\nxyz\r\n"
                + "0;chunk-signature=" + "c".repeat(64) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        given().header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .header("Content-Encoding", "aws-chunked").header("x-amz-decoded-content-length", "19")
                .contentType("text/plain").body(body).put("/" + bucket + "/chunked").then().statusCode(200);
        given().get("/" + bucket + "/chunked").then().statusCode(200).body(equalTo("0123456789abcdefxyz"))
                .header("Content-Type", containsString("text/plain")).header("Content-Encoding", nullValue());
    }

    @Test
    void truncatedChunkedBodiesAndOversizeMetadataAreRefused() {
        String bucket = bucket();
        given().header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER").header("Content-Encoding",
                "aws-chunked").body("20\r\nshort\r\n".getBytes(StandardCharsets.US_ASCII)).put("/" + bucket + "/t")
                .then().statusCode(400).body("Error.Code", equalTo("IncompleteBody"));
        given().header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER").header("Content-Encoding",
                "aws-chunked").body("zz\r\n".getBytes(StandardCharsets.US_ASCII)).put("/" + bucket + "/t")
                .then().statusCode(400).body("Error.Code", equalTo("IncompleteBody"));
        given().header("x-amz-meta-big", "v".repeat(2100)).body("x").put("/" + bucket + "/t").then().statusCode(400)
                .body("Error.Code", equalTo("MetadataTooLarge"));
        given().head("/" + bucket + "/t").then().statusCode(404);
    }

    @Test
    void aBodyLargerThanEddyReadsIsEntityTooLargeBeforeItIsSent() throws Exception {
        String bucket = bucket();
        try (java.net.Socket socket = new java.net.Socket("localhost", SqsClients.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT /" + bucket + "/huge HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 6000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            java.io.InputStream in = socket.getInputStream();
            for (int n; !answer.toString().contains("</Error>") && (n = in.read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            org.junit.jupiter.api.Assertions.assertTrue(answer.toString().startsWith("HTTP/1.1 400"), answer.toString());
            org.junit.jupiter.api.Assertions.assertTrue(answer.toString().contains("<Code>EntityTooLarge</Code>"),
                    answer.toString());
        }
        given().head("/" + bucket + "/huge").then().statusCode(404);
    }

    @Test
    void trailingChecksumsAreVerified() {
        String bucket = bucket();
        byte[] data = "trailer payload".getBytes(StandardCharsets.UTF_8);
        String good = crc32(data);
        for (String[] attempt : new String[][] {{"AAAAAA==", "400"}, {good, "200"}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(data);
            body.writeBytes(("\r\n0\r\nx-amz-checksum-crc32:" + attempt[0] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Response response = given().header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                    .header("Content-Encoding", "aws-chunked").header("x-amz-trailer", "x-amz-checksum-crc32")
                    .header("x-amz-sdk-checksum-algorithm", "CRC32")
                    .header("x-amz-decoded-content-length", String.valueOf(data.length))
                    .body(body.toByteArray()).put("/" + bucket + "/trailer");
            assertEquals(Integer.parseInt(attempt[1]), response.statusCode(), response.asString());
            if (attempt[1].equals("400")) {
                response.then().body("Error.Code", equalTo("BadDigest"))
                        .body("Error.Message", equalTo("The CRC32 you specified did not match the calculated checksum."));
                given().head("/" + bucket + "/trailer").then().statusCode(404);
            } else {
                response.then().header("x-amz-checksum-crc32", good);
            }
        }
        given().header("x-amz-checksum-mode", "ENABLED").get("/" + bucket + "/trailer").then()
                .header("x-amz-checksum-crc32", good).header("x-amz-checksum-type", "FULL_OBJECT");
    }

    @Test
    void contentMd5AndPayloadHashAreChecked() {
        String bucket = bucket();
        given().header("Content-MD5", "not-base64!").body("x").put("/" + bucket + "/k").then().statusCode(400)
                .body("Error.Code", equalTo("InvalidDigest"));
        given().header("Content-MD5", Base64.getEncoder().encodeToString(new byte[16])).body("x")
                .put("/" + bucket + "/k").then().statusCode(400).body("Error.Code", equalTo("BadDigest"));
        given().header("x-amz-content-sha256", "0".repeat(64)).body("x").put("/" + bucket + "/k").then()
                .statusCode(400).body("Error.Code", equalTo("XAmzContentSHA256Mismatch"));
        given().header("x-amz-checksum-sha256", "bm90LWEtc2hhMjU2").body("x").put("/" + bucket + "/k").then()
                .statusCode(400).body("Error.Code", equalTo("InvalidRequest"));
        given().head("/" + bucket + "/k").then().statusCode(404);
        given().header("Content-MD5", "ndTkYSaMgDT1yFZOFVxnpg==").body("x").put("/" + bucket + "/k").then()
                .statusCode(200);
    }

    @Test
    void crc64nvmeIsComputedByDefaultAndVerified() {
        String bucket = bucket();
        // The CRC64/NVME check value: "123456789" -> 0xAE8B14860A799888.
        String check = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex("ae8b14860a799888"));
        given().header("x-amz-checksum-crc64nvme", check).body("123456789").put("/" + bucket + "/n").then()
                .statusCode(200).header("x-amz-checksum-crc64nvme", check);
        given().body("123456789").put("/" + bucket + "/default").then().statusCode(200);
        given().header("x-amz-checksum-mode", "ENABLED").head("/" + bucket + "/default").then().statusCode(200)
                .header("x-amz-checksum-crc64nvme", check);
        given().header("x-amz-checksum-crc64nvme", Base64.getEncoder().encodeToString(new byte[8])).body("123456789")
                .put("/" + bucket + "/bad").then().statusCode(400).body("Error.Code", equalTo("BadDigest"));
    }

    @Test
    void malformedRequestBodiesAreMalformedXml() {
        String bucket = bucket();
        String uploadId = given().post("/" + bucket + "/mp?uploads").then().statusCode(200).extract()
                .path("InitiateMultipartUploadResult.UploadId");
        given().body("<CompleteMultipartUpload><Part>").post("/" + bucket + "/mp?uploadId=" + uploadId).then()
                .statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        given().body("<CompleteMultipartUpload></CompleteMultipartUpload>").post("/" + bucket + "/mp?uploadId="
                + uploadId).then().statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        given().header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==").body("").post("/" + bucket + "?delete").then()
                .statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        given().body("<Delete><Object><Key>a</Key></Object></Delete>").post("/" + bucket + "?delete").then()
                .statusCode(400).body("Error.Code", equalTo("InvalidRequest"));
        given().body("<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>").put("/" + bucket + "/mp?tagging")
                .then().statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        given().body("<NotificationConfiguration><QueueConfiguration>").put("/" + bucket + "?notification")
                .then().statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        given().get("/" + bucket + "/x?uploadId=nope").then().statusCode(404).body("Error.Code", equalTo("NoSuchUpload"));
    }

    @Test
    void checksBeforeARequestDocumentWinOverItsErrors() {
        String bucket = bucket();
        given().body("<CreateBucketConfiguration>").put("/Upper").then().statusCode(400)
                .body("Error.Code", equalTo("InvalidBucketName"));
        given().body("<Delete>").post("/" + bucket + "?delete").then().statusCode(400)
                .body("Error.Code", equalTo("InvalidRequest"));
        given().header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==").body("<Delete>").post("/" + bucket + "?delete")
                .then().statusCode(400).body("Error.Code", equalTo("BadDigest"));
        given().multiPart("tagging", "<Tagging>").multiPart("file", "x.txt", "x".getBytes(StandardCharsets.UTF_8))
                .post("/" + bucket).then().statusCode(400).body("Error.Code", equalTo("InvalidArgument"));
        given().multiPart("key", "k").multiPart("tagging", "<Tagging>")
                .multiPart("file", "x.txt", "x".getBytes(StandardCharsets.UTF_8)).post("/" + bucket).then()
                .statusCode(400).body("Error.Code", equalTo("MalformedXML"));
        // Rule by rule: an unsupported event wins over an element after it that is no rule.
        given().body("<NotificationConfiguration><QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q"
                + "</Queue><Event>s3:Nope</Event></QueueConfiguration><Other/></NotificationConfiguration>")
                .put("/" + bucket + "?notification").then().statusCode(400)
                .body("Error.Code", equalTo("InvalidArgument")).body("Error.ArgumentValue", equalTo("s3:Nope"));
        given().body("<NotificationConfiguration><Other/><QueueConfiguration><Queue>arn:aws:sqs:us-east-1:"
                + "000000000000:q</Queue><Event>s3:Nope</Event></QueueConfiguration></NotificationConfiguration>")
                .put("/" + bucket + "?notification").then().statusCode(400)
                .body("Error.Code", equalTo("MalformedXML"));
    }

    @Test
    void virtualHostStyleIsReadFromTheHost() {
        String bucket = bucket();
        int port = SqsClients.endpoint().getPort();
        for (String host : new String[] {bucket + ".localhost:" + port, bucket + ".s3.localhost:" + port,
                bucket + ".s3.us-east-1.amazonaws.com", bucket + ".s3.amazonaws.com"}) {
            given().header("Host", host).body("via " + host).put("/vh/k").then().statusCode(200);
            given().get("/" + bucket + "/vh/k").then().statusCode(200).body(equalTo("via " + host));
            given().header("Host", host).get("/?list-type=2").then().statusCode(200)
                    .body("ListBucketResult.Name", equalTo(bucket));
        }
        // The bare endpoint hosts are path style.
        given().header("Host", "s3.localhost:" + port).get("/" + bucket + "/vh/k").then().statusCode(200);
    }

    @Test
    void expiredPresignedUrlsAreRefused() {
        String bucket = bucket();
        given().urlEncodingEnabled(false).get("/" + bucket + "/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                + "AKIDTEST%2F20200101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=00").then().statusCode(403)
                .body("Error.Code", equalTo("AccessDenied")).body("Error.Message", equalTo("Request has expired"));
    }

    @Test
    void browserPostUploadsAnswerAsAsked() {
        String bucket = bucket();
        given().multiPart("key", "form.txt").multiPart("success_action_status", "201")
                .multiPart("file", "x.txt", "form body".getBytes(StandardCharsets.UTF_8)).post("/" + bucket).then()
                .statusCode(201).body("PostResponse.Key", equalTo("form.txt"))
                .body("PostResponse.Bucket", equalTo(bucket));
        given().get("/" + bucket + "/form.txt").then().statusCode(200).body(equalTo("form body"));
        given().multiPart("file", "x.txt", "no key".getBytes(StandardCharsets.UTF_8)).post("/" + bucket).then()
                .statusCode(400).body("Error.Code", equalTo("InvalidArgument"));
    }

    @Test
    void conditionalWritesRefuseToOverwrite() {
        String bucket = bucket();
        given().header("If-None-Match", "*").body("first").put("/" + bucket + "/once").then().statusCode(200);
        given().header("If-None-Match", "*").body("second").put("/" + bucket + "/once").then().statusCode(412)
                .body("Error.Code", equalTo("PreconditionFailed"));
        given().header("If-Match", "\"0000\"").body("third").put("/" + bucket + "/once").then().statusCode(412);
        given().get("/" + bucket + "/once").then().body(equalTo("first"));
    }

    @Test
    void theAdminResetDropsBuckets() {
        String bucket = bucket();
        given().body("x").put("/" + bucket + "/k").then().statusCode(200);
        given().post("/_eddy/reset").then().statusCode(200);
        given().head("/" + bucket).then().statusCode(404);
    }

    @Test
    void unsupportedSubresourcesAreNotImplementedAndWrongMethodsNotAllowed() throws Exception {
        String bucket = bucket();
        try (java.net.Socket socket = new java.net.Socket("localhost", SqsClients.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /" + bucket + "?prefix=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // The HTTP layer refuses the malformed escape before Eddy sees it: a client error, never a 500.
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
        given().get("/" + bucket + "?acl").then().statusCode(501).body("Error.Code", equalTo("NotImplemented"));
        given().post("/").then().statusCode(405).body("Error.Code", equalTo("MethodNotAllowed"));
        given().get("/").then().statusCode(200).body("ListAllMyBucketsResult.Owner.ID", matchesPattern("[0-9a-f]{64}"));
        given().body("x").put("/" + bucket + "/metered").then().statusCode(200);
        String metrics = given().get("/q/metrics").asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.lines().anyMatch(l -> l.startsWith("eddy_requests_seconds_count")
                && l.contains("operation=\"PutObject\"") && l.contains("service=\"s3\"")), "requests by S3 operation");
    }
}
