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

    /**
     * Rejects a DeliveryPolicy whose retry policy (a subscription's {@code healthyRetryPolicy}, a
     * topic's {@code http.defaultHealthyRetryPolicy}) breaks SNS's limits: {@code numRetries} 0 to
     * 100, phases that add up to no more, delays 1 to 3,600 s with the minimum not above the maximum,
     * one of the four backoff functions, and at most 3,600 s of retrying in all.
     */
    static void check(String value, boolean topic) {
        JsonNode policy = Json.parseOrNull(value);
        if (policy == null || !policy.isObject()) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: failed to parse JSON");
        }
        JsonNode retry = topic ? policy.path("http").path("defaultHealthyRetryPolicy") : policy.path("healthyRetryPolicy");
        if (retry.isMissingNode() || retry.isNull()) {
            return;
        }
        if (!retry.isObject()) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: the retry policy must be a JSON object");
        }
        for (String field : new String[] {"numRetries", "numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries",
                "minDelayTarget", "maxDelayTarget"}) {
            JsonNode n = retry.get(field);
            if (n != null && !n.canConvertToInt()) {
                throw SnsErrors.invalidParameter("DeliveryPolicy: " + field + " must be a whole number");
            }
        }
        SnsDeliveryPolicy p = new SnsDeliveryPolicy(retry.path("numRetries").asInt(3), retry.path("numNoDelayRetries").asInt(0),
                retry.path("numMinDelayRetries").asInt(0), retry.path("numMaxDelayRetries").asInt(0),
                retry.path("minDelayTarget").asInt(20), retry.path("maxDelayTarget").asInt(20),
                retry.path("backoffFunction").asText("linear"));
        if (p.numRetries() < 0 || p.numRetries() > 100) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: numRetries must be between 0 and 100");
        }
        if (p.numNoDelayRetries() < 0 || p.numMinDelayRetries() < 0 || p.numMaxDelayRetries() < 0
                || p.numNoDelayRetries() + p.numMinDelayRetries() + p.numMaxDelayRetries() > p.numRetries()) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: numNoDelayRetries, numMinDelayRetries and "
                    + "numMaxDelayRetries must be zero or more and add up to no more than numRetries");
        }
        if (p.minDelayTarget() < 1 || p.maxDelayTarget() > 3600 || p.minDelayTarget() > p.maxDelayTarget()) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: minDelayTarget must be at least 1, maxDelayTarget at "
                    + "most 3600, and minDelayTarget not above maxDelayTarget");
        }
        if (!java.util.Set.of("linear", "arithmetic", "geometric", "exponential").contains(p.backoffFunction())) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: backoffFunction must be linear, arithmetic, geometric "
                    + "or exponential");
        }
        long total = 0;
        for (int retryNumber = 1; retryNumber <= p.numRetries(); retryNumber++) {
            total += p.delayMillis(retryNumber);
        }
        if (total > 3_600_000) {
            throw SnsErrors.invalidParameter("DeliveryPolicy: the retries would take more than 3600 seconds in all");
        }
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
