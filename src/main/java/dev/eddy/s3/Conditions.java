package dev.eddy.s3;

import dev.eddy.s3.S3Model.Preconditions;
import dev.eddy.store.ObjectRecord;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HTTP conditional requests as S3 evaluates them (RFC 7232 precedence): If-Match beats
 * If-Unmodified-Since, If-None-Match beats If-Modified-Since; dates that do not parse are ignored.
 * The same rules, with {@code x-amz-copy-source-} headers, guard a copy's source.
 */
final class Conditions {
    enum Outcome { PROCEED, NOT_MODIFIED }

    private Conditions() {
    }

    /** For GET and HEAD: 412 PreconditionFailed, 304 (NOT_MODIFIED) or proceed. */
    static Outcome read(Preconditions conditions, ObjectRecord object) {
        return evaluate(conditions, object, true);
    }

    /** For a copy's source: every failing condition is a 412. */
    static void copySource(Preconditions conditions, ObjectRecord source) {
        evaluate(conditions, source, false);
    }

    /** For conditional writes (If-Match / If-None-Match: * on PutObject and CompleteMultipartUpload). */
    static void write(Preconditions conditions, String key, ObjectRecord current) {
        String ifMatch = conditions.ifMatch();
        String ifNoneMatch = conditions.ifNoneMatch();
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*") && current != null) {
            throw S3Errors.preconditionFailed("If-None-Match");
        }
        if (ifMatch != null && (current == null || !matches(ifMatch, current.etag()))) {
            if (current == null) {
                throw S3Errors.noSuchKey(key);
            }
            throw S3Errors.preconditionFailed("If-Match");
        }
    }

    private static Outcome evaluate(Preconditions conditions, ObjectRecord object, boolean read) {
        String ifMatch = conditions.ifMatch();
        String ifNoneMatch = conditions.ifNoneMatch();
        Long ifModifiedSince = date(conditions.ifModifiedSince());
        Long ifUnmodifiedSince = date(conditions.ifUnmodifiedSince());
        long modified = object.lastModified() / 1000 * 1000;
        if (ifMatch != null) {
            if (!matches(ifMatch, object.etag())) {
                throw S3Errors.preconditionFailed(read ? "If-Match" : "x-amz-copy-source-If-Match");
            }
        } else if (ifUnmodifiedSince != null && modified > ifUnmodifiedSince) {
            throw S3Errors.preconditionFailed(read ? "If-Unmodified-Since" : "x-amz-copy-source-If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, object.etag())) {
                if (read) {
                    return Outcome.NOT_MODIFIED;
                }
                throw S3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
            }
        } else if (ifModifiedSince != null && modified <= ifModifiedSince) {
            if (read) {
                return Outcome.NOT_MODIFIED;
            }
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
        return Outcome.PROCEED;
    }

    /** Whether an If-Match / If-None-Match list names the ETag (quotes optional, {@code *} matches all). */
    static boolean matches(String header, String etag) {
        String bare = etag.replace("\"", "");
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            c = c.replace("\"", "");
            if (c.equals("*") || c.equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static Long date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
