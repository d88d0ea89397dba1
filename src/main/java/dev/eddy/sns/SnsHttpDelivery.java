package dev.eddy.sns;

import dev.eddy.common.EddyConfig;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.delivery.HttpAttempts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs SNS messages to HTTP/HTTPS endpoints, one attempt at a time (the outbox schedules retries).
 * As SNS does: a 5xx or 429 answer, no answer within {@code eddy.sns.http-timeout}, or no
 * connection is a failed attempt to retry; any other answer outside 2xx is a permanent failure,
 * not retried. Waiting for one of the {@code eddy.sns.http-connections-per-host} connections is
 * not an attempt.
 */
@ApplicationScoped
class SnsHttpDelivery {
    private final EddyConfig config;
    private final HttpAttempts http;
    private final Duration maxWait;

    SnsHttpDelivery(Vertx vertx, MeterRegistry registry, EddyConfig config) {
        this.config = config;
        Duration timeout = config.sns().httpTimeout();
        this.http = new HttpAttempts(vertx, registry, "sns", config.sns().httpConnectionsPerHost(), timeout);
        // Waiting and the attempt together must end within the outbox lease, or another replica takes over.
        Duration room = config.delivery().lease().minus(timeout).minusSeconds(2);
        this.maxWait = room.compareTo(timeout) > 0 ? room : timeout.plusSeconds(1);
    }

    /** Whether Eddy may deliver to this endpoint (the configured allow-list of hosts). */
    boolean allowed(URI endpoint) {
        return config.sns().httpAllowedHosts().map(hosts -> hosts.contains(endpoint.getHost())).orElse(true);
    }

    /** One POST; fails with a {@link DeliveryFailure} unless the endpoint answers 2xx. */
    Uni<Void> post(String endpoint, Map<String, String> headers, String body) {
        return http.post(URI.create(endpoint), headers, Buffer.buffer(body), config.sns().httpTimeout(), maxWait)
                .onFailure(f -> !(f instanceof DeliveryFailure)).transform(f -> new DeliveryFailure(
                        String.valueOf(f.getMessage())))
                .map(answer -> {
                    int status = answer.status();
                    if (status < 200 || status >= 300) {
                        throw new DeliveryFailure("HTTP " + status, status >= 500 || status == 429);
                    }
                    return null;
                });
    }
}
