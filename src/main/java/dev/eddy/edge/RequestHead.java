package dev.eddy.edge;

import dev.eddy.common.FormEncoding;
import dev.eddy.protocol.json.AwsJsonCodec;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * What Eddy reads of a request before its body, read once: the method and path, the query string
 * decoded once, the headers routing needs and the SigV4 scope parsed once.
 *
 * @param rawQuery       the query string as sent, or null
 * @param query          its parameters (empty when it is malformed)
 * @param malformedQuery the first pair of a malformed query string, or null
 * @param target         {@code X-Amz-Target}, or null
 * @param announcedLength {@code Content-Length}, or null when absent or not a number
 * @param scope          the SigV4 credential scope, or null for an unsigned request
 * @param host           the {@code Host} the client used (for URLs it is given back), else localhost and the port
 */
record RequestHead(String method, String path, String rawQuery, Map<String, String> query, String malformedQuery,
                   String contentType, String target, Long announcedLength, SigV4Scope scope, String scheme,
                   String host, String traceId) {

    static RequestHead of(HttpServerRequest request) {
        String rawQuery = request.query();
        Map<String, String> query;
        String malformed = null;
        try {
            query = FormEncoding.decode(rawQuery);
        } catch (FormEncoding.MalformedException e) {
            query = Map.of();
            malformed = e.pair();
        }
        String host = request.getHeader("Host");
        if (host == null) {
            host = "localhost:" + (request.localAddress() == null ? 4566 : request.localAddress().port());
        }
        return new RequestHead(request.method().name(), request.path(), rawQuery, query, malformed,
                request.getHeader("Content-Type"), request.getHeader("X-Amz-Target"),
                length(request.getHeader("Content-Length")),
                SigV4Scope.of(request.getHeader("Authorization"), query.get("X-Amz-Credential")),
                request.scheme(), host, request.getHeader("X-Amzn-Trace-Id"));
    }

    private static Long length(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The head of a request whose form body carries its signature ({@code X-Amz-Credential} of a
     * Query request signed in the body): the scope read from there when the head had none.
     */
    RequestHead signedIn(Map<String, String> parameters) {
        String credential = parameters.get("X-Amz-Credential");
        if (scope != null || credential == null) {
            return this;
        }
        return new RequestHead(method, path, rawQuery, query, malformedQuery, contentType, target, announcedLength,
                SigV4Scope.of(null, credential), scheme, host, traceId);
    }

    /** The service the request is signed for ({@code sqs}, {@code s3}…), or null. */
    String signedFor() {
        return scope == null ? null : scope.service();
    }

    /** AWS JSON: a target header or its content type. */
    boolean isJson() {
        return target != null || contentTypeIs(AwsJsonCodec.CONTENT_TYPE);
    }

    boolean contentTypeIs(String type) {
        return contentType != null && contentType.startsWith(type);
    }
}
