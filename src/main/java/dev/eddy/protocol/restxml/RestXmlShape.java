package dev.eddy.protocol.restxml;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declaration that lets the REST-XML codec bind requests and render results generically, as
 * Smithy's HTTP binding traits do for AWS's models: where each request member comes from, which
 * result members travel as headers, and the few XML names that are not the member's name in upper
 * camel case. Members are matched by record component name across all operations of the service.
 * Request documents are read with the same names as results are written ({@link DocumentReader}).
 *
 * @param members       request member name to where its value is on the wire
 * @param resultHeaders result member name to the header it is written as
 * @param resultHeaderPrefixes result map member name to its headers' prefix (a key is lowercased after it)
 * @param xmlNames      member name to its element name, where upper camel case is not it ({@code etag} is ETag)
 * @param wrappedLists  list member name to its item element (S3's {@code <Buckets><Bucket>}); other lists are flattened
 * @param xmlMapPrefixes map member name to its elements' prefix ({@code checksums} become {@code <ChecksumCRC32>})
 * @param closedElements elements of a request document whose children must all be ones its members name
 *                      (S3 answers MalformedXML for any other)
 */
public record RestXmlShape(Map<String, Location> members, Map<String, String> resultHeaders,
                           Map<String, String> resultHeaderPrefixes, Map<String, String> xmlNames,
                           Map<String, String> wrappedLists, Map<String, String> xmlMapPrefixes,
                           Set<String> closedElements) {

    /** The element a member is written and read as. */
    String element(String member) {
        String name = xmlNames.get(member);
        return name != null ? name : Character.toUpperCase(member.charAt(0)) + member.substring(1);
    }

    /** Where a request member is on the wire. A record member with no declared location binds member by member. */
    public sealed interface Location {
    }

    /** The bucket or the key, from the Host or the path. */
    public record Label(String name) implements Location {
    }

    public record Query(String name) implements Location {
    }

    public record Header(String name) implements Location {
    }

    /** Every header (and aws-chunked trailer) that starts with the prefix, by the rest of its name. */
    public record HeaderPrefix(String prefix) implements Location {
    }

    /** Every query parameter that starts with the prefix, by the rest of its name. */
    public record QueryPrefix(String prefix) implements Location {
    }

    /** The named headers, by their names as given. */
    public record HeaderSet(List<String> names) implements Location {
    }

    /** A record whose members are headers: the prefix, then the member name in kebab case ({@code ifMatch} is if-match). */
    public record HeaderGroup(String prefix) implements Location {
    }

    /** The body, with any aws-chunked encoding removed. */
    public record Payload() implements Location {
    }

    /**
     * The body as an XML document rooted at {@code root}, read into the member's record; when
     * {@code optionalWhenEmpty}, an empty body is no document (null). A member typed
     * {@code Supplier<T>} is read when the service asks, so that the checks it makes first win over
     * the document's errors.
     */
    public record PayloadDocument(String root, boolean optionalWhenEmpty) implements Location {
    }

    /** A browser upload's form field holding an XML document rooted at {@code root}; null when there is no such field. */
    public record FormDocument(String field, String root) implements Location {
    }

    /** The caller's IP address. */
    public record SourceAddress() implements Location {
    }

    /** Parts of a multipart/form-data body (a browser upload): its fields, its file's name or its file. */
    public record Form(String part) implements Location {
    }
}
