package dev.eddy.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The JSON S3 sends: an event record ({@code {"Records":[…]}}) and the test event. */
final class S3EventRecords {
    private S3EventRecords() {
    }

    /** A key as S3 writes it in events: form-style URL encoding ("red flower.jpg" → "red+flower.jpg"), '/' kept. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** A sequencer: hex, fixed width, so later changes to a key compare greater. */
    static String sequencer(long sequence) {
        return String.format("%016X", sequence);
    }

    static String record(RequestContext context, String region, String bucket, String configurationId,
                         ObjectEvent event, String sourceIp, long time) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        // Tagging events use the 2.3 layout; object creation and removal 2.1.
        record.put("eventVersion", event.name().startsWith("ObjectTagging") ? "2.3" : "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", S3Xml.time(time));
        record.put("eventName", event.name());
        record.putObject("userIdentity").put("principalId", principal(context));
        record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
        record.putObject("responseElements").put("x-amz-request-id", context.requestId())
                .put("x-amz-id-2", S3Owner.hostId(context.requestId()));
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.putObject("ownerIdentity").put("principalId", S3Owner.id(context.accountId()));
        b.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(event.key()));
        if (event.etag() != null) {
            object.put("size", event.size());
            object.put("eTag", event.etag());
        }
        if (event.sequence() >= 0) {
            object.put("sequencer", sequencer(event.sequence()));
        }
        return root.toString();
    }

    static String testEvent(RequestContext context, String bucket, long time) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("Service", "Amazon S3");
        root.put("Event", "s3:TestEvent");
        root.put("Time", S3Xml.time(time));
        root.put("Bucket", bucket);
        root.put("RequestId", context.requestId());
        root.put("HostId", S3Owner.hostId(context.requestId()));
        return root.toString();
    }

    private static String principal(RequestContext context) {
        return context.accessKeyId() != null ? "AWS:" + context.accessKeyId() : "AWS:" + context.accountId();
    }
}
