package dev.eddy.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The object an {@code x-amz-copy-source} header names: {@code [/]bucket/key[?versionId=…]}, URL-encoded. */
record CopySource(String bucket, String key) {

    static CopySource parse(String header) {
        String value = header.startsWith("/") ? header.substring(1) : header;
        int query = value.indexOf('?');
        if (query >= 0) {
            value = value.substring(0, query);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw S3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }
        return new CopySource(percentDecode(value.substring(0, slash)), percentDecode(value.substring(slash + 1)));
    }

    /** Percent-decoding of a path: unlike form decoding, '+' stays '+'. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length + 0 && i + 2 <= bytes.length - 1) {
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
