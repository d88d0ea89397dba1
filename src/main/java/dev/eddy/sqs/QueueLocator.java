package dev.eddy.sqs;

import dev.eddy.common.AwsException;
import dev.eddy.common.RequestContext;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns queue URLs and ARNs into stored queues, and queues into URLs. */
@ApplicationScoped
class QueueLocator {
    private final QueueStore store;

    QueueLocator(QueueStore store) {
        this.store = store;
    }

    /**
     * The queue a URL names. Only the path matters ({@code /<account>/<name>}), so AWS-style URLs
     * and URLs built for another host both work.
     */
    Uni<QueueRecord> byUrl(String queueUrl) {
        return byId(idOfUrl(queueUrl));
    }

    Uni<QueueRecord> byId(QueueId id) {
        return store.queue(id).onItem().ifNull().failWith(SqsErrors::nonExistentQueue);
    }

    /** The queue of a URL {@code <scheme>://<host>/<account>/<name>}, or of a path {@code /<account>/<name>}. */
    static QueueId idOfUrl(String queueUrl) {
        int start = queueUrl.indexOf("://");
        start = start < 0 ? 0 : queueUrl.indexOf('/', start + 3);
        if (start < 0) {
            throw invalidAddress(queueUrl);
        }
        int end = queueUrl.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = queueUrl.indexOf(stop, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        while (end > start && queueUrl.charAt(end - 1) == '/') {
            end--;
        }
        int nameStart = queueUrl.lastIndexOf('/', end - 1) + 1;
        if (nameStart <= start || nameStart >= end) {
            throw invalidAddress(queueUrl);
        }
        int accountEnd = nameStart - 1;
        while (accountEnd > start && queueUrl.charAt(accountEnd - 1) == '/') {
            accountEnd--;
        }
        int accountStart = queueUrl.lastIndexOf('/', accountEnd - 1) + 1;
        if (accountEnd <= accountStart || accountStart < start) {
            throw invalidAddress(queueUrl);
        }
        return new QueueId(queueUrl.substring(accountStart, accountEnd), queueUrl.substring(nameStart, end));
    }

    static String url(RequestContext context, QueueId id) {
        return context.baseUrl() + "/" + id.account() + "/" + id.name();
    }

    private static AwsException invalidAddress(String queueUrl) {
        return AwsException.sender("InvalidAddress", 404, "The address " + queueUrl + " is not valid for this endpoint.");
    }
}
