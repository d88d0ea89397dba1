package dev.eddy.protocol.restxml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** REST-XML's encodings without a server: addressing and aws-chunked bodies. */
class RestXmlCodecUnitTest {

    @Test
    void virtualHostBucketsComeFromKnownEndpointHosts() {
        S3Addressing addressing = new S3Addressing(Optional.of("http://eddy.messaging:4566"));
        assertEquals("photos", addressing.virtualHostBucket("photos.eddy.messaging:4566"));
        assertEquals("photos", addressing.virtualHostBucket("photos.s3.eddy.messaging"));
        assertNull(addressing.virtualHostBucket("eddy.messaging:4566"));
        assertNull(addressing.virtualHostBucket("s3.eddy.messaging:4566"));
        assertEquals("my.bucket", addressing.virtualHostBucket("my.bucket.localhost:4566"));
        assertEquals("b", addressing.virtualHostBucket("b.s3.localhost"));
        assertNull(addressing.virtualHostBucket("s3.localhost:4566"));
        assertNull(addressing.virtualHostBucket("localhost:4566"));
        assertEquals("b", addressing.virtualHostBucket("b.s3.eu-west-1.amazonaws.com"));
        assertEquals("b", addressing.virtualHostBucket("b.s3-eu-west-1.amazonaws.com"));
        assertEquals("b", addressing.virtualHostBucket("b.s3.dualstack.us-east-1.amazonaws.com"));
        assertEquals("b", addressing.virtualHostBucket("B.S3.AMAZONAWS.COM"));
        assertNull(addressing.virtualHostBucket("s3.amazonaws.com"));
        assertNull(addressing.virtualHostBucket("127.0.0.1:4566"));
        assertNull(addressing.virtualHostBucket("[::1]:4566"));
        assertNull(addressing.virtualHostBucket("eddy:4566"));
    }

    @Test
    void pathsArePercentDecodedWithPlusKept() {
        S3Addressing addressing = new S3Addressing(Optional.empty());
        assertEquals(new S3Addressing.Target("b", "a b/c+d"), addressing.target("localhost", "/b/a%20b/c+d"));
        assertEquals(new S3Addressing.Target("b", null), addressing.target("localhost", "/b/"));
        assertEquals(new S3Addressing.Target(null, null), addressing.target("localhost", "/"));
        assertEquals(new S3Addressing.Target("b", "k/%"), addressing.target("b.localhost", "/k/%25"));
        assertEquals(new S3Addressing.Target("b", null), addressing.target("b.localhost:1", "/"));
    }

    @Test
    void awsChunkedDecodesChunksAndTrailers() {
        byte[] body = ("5;chunk-signature=abc\r\nhello\r\n1\r\n!\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n"
                + "x-amz-trailer-signature:def\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        AwsChunked decoded = AwsChunked.decode(body);
        assertArrayEquals("hello!".getBytes(StandardCharsets.US_ASCII), decoded.payload());
        assertEquals(Map.of("x-amz-checksum-crc32", "NhCmhg==", "x-amz-trailer-signature", "def"), decoded.trailers());
        assertThrows(S3Exception.class, () -> AwsChunked.decode("5\r\nhel".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(S3Exception.class, () -> AwsChunked.decode("5\r\nhello!!\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
    }
}
