package dev.eddy.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.QueryShape;
import dev.eddy.protocol.QueryShape.MapMember;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.ServiceApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Query: form parameters in, XML out. Flattened parameters ({@code Attribute.1.Name},
 * {@code SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue}) become the same
 * member tree a JSON request has, guided by the service's {@link QueryShape}, so both protocols
 * decode into the same records; results are written back as XML the same way.
 */
@ApplicationScoped
public class AwsQueryCodec {
    public static final String CONTENT_TYPE = "text/xml";
    /** Parameters of the protocol and of signing, not of the operation. */
    private static final Set<String> ENVELOPE = Set.of("Action", "Version", "AWSAccessKeyId", "Signature",
            "SignatureMethod", "SignatureVersion", "Timestamp", "Expires", "SecurityToken");

    private final RequestDecoder decoder;

    AwsQueryCodec(RequestDecoder decoder) {
        this.decoder = decoder;
    }

    public Object decode(ServiceApi api, Operation<?, ?> operation, Map<String, String> parameters) {
        Map<String, String> members = new TreeMap<>();
        parameters.forEach((key, value) -> {
            if (!ENVELOPE.contains(key) && !key.startsWith("X-Amz-")) {
                members.put(key, value);
            }
        });
        return decoder.decode(tree(api.queryShape(), members), operation.requestType());
    }

    /** Builds the member tree of flattened parameters; keys are relative to the current level. */
    static ObjectNode tree(QueryShape shape, Map<String, String> parameters) {
        ObjectNode node = RequestDecoder.MAPPER.createObjectNode();
        Map<String, Map<String, String>> nested = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot < 0) {
                node.put(key, value);
            } else {
                nested.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>()).put(key.substring(dot + 1), value);
            }
        });
        nested.forEach((name, nestedRest) -> {
            String listMember = shape.lists().get(name);
            MapMember mapMember = shape.maps().get(name);
            Map<String, String> rest = nestedRest;
            if (mapMember != null && mapMember.wrapped()) {
                rest = unwrap(nestedRest, "entry.");
            } else if (mapMember == null && listMember == null && isWrappedList(nestedRest)) {
                listMember = name;
                rest = unwrap(nestedRest, "member.");
            }
            if (listMember != null) {
                ArrayNode array = node.putArray(listMember);
                indexed(rest).values().forEach(item -> {
                    String scalar = item.get("");
                    if (scalar != null) {
                        array.add(scalar);
                    } else {
                        array.add(tree(shape, item));
                    }
                });
            } else if (mapMember != null) {
                ObjectNode map = node.putObject(mapMember.name());
                indexed(rest).values().forEach(item -> {
                    ObjectNode entry = tree(shape, item);
                    JsonNode key = entry.get(mapMember.key());
                    JsonNode value = entry.get(mapMember.value());
                    if (key == null) {
                        throw AwsException.missingParameter(name + ".N." + mapMember.key());
                    }
                    map.set(key.asText(), value == null ? RequestDecoder.MAPPER.nullNode() : value);
                });
            } else {
                node.set(name, tree(shape, rest));
            }
        });
        return node;
    }

    /** {@code member.N...} keys: a non-flattened list (SNS). */
    private static boolean isWrappedList(Map<String, String> rest) {
        return !rest.isEmpty() && rest.keySet().stream().allMatch(k -> k.startsWith("member."));
    }

    private static Map<String, String> unwrap(Map<String, String> rest, String prefix) {
        Map<String, String> unwrapped = new TreeMap<>();
        rest.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                throw AwsException.sender("MalformedQueryString", 404, "Unexpected parameter part " + key + ".");
            }
            unwrapped.put(key.substring(prefix.length()), value);
        });
        return unwrapped;
    }

    /** Groups {@code N.rest} keys by their index N, in numeric order; a bare {@code N} maps to key "". */
    private static TreeMap<Integer, Map<String, String>> indexed(Map<String, String> parameters) {
        TreeMap<Integer, Map<String, String>> items = new TreeMap<>();
        parameters.forEach((key, value) -> {
            int dot = key.indexOf('.');
            String index = dot < 0 ? key : key.substring(0, dot);
            int n;
            try {
                n = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw AwsException.sender("MalformedQueryString", 404, "Invalid index " + index + " in the query string.");
            }
            items.computeIfAbsent(n, i -> new TreeMap<>()).put(dot < 0 ? "" : key.substring(dot + 1), value);
        });
        return items;
    }

    public Response encode(ServiceApi api, String operation, Object result, String requestId) {
        JsonNode tree = RequestDecoder.MAPPER.valueToTree(result);
        StringBuilder xml = new StringBuilder(256);
        xml.append("<?xml version=\"1.0\"?><").append(operation).append("Response xmlns=\"")
                .append(api.xmlNamespace()).append("\">");
        if (!isEmptyResult(result)) {
            xml.append('<').append(operation).append("Result>");
            members(api.queryShape(), operation, tree, xml);
            xml.append("</").append(operation).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata></")
                .append(operation).append("Response>");
        return new Response(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isEmptyResult(Object result) {
        // Operations without output answer with response metadata only, no <Result> element.
        return result.getClass().isRecord() && result.getClass().getRecordComponents().length == 0;
    }

    private static void members(QueryShape shape, String operation, JsonNode node, StringBuilder xml) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String listElement = shape.resultListElement(operation, name);
            MapMember mapMember = shape.resultMaps().get(name);
            if (value.isArray()) {
                String element = listElement != null ? listElement : "member";
                if (listElement == null) {
                    xml.append('<').append(name).append('>');
                }
                for (JsonNode item : value) {
                    element(shape, operation, element, item, xml);
                }
                if (listElement == null) {
                    xml.append("</").append(name).append('>');
                }
            } else if (value.isObject() && mapMember != null && mapMember.wrapped()) {
                xml.append('<').append(name).append('>');
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    xml.append("<entry><").append(mapMember.key()).append('>');
                    escape(entry.getKey(), xml);
                    xml.append("</").append(mapMember.key()).append('>');
                    element(shape, operation, mapMember.value(), entry.getValue(), xml);
                    xml.append("</entry>");
                }
                xml.append("</").append(name).append('>');
            } else if (value.isObject() && mapMember != null) {
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    xml.append('<').append(mapMember.name()).append("><").append(mapMember.key()).append('>');
                    escape(entry.getKey(), xml);
                    xml.append("</").append(mapMember.key()).append('>');
                    element(shape, operation, mapMember.value(), entry.getValue(), xml);
                    xml.append("</").append(mapMember.name()).append('>');
                }
            } else {
                element(shape, operation, name, value, xml);
            }
        }
    }

    private static void element(QueryShape shape, String operation, String name, JsonNode value, StringBuilder xml) {
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            members(shape, operation, value, xml);
        } else {
            escape(value.asText(), xml);
        }
        xml.append("</").append(name).append('>');
    }

    public Response encodeError(ServiceApi api, AwsException error, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"").append(api.xmlNamespace())
                .append("\"><Error><Type>").append(error.senderFault() ? "Sender" : "Receiver")
                .append("</Type><Code>");
        escape(error.code(), xml);
        xml.append("</Code><Message>");
        escape(error.getMessage(), xml);
        xml.append("</Message><Detail/></Error><RequestId>").append(requestId).append("</RequestId></ErrorResponse>");
        return new Response(error.status(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Escapes XML text. Carriage returns are written as a character reference because XML parsers
     * turn a literal CR into LF, and message bodies must arrive unchanged (their MD5 is checked).
     */
    static void escape(String text, StringBuilder xml) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#xD;");
                default -> xml.append(c);
            }
        }
    }
}
