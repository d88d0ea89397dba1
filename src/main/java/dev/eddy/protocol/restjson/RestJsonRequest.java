package dev.eddy.protocol.restjson;

import dev.eddy.common.AwsException;
import dev.eddy.common.FormEncoding;
import dev.eddy.common.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A REST-JSON request as a route binds it into an operation's members: its path labels, query
 * parameters, headers (names in lower case) and JSON body.
 *
 * @param rawQuery the query string as sent, for members repeated in it
 * @param query    the query parameters, decoded once at the edge
 */
public record RestJsonRequest(String method, String path, String rawQuery, Map<String, String> query,
                              Map<String, String> headers, byte[] body, RequestContext context,
                              Map<String, String> labels) {

    public RestJsonRequest(String method, String path, String rawQuery, Map<String, String> query,
                           Map<String, String> headers, byte[] body, RequestContext context) {
        this(method, path, rawQuery, query, headers, body, context, Map.of());
    }

    RestJsonRequest withLabels(Map<String, String> bound) {
        return new RestJsonRequest(method, path, rawQuery, query, headers, body, context, bound);
    }

    /** A path label ({@code {FunctionName}}), percent-decoded. */
    public String label(String name) {
        return labels.get(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    /** An integer query member, or null when absent. */
    public Integer intQuery(String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AwsException.sender("InvalidParameterValueException", 400, "Invalid value for " + name + ": " + value);
        }
    }

    /** Every value of a repeated query member ({@code tagKeys=a&tagKeys=b}), in order. */
    public List<String> queryValues(String name) {
        List<String> values = new ArrayList<>();
        FormEncoding.decode(rawQuery, (key, value) -> {
            if (key.equals(name)) {
                values.add(value);
            }
        });
        return values;
    }

    /** A header, by its name in lower case; null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body as the operation's input record; no body stands for a record with no members. */
    public <T> T body(Class<T> type) {
        return RestJsonCodec.decode(body, type);
    }
}
