package dev.eddy.s3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** S3 event notifications this replica sent, by event name, destination type and outcome. */
@ApplicationScoped
class S3Metrics {
    private final MeterRegistry registry;

    S3Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void eventSent(String event, NotificationConfiguration.Kind destination, boolean delivered) {
        Counter.builder("eddy.s3.events.sent").tag("event", event).tag("destination", destination.noun)
                .tag("outcome", delivered ? "success" : "failure").register(registry).increment();
    }
}
