package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An SNS topic as stored.
 *
 * @param attributes the settable attributes given or set (DisplayName, Policy, FifoTopic…)
 */
@RegisterForReflection
public record TopicRecord(String arn, String account, String region, String name, boolean fifo,
                          Map<String, String> attributes, Map<String, String> tags, long created) {

    public TopicRecord {
        attributes = Map.copyOf(attributes);
        tags = Map.copyOf(tags);
    }

    public TopicRecord withAttributes(Map<String, String> newAttributes) {
        return new TopicRecord(arn, account, region, name, fifo, newAttributes, tags, created);
    }

    public TopicRecord withTags(Map<String, String> newTags) {
        return new TopicRecord(arn, account, region, name, fifo, attributes, newTags, created);
    }
}
