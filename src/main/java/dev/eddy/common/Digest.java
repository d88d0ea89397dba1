package dev.eddy.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Lowercase hex digests (MD5, SHA-1, SHA-256), as AWS and Redis print them. */
public final class Digest {
    private Digest() {
    }

    /** One instance per algorithm, looked up once; callers get clones (a lookup costs more than an MD5 of 256 bytes). */
    private static final Map<String, MessageDigest> PROTOTYPES = new ConcurrentHashMap<>();

    /** A fresh digest of the algorithm. */
    public static MessageDigest of(String algorithm) {
        MessageDigest prototype = PROTOTYPES.computeIfAbsent(algorithm, Digest::lookUp);
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp(algorithm);
        }
    }

    private static MessageDigest lookUp(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + algorithm, e);
        }
    }

    public static String hex(String algorithm, byte[] data) {
        return HexFormat.of().formatHex(of(algorithm).digest(data));
    }

    public static String hex(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }
}
