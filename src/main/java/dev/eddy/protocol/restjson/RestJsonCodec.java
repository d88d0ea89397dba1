package dev.eddy.protocol.restjson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.protocol.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * AWS REST-JSON (Lambda): the operation is in the method and path, members in a JSON body; errors
 * carry {@code x-amzn-ErrorType} and a body {@code {"Type":"User","message":…}}.
 */
public final class RestJsonCodec {
    public static final String CONTENT_TYPE = "application/json";

    private RestJsonCodec() {
    }

    public static <T> T decode(byte[] body, Class<T> type) {
        try {
            T decoded = body.length == 0 ? null : RequestDecoder.MAPPER.readValue(body, type);
            // No body and a body of JSON null both stand for a request with no members.
            return decoded != null ? decoded : RequestDecoder.MAPPER.readValue("{}", type);
        } catch (IOException e) {
            // Jackson's own words without its location suffix, which names its internals.
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : "the body is not JSON";
            throw AwsException.sender("InvalidRequestContentException", 400,
                    "Could not parse request body into json: " + reason);
        }
    }

    public static Response encode(int status, Object result, String requestId) {
        try {
            return new Response(status, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    result == null ? new byte[0] : RequestDecoder.MAPPER.writeValueAsBytes(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response encodeError(AwsException error, String requestId) {
        ObjectNode body = RequestDecoder.MAPPER.createObjectNode();
        body.put("Type", error.senderFault() ? "User" : "Service");
        body.put("message", error.getMessage());
        return new Response(error.status(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId,
                "x-amzn-ErrorType", error.code()), body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
