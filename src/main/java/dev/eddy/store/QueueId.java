package dev.eddy.store;

/** A queue's identity: its owning account and its (case-sensitive) name. */
public record QueueId(String account, String name) {
    @Override
    public String toString() {
        return account + "/" + name;
    }
}
