package dev.eddy.sns;

import dev.eddy.common.EddyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * POSTs SNS messages to HTTP/HTTPS endpoints, off the publisher's path: a slow or dead endpoint
 * never slows Publish or other subscribers. A failed attempt (no answer, or a status outside 2xx)
 * is retried with AWS's default healthy retry policy (3 retries, 20 s apart) unless the
 * subscription's DeliveryPolicy says otherwise.
 */
@ApplicationScoped
class SnsHttpDelivery {
    private static final Logger LOG = Logger.getLogger(SnsHttpDelivery.class);

    private final Vertx vertx;
    private final EddyConfig config;
    private final HttpClient client;

    SnsHttpDelivery(Vertx vertx, EddyConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) config.sns().httpTimeout().toMillis()));
    }

    /** Whether Eddy may deliver to this endpoint (the configured allow-list of hosts). */
    boolean allowed(URI endpoint) {
        return config.sns().httpAllowedHosts().map(hosts -> hosts.contains(endpoint.getHost())).orElse(true);
    }

    /**
     * Sends now, and again on failure after {@code delayMillis}, at most {@code retries} more times;
     * then hands the message to {@code exhausted} (the subscription's dead-letter queue, if any).
     */
    void post(String endpoint, Map<String, String> headers, String body, String subscriptionArn, int retries,
              long delayMillis, Runnable exhausted) {
        URI uri = URI.create(endpoint);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(port)
                .setURI(path).setSsl(https).setTimeout(config.sns().httpTimeout().toMillis());
        headers.forEach(options::putHeader);
        client.request(options)
                .compose(request -> request.send(body))
                .onComplete(result -> {
                    int status = result.succeeded() ? result.result().statusCode() : 0;
                    if (status >= 200 && status < 300) {
                        return;
                    }
                    String reason = result.succeeded() ? "HTTP " + status : String.valueOf(result.cause().getMessage());
                    if (retries > 0) {
                        vertx.setTimer(delayMillis, t -> post(endpoint, headers, body, subscriptionArn, retries - 1,
                                delayMillis, exhausted));
                    } else {
                        LOG.warnf("SNS delivery to %s (%s) failed: %s", endpoint, subscriptionArn, reason);
                        exhausted.run();
                    }
                });
    }
}
