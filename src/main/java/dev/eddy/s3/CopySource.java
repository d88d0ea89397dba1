package dev.eddy.s3;

import dev.eddy.common.FormEncoding;

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
        return new CopySource(FormEncoding.decodePath(value.substring(0, slash)), FormEncoding.decodePath(value.substring(slash + 1)));
    }
}
