package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An SNS subscription as stored.
 *
 * @param attributes the settable attributes (RawMessageDelivery, FilterPolicy, FilterPolicyScope…)
 */
@RegisterForReflection
public record SubscriptionRecord(String arn, String topicArn, String account, String protocol, String endpoint,
                                 Map<String, String> attributes) {

    public SubscriptionRecord {
        attributes = Map.copyOf(attributes);
    }

    public SubscriptionRecord withAttributes(Map<String, String> newAttributes) {
        return new SubscriptionRecord(arn, topicArn, account, protocol, endpoint, newAttributes);
    }
}
