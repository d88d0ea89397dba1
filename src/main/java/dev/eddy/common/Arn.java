package dev.eddy.common;

import java.util.function.Supplier;

/**
 * An Amazon Resource Name, {@code arn:<partition>:<service>:<region>:<account>:<resource>}. The
 * resource keeps its own colons: a function's is {@code function:<name>[:<qualifier>]}, a
 * subscription's {@code <topic>:<id>}. Fields may be empty (S3's region and account are).
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    /** The ARN a string names, or null if it has fewer than six colon-separated fields or does not begin "arn". */
    public static Arn parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            return null;
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /**
     * The ARN of a service's resource in an account; the caller's AWS error (each service words
     * its own) if the string is not one.
     */
    public static Arn parse(String text, String service, Supplier<AwsException> malformed) {
        Arn arn = parseOrNull(text);
        if (arn == null || !arn.service.equals(service) || arn.account.isEmpty()) {
            throw malformed.get();
        }
        return arn;
    }

    /** The resource's last colon-separated segment: a queue's or topic's name, a subscription's id. */
    public String lastSegment() {
        return resource.substring(resource.lastIndexOf(':') + 1);
    }

    /** A function ARN's name ({@code function:<name>[:<qualifier>]}). */
    public String functionName() {
        return segment(1);
    }

    /** A function ARN's version or alias, or null when it is unqualified. */
    public String qualifier() {
        return segment(2);
    }

    /** A function ARN without its qualifier. */
    public Arn unqualified() {
        return new Arn(partition, service, region, account, segment(0) + ":" + functionName());
    }

    /** The resource's colon-separated segment at an index, or null when it has fewer. */
    private String segment(int index) {
        String[] segments = resource.split(":");
        return index < segments.length ? segments[index] : null;
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
