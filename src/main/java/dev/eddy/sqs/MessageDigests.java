package dev.eddy.sqs;

import dev.eddy.common.Digest;
import dev.eddy.store.MessageAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS returns and SDKs verify: of the body, and of message (or system) attributes
 * in AWS's length-prefixed encoding, names sorted.
 */
final class MessageDigests {
    private static final byte STRING = 1;
    private static final byte BINARY = 2;

    private MessageDigests() {
    }

    static String ofBody(String body) {
        return Digest.hex("MD5", body);
    }

    /** The digest of an attribute map, or null when there are no attributes (AWS omits it then). */
    static String ofAttributes(Map<String, MessageAttribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttribute> entry : new TreeMap<>(attributes).entrySet()) {
            MessageAttribute value = entry.getValue();
            writeString(out, entry.getKey());
            writeString(out, value.dataType());
            if (value.binaryValue() != null) {
                out.write(BINARY);
                writeBytes(out, value.binaryValue());
            } else {
                out.write(STRING);
                writeString(out, value.stringValue());
            }
        }
        return Digest.hex("MD5", out.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        int length = bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(bytes, 0, length);
    }
}
