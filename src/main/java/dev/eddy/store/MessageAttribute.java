package dev.eddy.store;

/** One message attribute as stored: a data type and either a string or a binary value. */
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
}
