package dev.eddy.sqs;

import dev.eddy.common.AwsException;
import dev.eddy.common.RequestContext;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

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

    static QueueId idOfUrl(String queueUrl) {
        String path;
        try {
            path = queueUrl.contains("://") ? URI.create(queueUrl).getRawPath() : queueUrl;
        } catch (IllegalArgumentException e) {
            throw invalidAddress(queueUrl);
        }
        if (path == null) {
            throw invalidAddress(queueUrl);
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        if (segments.length < 2 || segments[segments.length - 1].isEmpty()) {
            throw invalidAddress(queueUrl);
        }
        return new QueueId(segments[segments.length - 2], segments[segments.length - 1]);
    }

    static String url(RequestContext context, QueueId id) {
        return context.baseUrl() + "/" + id.account() + "/" + id.name();
    }

    private static AwsException invalidAddress(String queueUrl) {
        return AwsException.sender("InvalidAddress", 404, "The address " + queueUrl + " is not valid for this endpoint.");
    }
}
