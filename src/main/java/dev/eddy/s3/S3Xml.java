package dev.eddy.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** S3's timestamp form in its documents and event records (ISO 8601 with milliseconds, UTC). */
public final class S3Xml {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private S3Xml() {
    }

    public static String time(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }
}
