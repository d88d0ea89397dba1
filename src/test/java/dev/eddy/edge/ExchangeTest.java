package dev.eddy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.AwsException;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.restxml.RestXmlResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of failure on the way to an answer ends the exchange: an AWS error answers with it,
 * anything else with the protocol's InternalFailure, and a failure after the status line went out
 * resets the connection. Each case runs on a real Vert.x server, asserting an answer arrives.
 */
class ExchangeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Map<String, Consumer<Exchange>> CASES = new LinkedHashMap<>();
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        CASES.put("ok", e -> e.answer(() -> Uni.createFrom().item(answer(200, "fine")), e::write));
        CASES.put("aws-error-thrown", e -> e.<Response>answer(() -> {
            throw AwsException.sender("Throttling", 400, "slow down");
        }, e::write));
        CASES.put("unexpected-thrown", e -> e.<Response>answer(() -> {
            throw new NullPointerException("a bug");
        }, e::write));
        CASES.put("stack-overflow-thrown", e -> e.<Response>answer(() -> {
            throw new StackOverflowError();
        }, e::write));
        CASES.put("aws-error-failed", e -> e.<Response>answer(() -> Uni.createFrom().failure(
                AwsException.sender("Throttling", 400, "slow down")), e::write));
        CASES.put("unexpected-failed", e -> e.<Response>answer(() -> Uni.createFrom().failure(new IllegalStateException()),
                e::write));
        CASES.put("writer-throws", e -> e.answer(() -> Uni.createFrom().item(answer(200, "fine")), r -> {
            throw new IllegalStateException("while writing");
        }));
        CASES.put("header-refused", e -> e.answer(() -> Uni.createFrom().item(new Response(200, "text/plain",
                Map.of("X-Bad", "a\nb"), new byte[0])), e::write));
        CASES.put("s3-header-refused", e -> e.answer(() -> Uni.createFrom().item(new RestXmlResponse(200,
                new LinkedHashMap<>(Map.of("Content-Type", "a\u0000b")), new byte[0], null, 0)), r -> e.write(r, false)));
        CASES.put("s3-stream-fails", e -> e.answer(() -> Uni.createFrom().item(new RestXmlResponse(200, new LinkedHashMap<>(),
                null, Multi.createFrom().<byte[]>items(new byte[] {1, 2, 3}).onCompletion()
                .failWith(new IllegalStateException("store gone")), 10)), r -> e.write(r, false)));
    }

    private static Response answer(int status, String body) {
        return new Response(status, "text/plain", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The protocol's error rendering, as a codec would: status, code and message in the body. */
    private static Response render(AwsException error) {
        return new Response(error.status(), "text/plain", Map.of("X-Error", error.code()),
                (error.code() + ": " + error.getMessage()).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/:case").handler((RoutingContext ctx) -> CASES.get(ctx.pathParam("case"))
                .accept(new Exchange(ctx, ExchangeTest::render)));
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static HttpResponse<String> get(String name) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + "/" + name))
                .timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnswerIsWritten() throws Exception {
        HttpResponse<String> response = get("ok");
        assertEquals(200, response.statusCode());
        assertEquals("fine", response.body());
    }

    @Test
    void anAwsErrorIsAnsweredWithItselfWhetherThrownOrFailed() throws Exception {
        for (String name : new String[] {"aws-error-thrown", "aws-error-failed"}) {
            HttpResponse<String> response = get(name);
            assertEquals(400, response.statusCode(), name);
            assertEquals("Throttling: slow down", response.body(), name);
        }
    }

    @Test
    void anyOtherFailureIsAnsweredWithInternalFailure() throws Exception {
        for (String name : new String[] {"unexpected-thrown", "stack-overflow-thrown", "unexpected-failed",
                "writer-throws", "header-refused", "s3-header-refused"}) {
            HttpResponse<String> response = get(name);
            assertEquals(500, response.statusCode(), name);
            assertEquals("InternalFailure", response.headers().firstValue("X-Error").orElse(null), name);
            assertTrue(response.headers().firstValue("X-Bad").isEmpty(), name);
        }
    }

    @Test
    void aFailureAfterTheStatusLineEndsTheConnection() {
        // The client sees the body cut short at once instead of waiting for the bytes still owed.
        assertThrows(IOException.class, () -> get("s3-stream-fails"));
    }
}
