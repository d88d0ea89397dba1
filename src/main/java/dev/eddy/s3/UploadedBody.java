package dev.eddy.s3;

import dev.eddy.common.Digest;
import dev.eddy.s3.S3Model.Integrity;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The verified bytes of an upload (PutObject, UploadPart): Content-MD5, a hex
 * x-amz-content-sha256 and a flexible checksum (header or aws-chunked trailer) are checked
 * against what arrived, and the checksum S3 keeps is worked out (CRC64NVME when the client sent
 * none, as S3 does).
 */
record UploadedBody(byte[] bytes, String md5, String checksumAlgorithm, String checksum, boolean clientChecksum) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    String etag() {
        return "\"" + md5 + "\"";
    }

    static UploadedBody of(byte[] bytes, Integrity integrity) {
        String decodedLength = integrity.decodedContentLength();
        if (decodedLength != null && !decodedLength.equals(String.valueOf(bytes.length))) {
            throw S3Errors.incompleteBody();
        }
        String sha256 = integrity.contentSha256();
        if (sha256 != null && HEX_SHA256.matcher(sha256).matches()) {
            String computed = Digest.hex("SHA-256", bytes);
            if (!computed.equalsIgnoreCase(sha256)) {
                throw S3Errors.contentSha256Mismatch(sha256, computed);
            }
        }
        byte[] md5 = Checksums.digest("MD5", bytes);
        String contentMd5 = integrity.contentMd5();
        if (contentMd5 != null) {
            byte[] given;
            try {
                given = Base64.getDecoder().decode(contentMd5.trim());
            } catch (IllegalArgumentException e) {
                throw S3Errors.invalidDigest(contentMd5);
            }
            if (given.length != 16) {
                throw S3Errors.invalidDigest(contentMd5);
            }
            if (!java.util.Arrays.equals(given, md5)) {
                throw S3Errors.badContentMd5(contentMd5, Base64.getEncoder().encodeToString(md5));
            }
        }
        String algorithm = null;
        String given = null;
        for (String candidate : Checksums.ALGORITHMS) {
            String value = integrity.checksum(candidate);
            if (value != null) {
                if (given != null) {
                    throw S3Errors.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types "
                            + "are not allowed.");
                }
                algorithm = candidate;
                given = value.trim();
            }
        }
        String declared = integrity.sdkChecksumAlgorithm();
        if (declared != null) {
            String named = Checksums.algorithm(declared);
            if (named == null) {
                throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any "
                        + "of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
            }
            if (algorithm != null && !algorithm.equals(named)) {
                throw S3Errors.invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }
            algorithm = named;
        }
        if (algorithm != null && given == null) {
            throw S3Errors.invalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding "
                    + "x-amz-checksum-* or x-amz-trailer headers were found.");
        }
        if (given != null && !Checksums.wellFormed(algorithm, given)) {
            throw S3Errors.invalidRequest("Value for " + Checksums.header(algorithm) + " header is invalid.");
        }
        boolean client = algorithm != null;
        if (algorithm == null) {
            algorithm = Checksums.DEFAULT;
        }
        String computed = Checksums.compute(algorithm, bytes);
        if (given != null && !given.equals(computed)) {
            throw S3Errors.badDigest(algorithm);
        }
        return new UploadedBody(bytes, HexFormat.of().formatHex(md5), algorithm, computed, client);
    }
}
