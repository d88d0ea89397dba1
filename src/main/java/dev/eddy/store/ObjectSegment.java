package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A stretch of an object's bytes, stored as one blob: a single PUT has one segment, a completed
 * multipart upload one per part, so completing an upload copies nothing.
 */
@RegisterForReflection
public record ObjectSegment(String blob, long size) {
}
