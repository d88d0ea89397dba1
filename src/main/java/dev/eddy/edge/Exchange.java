package dev.eddy.edge;

import dev.eddy.common.AwsException;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.restxml.RestXmlResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One request's answer, written exactly once whatever fails on the way: a service that throws
 * instead of failing its Uni, a failure nobody expected, a header value Netty refuses while the
 * answer is written. Every such failure is logged once and ends the exchange with the request's
 * protocol's InternalFailure; if the status line has already gone out, the connection is reset so
 * the client sees the end rather than waiting for bytes that will never come.
 */
final class Exchange {
    private static final Logger LOG = Logger.getLogger(Exchange.class);
    private static final AwsException INTERNAL = AwsException.internal("We encountered an internal error. Please try again.");

    private final RoutingContext ctx;
    private Function<AwsException, Response> errors;

    /** @param errors how the request's protocol renders an error, until {@link #speaks} says otherwise */
    Exchange(RoutingContext ctx, Function<AwsException, Response> errors) {
        this.ctx = ctx;
        this.errors = errors;
    }

    /** The request turned out to speak a protocol that renders errors its own way. */
    void speaks(Function<AwsException, Response> errors) {
        this.errors = errors;
    }

    /**
     * Calls the service and writes its answer with {@code writer}, or its failure; a client that
     * goes away cancels the call (a waiting receive stops waiting).
     */
    <T> void answer(Supplier<Uni<? extends T>> call, Consumer<T> writer) {
        Cancellable subscription = Uni.createFrom().<T>deferred(call).subscribe().with(answer -> {
            try {
                writer.accept(answer);
            } catch (RuntimeException e) {
                broken(e);
            }
        }, this::fail);
        ctx.response().closeHandler(v -> subscription.cancel());
    }

    /** Writes the error a failure stands for; a failure that is not an AWS error is logged. */
    void fail(Throwable failure) {
        write(errorFor(failure));
    }

    Response errorFor(Throwable failure) {
        return errors.apply(asAwsError(failure));
    }

    static AwsException asAwsError(Throwable failure) {
        if (failure instanceof AwsException aws) {
            return aws;
        }
        LOG.error("Request failed unexpectedly", failure);
        return INTERNAL;
    }

    void write(Response response) {
        HttpServerResponse http = ctx.response();
        if (http.ended() || http.closed()) {
            return;
        }
        try {
            http.setStatusCode(response.status());
            http.putHeader("Content-Type", response.contentType());
            response.headers().forEach(http::putHeader);
            http.end(Buffer.buffer(response.body()));
        } catch (RuntimeException e) {
            broken(e);
        }
    }

    /** Writes a REST-XML answer; an object's bytes are streamed piece by piece, each written before the next is read. */
    void write(RestXmlResponse reply, boolean head) {
        HttpServerResponse http = ctx.response();
        if (http.ended() || http.closed()) {
            return;
        }
        try {
            http.setStatusCode(reply.status());
            reply.headers().forEach(http::putHeader);
            if (head || reply.stream() == null) {
                if (head) {
                    http.putHeader("Content-Length", String.valueOf(reply.length()));
                    http.end();
                } else {
                    http.end(Buffer.buffer(reply.body()));
                }
                return;
            }
            http.putHeader("Content-Length", String.valueOf(reply.length()));
        } catch (RuntimeException e) {
            broken(e);
            return;
        }
        Cancellable streaming = reply.stream()
                .onItem().transformToUniAndConcatenate(bytes -> Uni.createFrom().completionStage(
                        () -> http.write(Buffer.buffer(bytes)).toCompletionStage()))
                .collect().last()
                .subscribe().with(done -> {
                    if (!http.ended() && !http.closed()) {
                        http.end();
                    }
                }, failure -> {
                    LOG.warnf("Streaming an object failed part-way: %s", failure.getMessage());
                    http.reset();
                });
        http.closeHandler(v -> streaming.cancel());
    }

    /**
     * Answers a request whose bytes could not be read (a malformed chunk of a chunked body) before
     * Vert.x closes the connection, which it does at once: the answer is flushed first, or it would
     * be dropped with the connection.
     */
    void refuse(AwsException error) {
        ctx.response().putHeader("Connection", "close");
        write(errors.apply(error));
        if (ctx.request().connection() instanceof ConnectionBase connection) {
            connection.flush();
        }
    }

    /** Writing the answer failed: answer InternalFailure instead if nothing has gone out yet. */
    private void broken(Throwable failure) {
        LOG.error("Writing an answer failed", failure);
        HttpServerResponse http = ctx.response();
        if (http.ended() || http.closed()) {
            return;
        }
        if (!http.headWritten()) {
            try {
                Response error = errors.apply(INTERNAL);
                http.headers().clear();
                http.setStatusCode(error.status());
                http.putHeader("Content-Type", error.contentType());
                error.headers().forEach(http::putHeader);
                http.end(Buffer.buffer(error.body()));
                return;
            } catch (RuntimeException again) {
                LOG.error("Writing the error answer failed too", again);
            }
        }
        http.reset();
    }
}
