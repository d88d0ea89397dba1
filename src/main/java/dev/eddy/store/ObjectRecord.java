package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * What S3 keeps about an object besides its bytes.
 *
 * @param etag         quoted, as S3 returns it ({@code "<md5>"} or {@code "<md5-of-md5s>-N"})
 * @param lastModified epoch milliseconds
 * @param headers      the stored representation headers (Content-Type, Content-Encoding,
 *                     Content-Disposition, Content-Language, Cache-Control, Expires)
 * @param metadata     user metadata, names lowercase without {@code x-amz-meta-}
 * @param checksums    algorithm (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) to base64 value
 * @param checksumType FULL_OBJECT or COMPOSITE (multipart), or null when there is no checksum
 * @param partsCount   parts of a multipart object, 0 for a single PUT
 * @param segments     where the bytes are, in order
 */
@RegisterForReflection
public record ObjectRecord(String bucket, String key, long size, String etag, long lastModified,
                           Map<String, String> headers, Map<String, String> metadata, Map<String, String> tags,
                           Map<String, String> checksums, String checksumType, int partsCount,
                           List<ObjectSegment> segments) {

    public ObjectRecord withTags(Map<String, String> newTags) {
        return new ObjectRecord(bucket, key, size, etag, lastModified, headers, metadata, newTags, checksums,
                checksumType, partsCount, segments);
    }
}
