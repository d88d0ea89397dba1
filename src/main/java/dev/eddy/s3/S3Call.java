package dev.eddy.s3;

import dev.eddy.common.RequestContext;
import java.util.Map;

/**
 * One S3 request as the routes see it: addressing resolved (bucket and key from the path or the
 * Host), the query's parameters (a valueless subresource such as {@code ?uploads} maps to ""),
 * headers by lowercase name, and the body with any aws-chunked encoding removed.
 */
record S3Call(String method, String bucket, String key, Map<String, String> query, Map<String, String> headers,
              byte[] body, Map<String, String> trailers, RequestContext context, String sourceIp) {

    String header(String name) {
        return headers.get(name);
    }

    String param(String name) {
        return query.get(name);
    }

    boolean has(String name) {
        return query.containsKey(name);
    }

    /** A header, else the same-named trailer of an aws-chunked body (flexible checksums come either way). */
    String headerOrTrailer(String name) {
        String value = headers.get(name);
        return value != null ? value : trailers.get(name);
    }
}
