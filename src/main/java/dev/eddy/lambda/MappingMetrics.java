package dev.eddy.lambda;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Event source mapping meters, tagged by function and queue (names, not ARNs):
 * {@code eddy.esm.invocations{outcome=success|partial|failure}}, the batch sizes
 * {@code eddy.esm.batch.size}, the invocation latency {@code eddy.esm.invocation.duration}, and
 * {@code eddy.esm.filtered} for messages that matched no filter and were deleted; and for mappings
 * whose MetricsConfig asks for EventCount, Lambda's event counts as {@code eddy.esm.events{mapping,
 * event=polled|filtered_out|invoked|failed_invoke|deleted}} (PolledEventCount, FilteredOutEventCount,
 * InvokedEventCount, FailedInvokeEventCount, DeletedEventCount).
 */
final class MappingMetrics {
    enum Outcome { SUCCESS, PARTIAL, FAILURE }

    private final MeterRegistry registry;

    MappingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void invoked(String function, String queue, Outcome outcome, int batchSize, Duration duration) {
        Counter.builder("eddy.esm.invocations").description("Batches delivered to functions by event source mappings")
                .tags("function", function, "queue", queue, "outcome", outcome.name().toLowerCase())
                .register(registry).increment();
        DistributionSummary.builder("eddy.esm.batch.size").description("Messages per invocation")
                .tags("function", function, "queue", queue).register(registry).record(batchSize);
        Timer.builder("eddy.esm.invocation.duration").description("Time a function took to answer a batch")
                .tags("function", function, "queue", queue).register(registry).record(duration);
    }

    void filtered(String function, String queue, int count) {
        Counter.builder("eddy.esm.filtered").description("Messages deleted because they matched no filter")
                .tags("function", function, "queue", queue).register(registry).increment(count);
    }

    void events(String mapping, String function, String queue, String event, int count) {
        Counter.builder("eddy.esm.events").description("Events of a mapping with MetricsConfig EventCount")
                .tags("mapping", mapping, "function", function, "queue", queue, "event", event)
                .register(registry).increment(count);
    }
}
