package dev.eddy.lambda;

import dev.eddy.common.EddyConfig;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.delivery.HttpAttempts;
import dev.eddy.store.FunctionRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a function: POSTs the event JSON to its URL. A 2xx answer is the function's result, unless
 * the function signals an error (an {@code X-Amz-Function-Error} header, or a body with
 * {@code errorMessage}/{@code errorType}, as Lambda and its Runtime Interface Emulator report
 * them); a non-2xx status, a timeout or no answer is an error too.
 */
@ApplicationScoped
public class FunctionInvoker {

    /** What an invocation gave: the payload to return, and whether it is a function error. */
    public record Result(byte[] payload, boolean error) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static final int CONNECTIONS_PER_HOST = 64;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpAttempts http;
    private final Duration lease;
    /** Calls in flight on this replica, by function ARN, for functions with reserved concurrency. */
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    @Inject
    FunctionInvoker(Vertx vertx, MeterRegistry registry, EddyConfig config) {
        this(vertx, registry, config.delivery().lease());
    }

    /** An invoker outside CDI (a second replica in tests); {@code lease} is the outbox's. */
    FunctionInvoker(Vertx vertx, MeterRegistry registry, Duration lease) {
        // Vert.x pools 5 connections per host by default: too few for mappings scaling out on a backlog.
        this.http = new HttpAttempts(vertx, registry, "functions", CONNECTIONS_PER_HOST, CONNECT_TIMEOUT);
        this.lease = lease;
    }

    /**
     * Calls the function. When no connection to its URL is free in time the Uni fails with a
     * {@link DeliveryFailure} that was not attempted: the outbox tries again without counting it,
     * a synchronous Invoke answers that it is throttled.
     */
    public Uni<Result> invoke(FunctionRecord function, byte[] event) {
        Integer reserved = function.reservedConcurrency();
        if (reserved == null) {
            return call(function, event);
        }
        // Reserved concurrency, held on this replica: a call beyond it is throttled, not made.
        AtomicInteger running = this.running.computeIfAbsent(function.arn(), arn -> new AtomicInteger());
        if (running.incrementAndGet() > reserved) {
            running.decrementAndGet();
            return Uni.createFrom().failure(DeliveryFailure.notAttempted(
                    "ReservedFunctionConcurrentInvocationLimitExceeded: " + function.name() + " runs at most "
                            + reserved + " at once"));
        }
        return call(function, event).onTermination().invoke(running::decrementAndGet);
    }

    private Uni<Result> call(FunctionRecord function, byte[] event) {
        if (function.url() == null || function.url().isBlank()) {
            return Uni.createFrom().item(error("Eddy.NoFunctionUrl", "Function " + function.name()
                    + " has no URL: set its EDDY_FUNCTION_URL environment variable or register it at /_eddy/functions"));
        }
        Duration timeout = Duration.ofSeconds(function.timeout());
        // An outbox attempt, waiting included, must end within its lease.
        Duration room = lease.minus(timeout).minusSeconds(2);
        Duration maxWait = room.compareTo(CONNECT_TIMEOUT) > 0 ? room : CONNECT_TIMEOUT.plusSeconds(1);
        return http.post(URI.create(function.url()), Map.of("Content-Type", "application/json"), Buffer.buffer(event),
                        timeout, maxWait)
                .map(answer -> {
                    boolean failed = answer.status() < 200 || answer.status() >= 300
                            || answer.headers().get("X-Amz-Function-Error") != null || isErrorBody(answer.body());
                    if (failed && answer.body().length == 0) {
                        return error("Eddy.FunctionError", "The function answered HTTP " + answer.status());
                    }
                    return new Result(answer.body(), failed);
                })
                .onFailure(f -> !(f instanceof DeliveryFailure d && !d.attempted())).recoverWithItem(f -> error(
                        "Eddy.FunctionUnreachable", "The function at " + function.url() + " did not answer: "
                                + f.getMessage()));
    }

    /** A JSON object carrying errorMessage (and usually errorType): how a handler reports failure. */
    private static boolean isErrorBody(byte[] payload) {
        if (payload.length == 0 || payload[0] != '{') {
            return false;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.contains("\"errorMessage\"") && text.contains("\"errorType\"");
    }

    /** A function error in the shape a handler reports one. */
    static Result error(String type, String message) {
        String body = "{\"errorType\":\"" + type + "\",\"errorMessage\":" + dev.eddy.common.Json.write(message) + "}";
        return new Result(body.getBytes(StandardCharsets.UTF_8), true);
    }
}
