package dev.eddy.sns;

import dev.eddy.common.EddyConfig;
import dev.eddy.delivery.DeliveryFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;

/**
 * POSTs SNS messages to HTTP/HTTPS endpoints, one attempt at a time (the outbox schedules retries).
 * As SNS does: a 5xx or 429 answer, no answer within {@code eddy.sns.http-timeout}, or no
 * connection is a failed attempt to retry; any other answer outside 2xx is a permanent failure,
 * not retried.
 */
@ApplicationScoped
class SnsHttpDelivery {
    private final EddyConfig config;
    private final HttpClient client;

    SnsHttpDelivery(Vertx vertx, EddyConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) config.sns().httpTimeout().toMillis()));
    }

    /** Whether Eddy may deliver to this endpoint (the configured allow-list of hosts). */
    boolean allowed(URI endpoint) {
        return config.sns().httpAllowedHosts().map(hosts -> hosts.contains(endpoint.getHost())).orElse(true);
    }

    /** One POST; fails with a {@link DeliveryFailure} unless the endpoint answers 2xx. */
    Uni<Void> post(String endpoint, Map<String, String> headers, String body) {
        URI uri = URI.create(endpoint);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(port)
                .setURI(path).setSsl(https).setTimeout(config.sns().httpTimeout().toMillis());
        headers.forEach(options::putHeader);
        return Uni.createFrom().emitter(emitter -> client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    if (result.failed()) {
                        emitter.fail(new DeliveryFailure(String.valueOf(result.cause().getMessage())));
                    } else if (result.result() < 200 || result.result() >= 300) {
                        int status = result.result();
                        emitter.fail(new DeliveryFailure("HTTP " + status, status >= 500 || status == 429));
                    } else {
                        emitter.complete(null);
                    }
                }));
    }
}
