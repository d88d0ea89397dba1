package dev.eddy.s3;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** S3's XML: a writer for responses and a hardened reader for request bodies. */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /** A document whose root element carries S3's namespace. */
    static S3Xml document(String root) {
        S3Xml doc = new S3Xml();
        doc.xml.append('<').append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
        return doc;
    }

    /** A document whose root has no namespace (S3's Error). */
    static S3Xml plain(String root) {
        S3Xml doc = new S3Xml();
        doc.xml.append('<').append(root).append('>');
        return doc;
    }

    S3Xml start(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    S3Xml end(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; nothing when the value is null. */
    S3Xml text(String name, Object value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name)
                    .append('>');
        }
        return this;
    }

    byte[] close(String root) {
        end(root);
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A document that is one element with text (GetBucketLocation's LocationConstraint). */
    byte[] closeWithText(String root, String value) {
        xml.append(escape(value));
        return close(root);
    }

    static String time(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
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
        return out.toString();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The root element of a request body; MalformedXML when it is not well-formed or not {@code root}. */
    static Element parse(byte[] body, String root) {
        if (body == null || body.length == 0) {
            throw S3Errors.malformedXml();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element element = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!root.equals(local(element))) {
                throw S3Errors.malformedXml();
            }
            return element;
        } catch (S3Exception e) {
            throw e;
        } catch (Exception e) {
            throw S3Errors.malformedXml();
        }
    }

    static String local(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(local(e)))) {
                list.add(e);
            }
        }
        return list;
    }

    static Element child(Element parent, String name) {
        List<Element> list = children(parent, name);
        return list.isEmpty() ? null : list.get(0);
    }

    /** The text of a child element, or null when absent. */
    static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent();
    }
}
