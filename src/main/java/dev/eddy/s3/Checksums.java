package dev.eddy.s3;

import dev.eddy.common.Digest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The flexible checksums S3 accepts (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), base64 of the
 * big-endian value as S3 prints them. S3 computes CRC64NVME for an object uploaded without one.
 */
final class Checksums {
    static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");
    static final String DEFAULT = "CRC64NVME";
    private static final long CRC64NVME_POLY = 0x9A6C9329AC4BC9B5L;
    private static final long[] CRC64NVME_TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ CRC64NVME_POLY : crc >>> 1;
            }
            CRC64NVME_TABLE[i] = crc;
        }
    }

    private Checksums() {
    }

    /** The canonical name of an algorithm given in any case, or null when S3 has no such algorithm. */
    static String algorithm(String name) {
        if (name == null) {
            return null;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return ALGORITHMS.contains(upper) ? upper : null;
    }

    /** The header carrying an algorithm's value: {@code x-amz-checksum-crc32}… */
    static String header(String algorithm) {
        return "x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT);
    }

    static String compute(String algorithm, byte[] data) {
        return Base64.getEncoder().encodeToString(raw(algorithm, data));
    }

    static byte[] raw(String algorithm, byte[] data) {
        return switch (algorithm) {
            case "CRC32" -> {
                CRC32 crc = new CRC32();
                crc.update(data);
                yield int32(crc.getValue());
            }
            case "CRC32C" -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield int32(crc.getValue());
            }
            case "CRC64NVME" -> int64(crc64nvme(data));
            case "SHA1" -> digest("SHA-1", data);
            case "SHA256" -> digest("SHA-256", data);
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    /** A composite (multipart) checksum: the algorithm over the parts' raw checksums, then "-N". */
    static String composite(String algorithm, List<String> partChecksums) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String part : partChecksums) {
            all.writeBytes(Base64.getDecoder().decode(part));
        }
        return compute(algorithm, all.toByteArray()) + "-" + partChecksums.size();
    }

    /** Whether a value is well-formed base64 of the algorithm's length. */
    static boolean wellFormed(String algorithm, String value) {
        try {
            int length = Base64.getDecoder().decode(value).length;
            return length == switch (algorithm) {
                case "CRC32", "CRC32C" -> 4;
                case "CRC64NVME" -> 8;
                case "SHA1" -> 20;
                default -> 32;
            };
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static long crc64nvme(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc = CRC64NVME_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static byte[] int32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] int64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    static byte[] digest(String algorithm, byte[] data) {
        return Digest.of(algorithm).digest(data);
    }
}
