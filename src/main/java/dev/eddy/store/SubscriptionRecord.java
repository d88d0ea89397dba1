package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An SNS subscription as stored.
 *
 * @param attributes the settable attributes (RawMessageDelivery, FilterPolicy, FilterPolicyScope…)
 * @param token      the confirmation token while the subscription waits for confirmation (HTTP), else null
 */
@RegisterForReflection
public record SubscriptionRecord(String arn, String topicArn, String account, String protocol, String endpoint,
                                 Map<String, String> attributes, String token) {

    public SubscriptionRecord {
        attributes = Map.copyOf(attributes);
    }

    /** The topic of a subscription: its ARN is the topic's ARN plus ":" and an id. */
    public static String topicArnOf(String subscriptionArn) {
        int colon = subscriptionArn.lastIndexOf(':');
        return colon < 0 ? subscriptionArn : subscriptionArn.substring(0, colon);
    }

    public boolean pending() {
        return token != null;
    }

    public SubscriptionRecord withAttributes(Map<String, String> newAttributes) {
        return new SubscriptionRecord(arn, topicArn, account, protocol, endpoint, newAttributes, token);
    }

    public SubscriptionRecord confirmed() {
        return new SubscriptionRecord(arn, topicArn, account, protocol, endpoint, attributes, null);
    }
}
