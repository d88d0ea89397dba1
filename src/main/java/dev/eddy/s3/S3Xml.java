package dev.eddy.s3;

import java.io.ByteArrayInputStream;
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

/**
 * S3's XML request documents (CreateBucketConfiguration, Tagging, Delete, CompleteMultipartUpload,
 * NotificationConfiguration), read with a hardened parser, and S3's timestamp form.
 */
public final class S3Xml {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public static String time(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
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
