package dev.eddy.sns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.Json;

/**
 * An HTTP/HTTPS delivery policy's {@code healthyRetryPolicy}: after the first attempt, up to
 * {@code numRetries} retries in four phases, as SNS schedules them: {@code numNoDelayRetries} at
 * once, {@code numMinDelayRetries} {@code minDelayTarget} seconds apart, the backoff phase (the
 * retries left over) growing from the minimum to {@code maxDelayTarget} by {@code backoffFunction},
 * and {@code numMaxDelayRetries} at the maximum.
 */
record SnsDeliveryPolicy(int numRetries, int numNoDelayRetries, int numMinDelayRetries, int numMaxDelayRetries,
                         int minDelayTarget, int maxDelayTarget, String backoffFunction) {

    /** AWS's default for HTTP/HTTPS: three retries, 20 seconds apart. */
    static final SnsDeliveryPolicy HTTP_DEFAULT = new SnsDeliveryPolicy(3, 0, 0, 0, 20, 20, "linear");
    /** Function subscriptions: invoked asynchronously, retried twice (1 s, then 2 s later), then dead-lettered. */
    static final SnsDeliveryPolicy FUNCTION = new SnsDeliveryPolicy(2, 0, 0, 0, 1, 2, "linear");

    static final String DEFAULT_TOPIC_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    /**
     * The policy an HTTP/HTTPS delivery follows: the subscription's {@code healthyRetryPolicy},
     * unless the topic's {@code http.disableSubscriptionOverrides} is set or the subscription has
     * none; then the topic's {@code http.defaultHealthyRetryPolicy}; else AWS's default.
     */
    static SnsDeliveryPolicy effective(String topicPolicy, String subscriptionPolicy) {
        JsonNode topic = Json.parseOrNull(topicPolicy);
        JsonNode topicHttp = topic == null ? null : topic.path("http");
        JsonNode subscription = Json.parseOrNull(subscriptionPolicy);
        boolean overridesDisabled = topicHttp != null && topicHttp.path("disableSubscriptionOverrides").asBoolean(false);
        if (!overridesDisabled && subscription != null && subscription.path("healthyRetryPolicy").isObject()) {
            return parse(subscription.path("healthyRetryPolicy"));
        }
        if (topicHttp != null && topicHttp.path("defaultHealthyRetryPolicy").isObject()) {
            return parse(topicHttp.path("defaultHealthyRetryPolicy"));
        }
        return HTTP_DEFAULT;
    }

    private static SnsDeliveryPolicy parse(JsonNode retry) {
        int min = Math.max(0, retry.path("minDelayTarget").asInt(20));
        int max = Math.max(min, retry.path("maxDelayTarget").asInt(Math.max(min, 20)));
        return new SnsDeliveryPolicy(Math.max(0, retry.path("numRetries").asInt(3)),
                Math.max(0, retry.path("numNoDelayRetries").asInt(0)), Math.max(0, retry.path("numMinDelayRetries").asInt(0)),
                Math.max(0, retry.path("numMaxDelayRetries").asInt(0)), min, max,
                retry.path("backoffFunction").asText("linear"));
    }

    /** The wait (ms) before retry number {@code retry} (1 = the first retry), or -1 when no retry is left. */
    long delayMillis(int retry) {
        if (retry < 1 || retry > numRetries) {
            return -1;
        }
        int index = retry;
        if (index <= numNoDelayRetries) {
            return 0;
        }
        index -= numNoDelayRetries;
        if (index <= numMinDelayRetries) {
            return minDelayTarget * 1000L;
        }
        index -= numMinDelayRetries;
        int backoff = Math.max(0, numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries);
        if (index > backoff) {
            return maxDelayTarget * 1000L;
        }
        double progress = backoff <= 1 ? 0 : (index - 1) / (double) (backoff - 1);
        // AWS names the curves but publishes no formulas; each runs from the minimum to the maximum,
        // linear evenly, the others slow at first and steeper towards the end.
        double shape = switch (backoffFunction) {
            case "arithmetic" -> progress * progress;
            case "geometric" -> (Math.pow(10, progress) - 1) / 9;
            case "exponential" -> (Math.exp(5 * progress) - 1) / (Math.exp(5) - 1);
            default -> progress;
        };
        return Math.round((minDelayTarget + (maxDelayTarget - minDelayTarget) * shape) * 1000);
    }
}
