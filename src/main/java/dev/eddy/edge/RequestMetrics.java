package dev.eddy.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code eddy_requests_seconds}: request metrics by AWS operation, never by path (queue URLs would explode the cardinality). */
@ApplicationScoped
class RequestMetrics {
    private final MeterRegistry registry;
    /** Request timers by their tags: looked up once per request without the registry's locking. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void record(Timer.Sample sample, String service, String operation, String protocol, int status) {
        String outcome = status < 400 ? "success" : status < 500 ? "client_error" : "server_error";
        sample.stop(timers.computeIfAbsent(service + '|' + operation + '|' + protocol + '|' + outcome,
                key -> Timer.builder("eddy.requests").tag("service", service).tag("operation", operation)
                        .tag("protocol", protocol).tag("outcome", outcome).register(registry)));
    }
}
