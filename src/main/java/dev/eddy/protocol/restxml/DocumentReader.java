package dev.eddy.protocol.restxml;

import dev.eddy.s3.S3Errors;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a REST-XML request document into a record, the way {@link ResultWriter} writes one: an
 * element per member, named as {@link RestXmlShape#element} says; a list is its elements repeated
 * (flattened, the member named in the singular) or, in {@code wrappedLists}, items inside one
 * wrapper; a list of a sealed interface holds, in document order, each child named for one of the
 * interface's records. Text is as sent (services trim where S3 does), the first of repeated elements
 * counts, and children no member names are ignored, except in {@code closedElements}.
 *
 * <p>A {@code Supplier<T>} is read when asked, so that its errors come after what the service
 * checks first. In a list of suppliers, an unknown child of a closed element is the item in its
 * place, failing when asked: S3 reads a notification configuration rule by rule, so the error of a
 * rule wins over an unknown element after it.
 *
 * <p>A body that is not well-formed, has another root or an unknown child in a closed element is
 * S3's MalformedXML. The parser refuses a DOCTYPE and expands no entities.
 */
final class DocumentReader {
    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            return RequestBinder.canonical(type);
        }
    };

    private final RestXmlShape shape;

    DocumentReader(RestXmlShape shape) {
        this.shape = shape;
    }

    /**
     * The document in {@code body} as {@code type}: a record, or a {@code Supplier} of one.
     *
     * @param optional whether an empty body is no document (null) rather than MalformedXML
     */
    Object read(byte[] body, String root, boolean optional, Type type) {
        Class<?> deferred = supplied(type);
        if (deferred != null) {
            Supplier<Object> later = () -> read(body, root, optional, deferred);
            return later;
        }
        if (body == null || body.length == 0) {
            if (optional) {
                return null;
            }
            throw S3Errors.malformedXml();
        }
        return record(parse(body, root), (Class<?>) type);
    }

    private Object record(Element element, Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = null;
        if (shape.closedElements().contains(local(element))) {
            known = new HashSet<>();
            boolean placed = false;
            for (RecordComponent component : components) {
                known.addAll(names(component));
                placed |= choice(component.getGenericType()) != null
                        && supplied(listItem(component.getGenericType())) != null;
            }
            if (!placed) {
                closed(element, known);
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = member(element, components[i], known);
        }
        return RequestBinder.instantiate(CONSTRUCTORS.get(type), values);
    }

    /**
     * @param known the children a closed parent may hold (null when it is open): any other is, in a
     *              list of suppliers, the item in its place that fails
     */
    private Object member(Element parent, RecordComponent component, Set<String> known) {
        Type type = component.getGenericType();
        String name = shape.element(component.getName());
        Type item = listItem(type);
        if (item == null) {
            Element child = first(parent, name);
            return child == null ? null : item(type, child);
        }
        List<Object> items = new ArrayList<>();
        Class<?> choice = choice(type);
        if (choice != null) {
            for (Element child : children(parent)) {
                if (variant(choice, local(child)) != null) {
                    items.add(item(item, child));
                } else if (known != null && !known.contains(local(child)) && supplied(item) != null) {
                    Supplier<Object> unknown = () -> {
                        throw S3Errors.malformedXml();
                    };
                    items.add(unknown);
                }
            }
            return items;
        }
        String wrapped = shape.wrappedLists().get(component.getName());
        Element holder = parent;
        if (wrapped != null) {
            holder = first(parent, name);
            if (holder == null) {
                return null;
            }
            if (shape.closedElements().contains(name)) {
                closed(holder, Set.of(wrapped));
            }
        }
        String itemName = wrapped != null ? wrapped : name;
        for (Element child : children(holder)) {
            if (local(child).equals(itemName)) {
                items.add(item(item, child));
            }
        }
        return items;
    }

    /** One element as a value: its text, a record, one of a sealed interface's records, or a Supplier of one. */
    private Object item(Type type, Element element) {
        if (type == String.class) {
            return element.getTextContent();
        }
        Class<?> deferred = supplied(type);
        if (deferred != null) {
            Supplier<Object> later = () -> item(deferred, element);
            return later;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return record(element, c);
        }
        if (type instanceof Class<?> c && c.isSealed()) {
            return record(element, variant(c, local(element)));
        }
        throw new IllegalStateException("A request document holds text, records and lists, not " + type);
    }

    /** The elements a member reads: its own name, or each record name of its sealed interface. */
    private Set<String> names(RecordComponent component) {
        Class<?> choice = choice(component.getGenericType());
        if (choice == null) {
            return Set.of(shape.element(component.getName()));
        }
        Set<String> names = new HashSet<>();
        for (Class<?> variant : choice.getPermittedSubclasses()) {
            names.add(variant.getSimpleName());
        }
        return names;
    }

    /** An element that may hold only the named children. */
    private static void closed(Element element, Set<String> known) {
        for (Element child : children(element)) {
            if (!known.contains(local(child))) {
                throw S3Errors.malformedXml();
            }
        }
    }

    /** The sealed interface a list holds (directly or through suppliers), or null. */
    private static Class<?> choice(Type type) {
        Type item = listItem(type);
        Class<?> supplied = supplied(item);
        Type held = supplied != null ? supplied : item;
        return held instanceof Class<?> c && c.isInterface() && c.isSealed() ? c : null;
    }

    private static Class<?> variant(Class<?> sealed, String element) {
        for (Class<?> variant : sealed.getPermittedSubclasses()) {
            if (variant.getSimpleName().equals(element)) {
                return variant;
            }
        }
        return null;
    }

    /** A list's item type, or null when the type is not a list. */
    private static Type listItem(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == List.class ? p.getActualTypeArguments()[0]
                : null;
    }

    /** What a {@code Supplier<T>} supplies, or null when the type is not a supplier. */
    private static Class<?> supplied(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == Supplier.class
                ? (Class<?>) p.getActualTypeArguments()[0] : null;
    }

    /** The root element of a body; MalformedXML when it is not well-formed or not {@code root}. */
    private static Element parse(byte[] body, String root) {
        Element element;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            element = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception e) {
            throw S3Errors.malformedXml();
        }
        if (!root.equals(local(element))) {
            throw S3Errors.malformedXml();
        }
        return element;
    }

    private static String local(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static List<Element> children(Element parent) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }

    private static Element first(Element parent, String name) {
        for (Element child : children(parent)) {
            if (local(child).equals(name)) {
                return child;
            }
        }
        return null;
    }
}
