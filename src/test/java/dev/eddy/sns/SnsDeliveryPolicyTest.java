package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.common.AwsException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry schedule a delivery policy gives, phase by phase. */
class SnsDeliveryPolicyTest {

    private static List<Long> schedule(SnsDeliveryPolicy policy) {
        List<Long> delays = new ArrayList<>();
        for (int retry = 1; ; retry++) {
            long delay = policy.delayMillis(retry);
            if (delay < 0) {
                return delays;
            }
            delays.add(delay);
        }
    }

    @Test
    void withoutAPolicyHttpIsRetriedThreeTimesTwentySecondsApart() {
        assertEquals(List.of(20_000L, 20_000L, 20_000L), schedule(SnsDeliveryPolicy.effective(null, null)));
    }

    @Test
    void theFourPhasesComeInOrderAndAddUpToNumRetries() {
        SnsDeliveryPolicy policy = SnsDeliveryPolicy.effective(null, "{\"healthyRetryPolicy\":{\"numRetries\":8,"
                + "\"numNoDelayRetries\":1,\"numMinDelayRetries\":2,\"numMaxDelayRetries\":2,\"minDelayTarget\":1,"
                + "\"maxDelayTarget\":9,\"backoffFunction\":\"linear\"}}");
        assertEquals(List.of(0L, 1_000L, 1_000L, 1_000L, 5_000L, 9_000L, 9_000L, 9_000L), schedule(policy));
    }

    @Test
    void nonLinearBackoffsStartAtTheMinimumAndEndAtTheMaximum() {
        for (String function : List.of("arithmetic", "geometric", "exponential")) {
            List<Long> delays = schedule(SnsDeliveryPolicy.effective(null, "{\"healthyRetryPolicy\":{\"numRetries\":5,"
                    + "\"minDelayTarget\":2,\"maxDelayTarget\":30,\"backoffFunction\":\"" + function + "\"}}"));
            assertEquals(5, delays.size(), function);
            assertEquals(2_000L, delays.get(0), function);
            assertEquals(30_000L, delays.get(4), function);
            for (int i = 1; i < delays.size(); i++) {
                assertEquals(true, delays.get(i) >= delays.get(i - 1), function + " grows: " + delays);
            }
        }
    }

    @Test
    void theTopicsDefaultAppliesUnlessTheSubscriptionHasItsOwnAndOverridesAreAllowed() {
        String topic = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":1,\"minDelayTarget\":5,"
                + "\"maxDelayTarget\":5}}}";
        String subscription = "{\"healthyRetryPolicy\":{\"numRetries\":2,\"minDelayTarget\":1,\"maxDelayTarget\":1}}";
        assertEquals(List.of(5_000L), schedule(SnsDeliveryPolicy.effective(topic, null)));
        assertEquals(List.of(1_000L, 1_000L), schedule(SnsDeliveryPolicy.effective(topic, subscription)));
        String locked = "{\"http\":{\"disableSubscriptionOverrides\":true,\"defaultHealthyRetryPolicy\":"
                + "{\"numRetries\":1,\"minDelayTarget\":5,\"maxDelayTarget\":5}}}";
        assertEquals(List.of(5_000L), schedule(SnsDeliveryPolicy.effective(locked, subscription)));
    }

    @Test
    void functionsAreRetriedTwiceAfterOneAndTwoSeconds() {
        assertEquals(List.of(1_000L, 2_000L), schedule(SnsDeliveryPolicy.FUNCTION));
    }

    @Test
    void policiesBeyondSnsLimitsAreRejected() {
        for (String bad : List.of(
                "{\"healthyRetryPolicy\":{\"numRetries\":101}}",
                "{\"healthyRetryPolicy\":{\"numRetries\":2,\"numNoDelayRetries\":3}}",
                "{\"healthyRetryPolicy\":{\"minDelayTarget\":0}}",
                "{\"healthyRetryPolicy\":{\"minDelayTarget\":30,\"maxDelayTarget\":10}}",
                "{\"healthyRetryPolicy\":{\"maxDelayTarget\":3601}}",
                "{\"healthyRetryPolicy\":{\"backoffFunction\":\"cubic\"}}",
                "{\"healthyRetryPolicy\":{\"numRetries\":\"many\"}}",
                "{\"healthyRetryPolicy\":{\"numRetries\":100,\"minDelayTarget\":60,\"maxDelayTarget\":60}}",
                "not json")) {
            AwsException error = assertThrows(AwsException.class, () -> SnsDeliveryPolicy.check(bad, false), bad);
            assertEquals("InvalidParameter", error.code(), bad);
        }
        SnsDeliveryPolicy.check("{\"healthyRetryPolicy\":{\"numRetries\":3,\"minDelayTarget\":1,"
                + "\"maxDelayTarget\":1}}", false);
        SnsDeliveryPolicy.check("{\"throttlePolicy\":{\"maxReceivesPerSecond\":5}}", false);
        SnsDeliveryPolicy.check(SnsDeliveryPolicy.DEFAULT_TOPIC_POLICY, true);
        assertThrows(AwsException.class, () -> SnsDeliveryPolicy.check(
                "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":101}}}", true));
    }
}
