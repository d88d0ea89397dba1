package dev.eddy.s3;

import dev.eddy.store.ObjectKeys;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ListObjectsV2 and ListObjects: keys in UTF-8 binary order from a position, grouped into common
 * prefixes at the first delimiter after the prefix; a common prefix counts as one key toward
 * max-keys, and a listing resumes after the last key or prefix it returned.
 */
@ApplicationScoped
class S3Listing {
    /** Past every key that starts with a prefix: the prefix followed by the highest code point. */
    private static final String PAST = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final int PAGE = 1000;

    private final ObjectStore store;
    private final S3Buckets buckets;

    S3Listing(ObjectStore store, S3Buckets buckets) {
        this.store = store;
        this.buckets = buckets;
    }

    /** One listing: the objects and common prefixes in order, and whether more follow. */
    private record Listing(List<ObjectRecord> contents, List<String> prefixes, boolean truncated, String last,
                           String resumeAfter) {
    }

    private Uni<Listing> collect(String bucket, String prefix, String delimiter, String after, int max) {
        return collect(bucket, prefix, delimiter, after, max, new ArrayList<>(), new ArrayList<>(), null);
    }

    private Uni<Listing> collect(String bucket, String prefix, String delimiter, String cursor, int max,
                                 List<ObjectRecord> contents, List<String> prefixes, String last) {
        int count = contents.size() + prefixes.size();
        if (count >= max) {
            // Full: truncated if anything follows.
            return store.listObjects(bucket, prefix, cursor, 1).map(more -> new Listing(contents, prefixes,
                    !more.isEmpty() && max > 0, last, cursor));
        }
        return store.listObjects(bucket, prefix, cursor, Math.min(PAGE, max - count + 1)).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(new Listing(contents, prefixes, false, last, cursor));
            }
            String position = cursor;
            String lastReturned = last;
            for (ObjectRecord object : page) {
                if (contents.size() + prefixes.size() >= max) {
                    return Uni.createFrom().item(new Listing(contents, prefixes, true, lastReturned, position));
                }
                String rest = object.key().substring(prefix.length());
                int at = delimiter == null || delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
                if (at >= 0) {
                    String common = prefix + rest.substring(0, at + delimiter.length());
                    // A marker or token inside a common prefix resumes after that prefix, not with it again.
                    boolean added = position == null || ObjectKeys.compare(common, position) > 0;
                    if (added) {
                        prefixes.add(common);
                    }
                    // Skip every other key under this common prefix.
                    return collect(bucket, prefix, delimiter, common + PAST, max, contents, prefixes,
                            added ? common : lastReturned);
                }
                contents.add(object);
                position = object.key();
                lastReturned = object.key();
            }
            return collect(bucket, prefix, delimiter, position, max, contents, prefixes, lastReturned);
        });
    }

    private static String encode(boolean url, String value) {
        return value == null || !url ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean urlEncoding(S3Call call) {
        String encoding = call.param("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }
        return encoding != null;
    }

    Uni<S3Reply> listV2(S3Call call) {
        String prefix = call.param("prefix") == null ? "" : call.param("prefix");
        String delimiter = call.param("delimiter");
        String token = call.param("continuation-token");
        String startAfter = call.param("start-after");
        int max = S3Params.integer(call, "max-keys", 1000, 0, 1000);
        boolean url = urlEncoding(call);
        if (token != null && token.isEmpty()) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
        String after = token != null ? S3Params.untoken(token) : startAfter;
        boolean owner = "true".equals(call.param("fetch-owner"));
        return buckets.existing(call.bucket()).chain(b -> collect(call.bucket(), prefix, delimiter, after, max))
                .map(listing -> {
                    S3Xml xml = S3Xml.document("ListBucketResult").text("Name", call.bucket())
                            .text("Prefix", encode(url, prefix)).text("Delimiter", encode(url, delimiter))
                            .text("MaxKeys", max).text("EncodingType", url ? "url" : null)
                            .text("KeyCount", listing.contents().size() + listing.prefixes().size())
                            .text("IsTruncated", listing.truncated()).text("ContinuationToken", token)
                            .text("NextContinuationToken", listing.truncated() ? S3Params.token(listing.resumeAfter())
                                    : null)
                            .text("StartAfter", encode(url, startAfter));
                    contents(xml, listing, url, owner ? call.context().accountId() : null);
                    return S3Reply.xml(xml.close("ListBucketResult"));
                });
    }

    Uni<S3Reply> listV1(S3Call call) {
        String prefix = call.param("prefix") == null ? "" : call.param("prefix");
        String delimiter = call.param("delimiter");
        String marker = call.param("marker");
        int max = S3Params.integer(call, "max-keys", 1000, 0, 1000);
        boolean url = urlEncoding(call);
        return buckets.existing(call.bucket()).chain(b -> collect(call.bucket(), prefix, delimiter, marker, max))
                .map(listing -> {
                    S3Xml xml = S3Xml.document("ListBucketResult").text("Name", call.bucket())
                            .text("Prefix", encode(url, prefix)).text("Marker", encode(url, marker == null ? "" : marker))
                            .text("MaxKeys", max).text("Delimiter", encode(url, delimiter))
                            .text("EncodingType", url ? "url" : null).text("IsTruncated", listing.truncated());
                    // S3 gives NextMarker only when a delimiter is used; otherwise clients resume after the last key.
                    if (listing.truncated() && delimiter != null) {
                        xml.text("NextMarker", encode(url, listing.last()));
                    }
                    contents(xml, listing, url, call.context().accountId());
                    return S3Reply.xml(xml.close("ListBucketResult"));
                });
    }

    private static void contents(S3Xml xml, Listing listing, boolean url, String owner) {
        for (ObjectRecord o : listing.contents()) {
            xml.start("Contents").text("Key", encode(url, o.key())).text("LastModified", S3Xml.time(o.lastModified()))
                    .text("ETag", o.etag()).text("Size", o.size());
            if (!o.checksums().isEmpty()) {
                xml.text("ChecksumAlgorithm", o.checksums().keySet().iterator().next())
                        .text("ChecksumType", o.checksumType());
            }
            if (owner != null) {
                S3Owner.write(xml, "Owner", owner);
            }
            xml.text("StorageClass", "STANDARD").end("Contents");
        }
        for (String p : listing.prefixes()) {
            xml.start("CommonPrefixes").text("Prefix", encode(url, p)).end("CommonPrefixes");
        }
    }
}
