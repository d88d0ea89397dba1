package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A queue as stored: its settable attributes with their effective values (defaults filled in),
 * tags and timestamps. Read-only attributes (counts, ARN) are derived, never stored.
 *
 * @param attributes AWS attribute name to string value, as GetQueueAttributes reports them
 * @param created    epoch milliseconds
 * @param modified   epoch milliseconds of the last attribute change
 */
@RegisterForReflection
public record QueueRecord(QueueId id, String region, boolean fifo, Map<String, String> attributes,
                          Map<String, String> tags, long created, long modified) {

    public QueueRecord {
        attributes = Map.copyOf(attributes);
        tags = Map.copyOf(tags);
    }

    public String arn() {
        return "arn:aws:sqs:" + region + ":" + id.account() + ":" + id.name();
    }

    public QueueRecord withAttributes(Map<String, String> newAttributes, long now) {
        return new QueueRecord(id, region, fifo, newAttributes, tags, created, now);
    }

    public QueueRecord withTags(Map<String, String> newTags) {
        return new QueueRecord(id, region, fifo, attributes, newTags, created, modified);
    }
}
