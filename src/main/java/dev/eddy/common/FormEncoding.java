package dev.eddy.common;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code application/x-www-form-urlencoded} text ({@code a=1&b=two%20words}), as query strings, Query
 * protocol bodies and S3's tagging header carry it. A name without {@code =} has the value "".
 */
public final class FormEncoding {
    private FormEncoding() {
    }

    /** A pair whose percent-encoding is broken; each caller answers it with its service's error. */
    public static final class MalformedException extends RuntimeException {
        private final String pair;

        MalformedException(String pair) {
            super("Malformed form pair: " + pair, null, false, false);
            this.pair = pair;
        }

        public String pair() {
            return pair;
        }
    }

    /** The pairs of the text in order; a repeated name keeps its last value. */
    public static Map<String, String> decode(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        decode(text, pairs::put);
        return pairs;
    }

    /** Hands each decoded pair to {@code into}, in order (null or empty text has none). */
    public static void decode(String text, BiConsumer<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MalformedException(pair);
            }
            into.accept(name, value);
        }
    }

    /** Percent-decoding of a URI path or header value: unlike form decoding, '+' stays '+'. */
    public static String decodePath(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
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
