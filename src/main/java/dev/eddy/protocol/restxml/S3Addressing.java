package dev.eddy.protocol.restxml;

import dev.eddy.common.FormEncoding;
import dev.eddy.s3.S3Errors;
import dev.eddy.s3.S3Exception;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the bucket of a request is: in the Host (virtual-host style, {@code <bucket>.<endpoint>})
 * or the first path segment (path style). A Host is virtual-host style when it ends in a known
 * endpoint host after at least one more label: {@code localhost}, {@code s3.localhost},
 * {@code s3.amazonaws.com}, {@code s3.<region>.amazonaws.com}, {@code s3-<region>.amazonaws.com},
 * the host of {@code eddy.public-base-url} and {@code s3.} before it.
 */
final class S3Addressing {
    private static final Pattern AWS = Pattern.compile("(.+)\\.s3(?:[.-](?:dualstack\\.)?[a-z0-9-]+)?\\.amazonaws\\.com");

    record Target(String bucket, String key) {
    }

    private final List<String> endpoints = new ArrayList<>();

    S3Addressing(Optional<String> publicBaseUrl) {
        publicBaseUrl.map(url -> URI.create(url).getHost()).filter(h -> h != null && !h.isEmpty()).ifPresent(h -> {
            endpoints.add("s3." + h.toLowerCase(Locale.ROOT));
            endpoints.add(h.toLowerCase(Locale.ROOT));
        });
        endpoints.add("s3.localhost");
        endpoints.add("localhost");
    }

    /** The bucket a Host names, or null for path style. */
    String virtualHostBucket(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        Matcher aws = AWS.matcher(host);
        if (aws.matches()) {
            return aws.group(1);
        }
        for (String endpoint : endpoints) {
            if (host.endsWith("." + endpoint) && host.length() > endpoint.length() + 1) {
                String bucket = host.substring(0, host.length() - endpoint.length() - 1);
                // "s3.localhost" itself is the endpoint, not a bucket called s3.
                return bucket.equals("s3") ? null : bucket;
            }
        }
        return null;
    }

    /** Bucket and key of a request; either may be null (ListBuckets has neither). */
    Target target(String hostHeader, String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String bucket = virtualHostBucket(hostHeader);
        if (bucket != null) {
            String key = path.length() > 1 ? FormEncoding.decodePath(path.substring(1)) : null;
            return new Target(bucket, key);
        }
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return new Target(null, null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Target(FormEncoding.decodePath(rest), null);
        }
        String key = rest.substring(slash + 1);
        return new Target(FormEncoding.decodePath(rest.substring(0, slash)),
                key.isEmpty() ? null : FormEncoding.decodePath(key));
    }
}
