package dev.eddy.protocol;

import java.util.Map;

/** An encoded response, ready for the edge to write. */
public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
}
