package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A queue's identity: its owning account and its (case-sensitive) name. */
@RegisterForReflection
public record QueueId(String account, String name) {

    /** The queue an ARN names ({@code arn:aws:sqs:<region>:<account>:<name>}), or null if it is not one. */
    public static QueueId ofArn(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", -1);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs") || parts[4].isEmpty()
                || parts[5].isEmpty()) {
            return null;
        }
        return new QueueId(parts[4], parts[5]);
    }

    @Override
    public String toString() {
        return account + "/" + name;
    }
}
