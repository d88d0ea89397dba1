package dev.eddy.lambda;

import dev.eddy.store.FunctionRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;

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

    private final HttpClient client;

    FunctionInvoker(Vertx vertx) {
        // Vert.x pools 5 connections per host by default: too few for mappings scaling out on a backlog.
        this.client = vertx.createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST));
    }

    public Uni<Result> invoke(FunctionRecord function, byte[] event) {
        if (function.url() == null || function.url().isBlank()) {
            return Uni.createFrom().item(error("Eddy.NoFunctionUrl", "Function " + function.name()
                    + " has no URL: set its EDDY_FUNCTION_URL environment variable or register it at /_eddy/functions"));
        }
        URI uri = URI.create(function.url());
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80).setSsl(https)
                .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setTimeout(function.timeout() * 1000L)
                .putHeader("Content-Type", "application/json");
        return Uni.createFrom().<Result>emitter(emitter -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(event)).compose(response -> response.body()
                        .map(body -> {
                            byte[] payload = body.getBytes();
                            boolean failed = response.statusCode() < 200 || response.statusCode() >= 300
                                    || response.getHeader("X-Amz-Function-Error") != null || isErrorBody(payload);
                            if (failed && payload.length == 0) {
                                return error("Eddy.FunctionError", "The function answered HTTP " + response.statusCode());
                            }
                            return new Result(payload, failed);
                        })))
                .onComplete(result -> emitter.complete(result.succeeded() ? result.result()
                        : error("Eddy.FunctionUnreachable", "The function at " + function.url()
                                + " did not answer: " + result.cause().getMessage()))));
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
