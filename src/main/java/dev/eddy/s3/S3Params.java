package dev.eddy.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Query parameters and continuation tokens as S3 reads and writes them. */
final class S3Params {
    private S3Params() {
    }

    /** An integer parameter within bounds; InvalidArgument otherwise. Values above max are capped, as S3 does. */
    static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw S3Errors.invalidArgument("Argument " + name + " must be an integer between " + min + " and "
                        + Integer.MAX_VALUE, name, value);
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw S3Errors.invalidArgument("Provided " + name + " not an integer or within integer range", name, value);
        }
    }

    /** An opaque continuation token for a position. */
    static String token(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String untoken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}
