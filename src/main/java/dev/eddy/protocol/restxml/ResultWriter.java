package dev.eddy.protocol.restxml;

import io.smallrye.mutiny.Multi;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders an operation's result record as a REST-XML answer. A result that is an XML document
 * (the operation names its root) becomes the body, element by element, except the members the
 * operation sends as headers. Any other result is headers, with three members of fixed meaning:
 * {@code status} (the HTTP status), {@code payload} (the bytes, streamed) with {@code contentLength},
 * and a member that is itself a record (a document, rooted at the member's name).
 */
final class ResultWriter {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A record type's components and their accessors, looked up once per type. */
    private record Member(String name, java.lang.reflect.Method accessor) {
    }

    private static final ClassValue<Member[]> MEMBERS = new ClassValue<>() {
        @Override
        protected Member[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Member[] members = new Member[components.length];
            for (int i = 0; i < components.length; i++) {
                members[i] = new Member(components[i].getName(), components[i].getAccessor());
            }
            return members;
        }
    };

    private final RestXmlShape shape;

    ResultWriter(RestXmlShape shape) {
        this.shape = shape;
    }

    /**
     * @param root          the document's root element, or null when the result is headers
     * @param headerMembers members of a document that travel as headers instead
     */
    @SuppressWarnings("unchecked")
    RestXmlResponse render(Object result, int status, String root, Set<String> headerMembers) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (root != null) {
            for (Member member : MEMBERS.get(result.getClass())) {
                if (headerMembers.contains(member.name())) {
                    header(member.name(), value(member, result), headers);
                }
            }
            RestXmlResponse response = RestXmlResponse.xml(document(root, result, headerMembers));
            headers.forEach(response::header);
            return new RestXmlResponse(status, response.headers(), response.body(), null, response.body().length);
        }
        int code = status;
        Multi<byte[]> payload = null;
        Long length = null;
        byte[] body = new byte[0];
        boolean xml = false;
        for (Member member : MEMBERS.get(result.getClass())) {
            String name = member.name();
            Object value = value(member, result);
            if (value == null) {
                continue;
            }
            switch (name) {
                case "status" -> code = (Integer) value;
                case "payload" -> payload = (Multi<byte[]>) value;
                case "contentLength" -> length = (Long) value;
                default -> {
                    if (value.getClass().isRecord()) {
                        body = document(shape.element(name), value, Set.of());
                        xml = true;
                    } else {
                        header(name, value, headers);
                    }
                }
            }
        }
        if (xml) {
            headers.put("Content-Type", "application/xml");
        }
        return new RestXmlResponse(code, headers, payload == null ? body : null, payload,
                length != null ? length : body.length);
    }

    @SuppressWarnings("unchecked")
    private void header(String member, Object value, Map<String, String> headers) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            String prefix = shape.resultHeaderPrefixes().get(member);
            ((Map<String, String>) map).forEach((k, v) -> headers.put(prefix == null ? k
                    : prefix + k.toLowerCase(Locale.ROOT), v));
            return;
        }
        String name = shape.resultHeaders().get(member);
        if (name == null) {
            throw new IllegalStateException("No header declared for result member " + member);
        }
        headers.put(name, value instanceof Instant instant ? HTTP_DATE.format(instant) : value.toString());
    }

    private byte[] document(String root, Object value, Set<String> skipped) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append('<').append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
        Member[] members = MEMBERS.get(value.getClass());
        if (members.length == 1 && members[0].name().equals("value")) {
            // A document that is one element's text (GetBucketLocation's LocationConstraint).
            escape(String.valueOf(value(members[0], value)), xml);
        } else {
            members(value, skipped, xml);
        }
        xml.append("</").append(root).append('>');
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void members(Object record, Set<String> skipped, StringBuilder xml) {
        for (Member member : MEMBERS.get(record.getClass())) {
            if (!skipped.contains(member.name())) {
                member(member.name(), value(member, record), xml);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void member(String member, Object value, StringBuilder xml) {
        if (value == null) {
            return;
        }
        String name = shape.element(member);
        if (value instanceof List<?> list) {
            String item = shape.wrappedLists().get(member);
            if (item != null) {
                xml.append('<').append(name).append('>');
                list.forEach(v -> element(item, v, xml));
                xml.append("</").append(name).append('>');
            } else {
                list.forEach(v -> element(name, v, xml));
            }
        } else if (value instanceof Map<?, ?> map) {
            String prefix = shape.xmlMapPrefixes().getOrDefault(member, "");
            ((Map<String, Object>) map).forEach((k, v) -> element(prefix + k, v, xml));
        } else {
            element(name, value, xml);
        }
    }

    private void element(String name, Object value, StringBuilder xml) {
        xml.append('<').append(name).append('>');
        if (value.getClass().isRecord()) {
            members(value, Set.of(), xml);
        } else if (value instanceof Instant instant) {
            xml.append(ISO.format(instant));
        } else {
            escape(value.toString(), xml);
        }
        xml.append("</").append(name).append('>');
    }

    private static Object value(Member member, Object record) {
        try {
            return member.accessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** XML text; CR and LF as character references so that keys come back byte for byte. */
    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append("&#10;");
                default -> out.append(c);
            }
        }
    }
}
