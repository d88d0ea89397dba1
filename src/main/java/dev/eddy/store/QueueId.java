package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A queue's identity: its owning account and its (case-sensitive) name. */
@RegisterForReflection
public record QueueId(String account, String name) {
    @Override
    public String toString() {
        return account + "/" + name;
    }
}
