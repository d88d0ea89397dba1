package dev.eddy.store;

import dev.eddy.common.Arn;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A queue's identity: its owning account and its (case-sensitive) name. */
@RegisterForReflection
public record QueueId(String account, String name) {

    /** The queue an ARN names ({@code arn:aws:sqs:<region>:<account>:<name>}), or null if it is not one. */
    public static QueueId ofArn(String arn) {
        Arn parsed = Arn.parseOrNull(arn);
        if (parsed == null || !parsed.service().equals("sqs") || parsed.account().isEmpty()
                || parsed.resource().isEmpty() || parsed.resource().contains(":")) {
            return null;
        }
        return new QueueId(parsed.account(), parsed.resource());
    }

    @Override
    public String toString() {
        return account + "/" + name;
    }
}
