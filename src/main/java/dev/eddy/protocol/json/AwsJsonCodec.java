package dev.eddy.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.ServiceApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * AWS JSON 1.0: {@code X-Amz-Target: <Prefix>.<Operation>}, the request members as a JSON object,
 * the result as a JSON object with no wrapper. Errors carry {@code __type} and, for services that
 * are Query-compatible like SQS, the {@code x-amzn-query-error} header with the Query code.
 */
@ApplicationScoped
public class AwsJsonCodec {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final RequestDecoder decoder;

    AwsJsonCodec(RequestDecoder decoder) {
        this.decoder = decoder;
    }

    public Object decode(Operation<?, ?> operation, byte[] body) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || isNullLiteral(body, first)) {
            return decoder.decode(RequestDecoder.MAPPER.createObjectNode(), operation.requestType());
        }
        if (body[first] != '{') {
            if (body[first] == '[' || body[first] == '"' || body[first] == '-' || Character.isDigit(body[first])
                    || body[first] == 't' || body[first] == 'f') {
                throw serializationError("The request body must be a JSON object.");
            }
            throw serializationError("Malformed JSON in the request body.");
        }
        return decoder.decode(body, operation.requestType(),
                () -> serializationError("Malformed JSON in the request body."));
    }

    private static boolean isNullLiteral(byte[] body, int from) {
        if (body[from] != 'n') {
            return false;
        }
        String rest = new String(body, from, body.length - from, java.nio.charset.StandardCharsets.US_ASCII).trim();
        return rest.equals("null");
    }

    public Response encode(Object result, String requestId) {
        try {
            return new Response(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    RequestDecoder.MAPPER.writeValueAsBytes(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response encodeError(ServiceApi api, AwsException error, String requestId) {
        ObjectNode body = RequestDecoder.MAPPER.createObjectNode();
        body.put("__type", api.jsonErrorType(error));
        body.put("message", error.getMessage());
        return new Response(error.status(), CONTENT_TYPE, Map.of(
                "x-amzn-RequestId", requestId,
                "x-amzn-query-error", error.code() + ";" + (error.senderFault() ? "Sender" : "Receiver")),
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static AwsException serializationError(String message) {
        return AwsException.sender("SerializationException", 400, message);
    }
}
