package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/** One uploaded part of a multipart upload; {@code etag} is quoted. */
@RegisterForReflection
public record PartRecord(int partNumber, long size, String etag, long lastModified, String blob,
                         Map<String, String> checksums) {
}
