package dev.eddy.sns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code eddy.sns.deliveries{protocol, outcome}}: what this replica did with each notification for
 * each subscription. Outcomes: {@code delivered}; {@code filtered} (the filter policy did not match);
 * {@code retried} (an attempt failed and another is scheduled; counted per attempt);
 * {@code dead-lettered} (every attempt failed, sent to the RedrivePolicy queue); {@code failed}
 * (every attempt failed and there was no dead-letter queue, or sending to it failed too).
 */
@ApplicationScoped
class SnsMetrics {
    static final String DELIVERED = "delivered";
    static final String FILTERED = "filtered";
    static final String RETRIED = "retried";
    static final String DEAD_LETTERED = "dead-lettered";
    static final String FAILED = "failed";

    private final MeterRegistry registry;

    SnsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void delivery(String protocol, String outcome) {
        Counter.builder("eddy.sns.deliveries").tag("protocol", protocol).tag("outcome", outcome)
                .description("SNS deliveries by subscription protocol and outcome").register(registry).increment();
    }
}
