package dev.eddy.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3's encodings without a server: checksums, event keys, ranges. */
class S3CodecUnitTest {

    @Test
    void checksumsMatchTheirCheckValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals("y/Q5Jg==", Checksums.compute("CRC32", check));
        assertEquals("4waSgw==", Checksums.compute("CRC32C", check));
        assertEquals("rosUhgp5mIg=", Checksums.compute("CRC64NVME", check));
        assertEquals("98O8HYCOBHMq32eZZczDTKeuNEE=", Checksums.compute("SHA1", check));
        assertEquals("FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=", Checksums.compute("SHA256", check));
        // Composite: the algorithm over the parts' raw checksums, then the part count.
        String a = Checksums.compute("CRC32", "a".getBytes(StandardCharsets.US_ASCII));
        String b = Checksums.compute("CRC32", "b".getBytes(StandardCharsets.US_ASCII));
        byte[] raw = new byte[8];
        System.arraycopy(java.util.Base64.getDecoder().decode(a), 0, raw, 0, 4);
        System.arraycopy(java.util.Base64.getDecoder().decode(b), 0, raw, 4, 4);
        assertEquals(Checksums.compute("CRC32", raw) + "-2", Checksums.composite("CRC32", List.of(a, b)));
    }

    @Test
    void eventKeysAreEncodedAsS3Does() {
        assertEquals("red+flower.jpg", S3EventRecords.encodeKey("red flower.jpg"));
        assertEquals("dir/sub/x%3D1.txt", S3EventRecords.encodeKey("dir/sub/x=1.txt"));
        assertEquals("%C3%BC.txt", S3EventRecords.encodeKey("ü.txt"));
        assertEquals("000000000000000A", S3EventRecords.sequencer(10));
    }

    @Test
    void rangesFollowS3sRules() {
        assertEquals(new ByteRange(0, 9), ByteRange.of("bytes=0-", 10));
        assertEquals(new ByteRange(7, 9), ByteRange.of("bytes=-3", 10));
        assertEquals(new ByteRange(0, 9), ByteRange.of("bytes=-30", 10));
        assertEquals(new ByteRange(5, 9), ByteRange.of("bytes=5-100", 10));
        assertNull(ByteRange.of("bytes=5-2", 10), "an inverted range is ignored");
        assertNull(ByteRange.of("items=0-1", 10), "another unit is ignored");
        assertNull(ByteRange.of("bytes=0-1,3-4", 10), "several ranges: the whole object");
        assertThrows(S3Exception.class, () -> ByteRange.of("bytes=10-", 10));
        assertThrows(S3Exception.class, () -> ByteRange.of("bytes=-0", 10));
    }
}
