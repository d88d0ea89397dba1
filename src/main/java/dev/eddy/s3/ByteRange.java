package dev.eddy.s3;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A satisfiable byte range of an object, inclusive. S3 serves one range of the {@code Range}
 * header's forms {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; a header it cannot
 * parse (or several ranges) is ignored and the whole object served, as S3 does.
 */
record ByteRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** The range to serve, null for the whole object; InvalidRange when it lies beyond the object. */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw S3Errors.invalidRange(size, header);
                }
                return size == 0 ? null : new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null;
            }
            if (first >= size) {
                throw S3Errors.invalidRange(size, header);
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
