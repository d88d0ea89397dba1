package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * A multipart upload in progress: what CreateMultipartUpload said the object will be.
 *
 * @param initiated         epoch milliseconds
 * @param checksumAlgorithm the algorithm the parts carry, or null
 */
@RegisterForReflection
public record UploadRecord(String bucket, String key, String uploadId, long initiated, Map<String, String> headers,
                           Map<String, String> metadata, Map<String, String> tags, String checksumAlgorithm,
                           String checksumType) {
}
