package dev.eddy.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex digests (MD5, SHA-1, SHA-256), as AWS and Redis print them. */
public final class Digest {
    private Digest() {
    }

    public static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + algorithm, e);
        }
    }

    public static String hex(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }
}
