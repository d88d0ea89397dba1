package dev.eddy.protocol.restxml;

import java.util.Map;

/**
 * One REST-XML request as the codec reads it: addressing resolved (bucket and key from the path or
 * the Host), the query's parameters decoded once (a valueless subresource such as {@code ?uploads}
 * maps to ""), headers by lowercase name, and the body with any aws-chunked encoding removed.
 */
final class RestXmlRequest {
    final String method;
    final String bucket;
    final String key;
    final Map<String, String> query;
    final Map<String, String> headers;
    final byte[] body;
    final Map<String, String> trailers;
    final String sourceIp;
    private PostForm form;

    RestXmlRequest(String method, String bucket, String key, Map<String, String> query, Map<String, String> headers,
                   byte[] body, Map<String, String> trailers, String sourceIp) {
        this.method = method;
        this.bucket = bucket;
        this.key = key;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.trailers = trailers;
        this.sourceIp = sourceIp;
    }

    String header(String name) {
        return headers.get(name);
    }

    String param(String name) {
        return query.get(name);
    }

    boolean has(String name) {
        return query.containsKey(name);
    }

    /** The body as a browser upload's form, parsed on first use. */
    PostForm form() {
        if (form == null) {
            form = PostForm.parse(header("content-type"), body);
        }
        return form;
    }
}
