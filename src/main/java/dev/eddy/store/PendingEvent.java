package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An S3 event notification not yet delivered: recorded before the S3 request answers, so any
 * replica can deliver it if the one that recorded it stops.
 *
 * @param kind     queue, topic or function
 * @param attempts delivery attempts started so far (counted when claimed)
 */
@RegisterForReflection
public record PendingEvent(String id, String kind, String arn, String event, String body, String account,
                           String region, String baseUrl, int attempts) {

    public PendingEvent withAttempts(int count) {
        return new PendingEvent(id, kind, arn, event, body, account, region, baseUrl, count);
    }
}
