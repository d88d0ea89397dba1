package dev.eddy.protocol.restxml;

import dev.eddy.protocol.restxml.RestXmlShape.Form;
import dev.eddy.protocol.restxml.RestXmlShape.FormDocument;
import dev.eddy.protocol.restxml.RestXmlShape.Header;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderGroup;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderPrefix;
import dev.eddy.protocol.restxml.RestXmlShape.HeaderSet;
import dev.eddy.protocol.restxml.RestXmlShape.Label;
import dev.eddy.protocol.restxml.RestXmlShape.Location;
import dev.eddy.protocol.restxml.RestXmlShape.Payload;
import dev.eddy.protocol.restxml.RestXmlShape.PayloadDocument;
import dev.eddy.protocol.restxml.RestXmlShape.Query;
import dev.eddy.protocol.restxml.RestXmlShape.QueryPrefix;
import dev.eddy.protocol.restxml.RestXmlShape.SourceAddress;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds a REST-XML request into an operation's record, member by member, from the locations its
 * {@link RestXmlShape} declares; XML documents in the body or a form field are read by the
 * {@link DocumentReader}. The plan of each record type is worked out once.
 */
final class RequestBinder {
    private final RestXmlShape shape;
    private final DocumentReader documents;
    private final ClassValue<Function<RestXmlRequest, Object>> plans = new ClassValue<>() {
        @Override
        protected Function<RestXmlRequest, Object> computeValue(Class<?> type) {
            return plan(type, null);
        }
    };

    RequestBinder(RestXmlShape shape) {
        this.shape = shape;
        this.documents = new DocumentReader(shape);
    }

    <Q> Q bind(Class<Q> type, RestXmlRequest request) {
        return type.cast(plans.get(type).apply(request));
    }

    /** How to build a record: each component's reader, then the canonical constructor. */
    private Function<RestXmlRequest, Object> plan(Class<?> type, String headerPrefix) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        @SuppressWarnings("unchecked")
        Function<RestXmlRequest, Object>[] readers = new Function[components.length];
        for (int i = 0; i < components.length; i++) {
            readers[i] = headerPrefix != null ? header(headerPrefix + kebab(components[i].getName()))
                    : reader(components[i]);
        }
        Constructor<?> constructor = canonical(type);
        return request -> {
            Object[] values = new Object[readers.length];
            for (int i = 0; i < readers.length; i++) {
                values[i] = readers[i].apply(request);
            }
            return instantiate(constructor, values);
        };
    }

    /** A record type's canonical constructor. */
    static Constructor<?> canonical(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            return type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new record; what its constructor throws (a validation of S3's) is thrown as it is. */
    static Object instantiate(Constructor<?> constructor, Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Function<RestXmlRequest, Object> reader(RecordComponent component) {
        Location location = shape.members().get(component.getName());
        if (location == null) {
            if (component.getType().isRecord()) {
                return plan(component.getType(), null);
            }
            throw new IllegalStateException("No wire location for " + component.getDeclaringRecord().getSimpleName()
                    + "." + component.getName());
        }
        if (location instanceof Label label) {
            return label.name().equals("Bucket") ? r -> r.bucket : r -> r.key;
        }
        if (location instanceof Query query) {
            return r -> r.param(query.name());
        }
        if (location instanceof Header header) {
            return header(header.name());
        }
        if (location instanceof HeaderPrefix prefix) {
            return r -> {
                Map<String, String> values = new LinkedHashMap<>();
                collect(r.headers, prefix.prefix(), values);
                collect(r.trailers, prefix.prefix(), values);
                return values;
            };
        }
        if (location instanceof QueryPrefix prefix) {
            return r -> {
                Map<String, String> values = new LinkedHashMap<>();
                collect(r.query, prefix.prefix(), values);
                return values;
            };
        }
        if (location instanceof HeaderSet set) {
            return r -> headerSet(r, set.names());
        }
        if (location instanceof HeaderGroup group) {
            return plan(component.getType(), group.prefix());
        }
        if (location instanceof Payload) {
            return r -> r.body;
        }
        if (location instanceof PayloadDocument document) {
            Type type = component.getGenericType();
            return r -> documents.read(r.body, document.root(), document.optionalWhenEmpty(), type);
        }
        if (location instanceof FormDocument document) {
            Type type = component.getGenericType();
            return r -> {
                String text = r.form().fields().get(document.field());
                return text == null ? null : documents.read(text.getBytes(StandardCharsets.UTF_8), document.root(),
                        false, type);
            };
        }
        if (location instanceof SourceAddress) {
            return r -> r.sourceIp;
        }
        String part = ((Form) location).part();
        return switch (part) {
            case "fields" -> r -> r.form().fields();
            case "filename" -> r -> r.form().filename();
            default -> r -> r.form().file();
        };
    }

    private static Function<RestXmlRequest, Object> header(String name) {
        return r -> r.header(name);
    }

    private static Map<String, String> headerSet(RestXmlRequest request, List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = request.header(name.toLowerCase(java.util.Locale.ROOT));
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** Values of the names that start with the prefix (the first one seen wins), by the rest of the name. */
    private static void collect(Map<String, String> from, String prefix, Map<String, String> into) {
        from.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                into.putIfAbsent(name.substring(prefix.length()), value);
            }
        });
    }

    /** {@code ifModifiedSince} is {@code if-modified-since}. */
    static String kebab(String member) {
        StringBuilder out = new StringBuilder(member.length() + 4);
        for (char c : member.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
