package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One message attribute as stored: a data type and either a string or a binary value. */
@RegisterForReflection
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
}
