package dev.eddy.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs to HTTP endpoints (SNS subscribers, function URLs) over a pool of connections per host.
 * An attempt starts when its request is sent: waiting for a free connection is backpressure, not
 * a failed attempt. The wait is bounded; one that runs out fails with a {@link DeliveryFailure}
 * that was {@linkplain DeliveryFailure#attempted() never attempted}, so the outbox tries it again
 * without counting it. How many wait now is the {@code eddy.http.waiting} gauge, by client.
 */
public final class HttpAttempts {

    /** What the endpoint answered. */
    public record Answer(int status, MultiMap headers, byte[] body) {
    }

    private final HttpClient client;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param name           the client's name in metrics ({@code sns}, {@code functions})
     * @param connectTimeout how long opening a TCP connection may take (a failed attempt if longer);
     *                       shorter than any {@code maxWait} given to {@link #post}, which includes it
     */
    public HttpAttempts(Vertx vertx, MeterRegistry registry, String name, int connectionsPerHost,
                        Duration connectTimeout) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false)
                .setConnectTimeout((int) connectTimeout.toMillis()), new PoolOptions().setHttp1MaxSize(connectionsPerHost));
        Gauge.builder("eddy.http.waiting", waiting, AtomicInteger::get).tag("client", name)
                .description("Requests waiting for a free connection to their endpoint").register(registry);
    }

    /**
     * One POST. Fails when no connection was free within {@code maxWait} (not attempted), when the
     * endpoint cannot be reached, or when it sends nothing for {@code timeout} once the request is
     * sent; any status is an answer.
     */
    public Uni<Answer> post(URI uri, Map<String, String> headers, Buffer body, Duration timeout, Duration maxWait) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80).setSsl(https)
                .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                // Bounds the wait for a pooled connection; the attempt's own clock starts at send.
                .setConnectTimeout(maxWait.toMillis());
        headers.forEach(options::putHeader);
        return Uni.createFrom().emitter(emitter -> {
            waiting.incrementAndGet();
            client.request(options)
                    .andThen(obtained -> waiting.decrementAndGet())
                    .recover(failure -> io.vertx.core.Future.failedFuture(failure instanceof TimeoutException
                            ? DeliveryFailure.notAttempted("no connection to " + uri.getHost() + ":" + options.getPort()
                            + " was free within " + maxWait.toMillis() + " ms") : failure))
                    .compose(request -> request.idleTimeout(timeout.toMillis()).send(body))
                    .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(),
                            response.headers(), bytes.getBytes())))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            emitter.complete(result.result());
                        } else {
                            emitter.fail(result.cause());
                        }
                    });
        });
    }
}
