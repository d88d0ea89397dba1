package dev.eddy.s3;

import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.CommonPrefix;
import dev.eddy.s3.S3Model.Contents;
import dev.eddy.s3.S3Model.ListObjectsRequest;
import dev.eddy.s3.S3Model.ListObjectsResult;
import dev.eddy.s3.S3Model.ListObjectsV2Request;
import dev.eddy.s3.S3Model.ListObjectsV2Result;
import dev.eddy.store.ObjectKeys;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ListObjectsV2 and ListObjects: keys in UTF-8 binary order from a position, grouped into common
 * prefixes at the first delimiter after the prefix; a common prefix counts as one key toward
 * max-keys, and a listing resumes after the last key or prefix it returned.
 */
@ApplicationScoped
public class S3Listing {
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

    private static boolean urlEncoding(String encoding) {
        if (encoding != null && !encoding.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }
        return encoding != null;
    }

    public Uni<ListObjectsV2Result> listV2(RequestContext context, ListObjectsV2Request call) {
        String prefix = call.prefix() == null ? "" : call.prefix();
        String delimiter = call.delimiter();
        String token = call.continuationToken();
        String startAfter = call.startAfter();
        int max = S3Params.integer("max-keys", call.maxKeys(), 1000, 0, 1000);
        boolean url = urlEncoding(call.encodingType());
        if (token != null && token.isEmpty()) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
        String after = token != null ? S3Params.untoken(token) : startAfter;
        boolean owner = "true".equals(call.fetchOwner());
        return buckets.existing(call.bucket()).chain(b -> collect(call.bucket(), prefix, delimiter, after, max))
                .map(listing -> new ListObjectsV2Result(call.bucket(), encode(url, prefix), encode(url, delimiter), max,
                        url ? "url" : null, listing.contents().size() + listing.prefixes().size(), listing.truncated(),
                        token, listing.truncated() ? S3Params.token(listing.resumeAfter()) : null,
                        encode(url, startAfter), contents(listing, url, owner ? context.accountId() : null),
                        prefixes(listing, url)));
    }

    public Uni<ListObjectsResult> listV1(RequestContext context, ListObjectsRequest call) {
        String prefix = call.prefix() == null ? "" : call.prefix();
        String delimiter = call.delimiter();
        String marker = call.marker();
        int max = S3Params.integer("max-keys", call.maxKeys(), 1000, 0, 1000);
        boolean url = urlEncoding(call.encodingType());
        return buckets.existing(call.bucket()).chain(b -> collect(call.bucket(), prefix, delimiter, marker, max))
                // S3 gives NextMarker only when a delimiter is used; otherwise clients resume after the last key.
                .map(listing -> new ListObjectsResult(call.bucket(), encode(url, prefix),
                        encode(url, marker == null ? "" : marker), max, encode(url, delimiter), url ? "url" : null,
                        listing.truncated(), listing.truncated() && delimiter != null ? encode(url, listing.last()) : null,
                        contents(listing, url, context.accountId()), prefixes(listing, url)));
    }

    private static List<Contents> contents(Listing listing, boolean url, String owner) {
        return listing.contents().stream().map(o -> new Contents(encode(url, o.key()),
                Instant.ofEpochMilli(o.lastModified()), o.etag(), o.size(),
                o.checksums().isEmpty() ? null : o.checksums().keySet().iterator().next(),
                o.checksums().isEmpty() ? null : o.checksumType(), owner == null ? null : S3Owner.of(owner),
                "STANDARD")).toList();
    }

    private static List<CommonPrefix> prefixes(Listing listing, boolean url) {
        return listing.prefixes().stream().map(p -> new CommonPrefix(encode(url, p))).toList();
    }
}
