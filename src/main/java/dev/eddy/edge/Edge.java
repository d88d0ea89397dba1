package dev.eddy.edge;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.FormEncoding;
import dev.eddy.common.RequestContext;
import dev.eddy.edge.Dispatch.Wire;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.protocol.json.AwsJsonCodec;
import dev.eddy.protocol.lambda.LambdaWire;
import dev.eddy.protocol.query.AwsQueryCodec;
import dev.eddy.protocol.restjson.RestJsonCodec;
import dev.eddy.protocol.restjson.RestJsonRequest;
import dev.eddy.protocol.sqs.SqsWire;
import dev.eddy.protocol.restxml.RestXmlResponse;
import dev.eddy.protocol.restxml.RestXmlCodec;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The one port. Reads each request's head once, lets {@link Dispatch} decide which service and
 * wire protocol it speaks (DESIGN.md §1), decodes it with that protocol's codec, calls the service
 * and hands the encoded answer to its {@link Exchange}. Quarkus' own paths ({@code /q/...}) pass
 * through untouched.
 */
@ApplicationScoped
public class Edge {
    private static final Logger LOG = Logger.getLogger(Edge.class);
    private static final Pattern QUEUE_PATH = Pattern.compile("/[^/]+/[A-Za-z0-9_.-]+/?");

    private final ServiceApi sqs;
    private final ServiceApi sns;
    private final Dispatch dispatch;
    private final AwsJsonCodec json;
    private final AwsQueryCodec query;
    private final EddyConfig config;
    private final Admin admin;
    private final RequestMetrics metrics;
    private final LambdaWire lambda;
    private final RestXmlCodec s3;
    private final long maxBodySize = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.limits.max-body-size", io.quarkus.runtime.configuration.MemorySize.class)
            .map(io.quarkus.runtime.configuration.MemorySize::asLongValue).orElse(10L * 1024 * 1024);

    Edge(@Named("sqs") ServiceApi sqs, @Named("sns") ServiceApi sns, AwsJsonCodec json, AwsQueryCodec query, EddyConfig config, Admin admin,
         RequestMetrics metrics, LambdaWire lambda, RestXmlCodec s3) {
        this.s3 = s3;
        this.lambda = lambda;
        this.admin = admin;
        this.sns = sns;
        this.metrics = metrics;
        this.sqs = sqs;
        this.dispatch = new Dispatch(sqs.operations().keySet(), sns.operations().keySet());
        this.json = json;
        this.query = query;
        this.config = config;
    }

    void install(@Observes Router router) {
        // Mutiny wraps every callback so that MicroProfile contexts (the CDI request scope, the MDC)
        // follow it across threads. Eddy keeps no request-scoped state, so on the hot path that
        // wrapping was only cost: a captured context per operator per request.
        Infrastructure.clearInterceptors();
        Infrastructure.setDroppedExceptionHandler(e -> LOG.error("A failure reached no subscriber", e));
        router.route().order(Integer.MIN_VALUE + 1000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/q/") || path.equals("/q")) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        String requestId = UUID.randomUUID().toString();
        RequestHead head = RequestHead.of(request);
        Wire wire = Dispatch.provisional(head);
        Exchange exchange = new Exchange(ctx, errors(wire, head, requestId));
        try {
            if (request.version() == null) {
                // Netty parses any HTTP/x.y; Vert.x speaks 1.0 and 1.1 only and would echo the rest back.
                request.response().setStatusCode(505).putHeader("Connection", "close").end();
                return;
            }
            if (tooLarge(ctx, head, wire, exchange, requestId)) {
                return;
            }
            // Quarkus pauses requests until a handler asks for the body.
            request.body()
                    .onSuccess(body -> {
                        try {
                            dispatch(ctx, head, exchange, requestId, body == null ? new byte[0] : body.getBytes());
                        } catch (RuntimeException | StackOverflowError e) {
                            exchange.fail(e);
                        }
                    })
                    .onFailure(e -> exchange.refuse(wire == Wire.S3 ? RestXmlCodec.incompleteBody()
                            : AwsException.sender("IncompleteBody", 400, "The request body could not be read.")));
            request.resume();
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
    }

    /** How errors are rendered for a request of this wire. */
    private Function<AwsException, Response> errors(Wire wire, RequestHead head, String requestId) {
        return switch (wire) {
            case LAMBDA, ADMIN -> error -> RestJsonCodec.encodeError(error, requestId);
            case SQS_JSON -> error -> json.encodeError(sqs, error, requestId);
            case SQS_QUERY -> error -> query.encodeError(sqs, error, requestId);
            case SNS_QUERY -> error -> query.encodeError(sns, error, requestId);
            case S3 -> s3Errors(head.method(), requestId);
        };
    }

    /**
     * A body announced larger than Quarkus would read is refused before it is sent: S3 with its
     * EntityTooLarge error, other services with 413. Without this the client would upload it all.
     */
    private boolean tooLarge(RoutingContext ctx, RequestHead head, Wire wire, Exchange exchange, String requestId) {
        Long announced = head.announcedLength();
        if (announced == null || announced <= maxBodySize) {
            return false;
        }
        ctx.response().putHeader("Connection", "close");
        if (wire == Wire.S3) {
            exchange.write(s3.entityTooLarge(announced, maxBodySize, requestId), false);
        } else {
            ctx.response().setStatusCode(413).end();
        }
        return true;
    }

    private void dispatch(RoutingContext ctx, RequestHead sent, Exchange exchange, String requestId, byte[] body) {
        Wire known = Dispatch.known(sent);
        if (known == Wire.S3) {
            serveS3(ctx, sent, exchange, body, requestId);
            return;
        }
        // A JSON body is never a form, whoever it is for.
        Map<String, String> parameters = parameters(sent, sent.isJson() ? new byte[0] : body);
        RequestHead head = sent.signedIn(parameters);
        Wire wire = dispatch.route(head, parameters);
        exchange.speaks(errors(wire, head, requestId));
        RequestContext context = context(head, requestId);
        switch (wire) {
            case LAMBDA -> {
                Map<String, String> headers = new LinkedHashMap<>();
                ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                run(exchange, "lambda", head.method() + " " + LambdaWire.metricsOperation(head.path()), "rest-json",
                        () -> lambda.handle(new RestJsonRequest(head.method(), head.path(), head.rawQuery(),
                                parameters, headers, body, context)));
            }
            case ADMIN -> exchange.answer(() -> admin.handle(head.method(), head.path(), config.accountId(),
                    context.region(), body).onFailure().recoverWithItem(exchange::errorFor), exchange::write);
            case SQS_JSON -> serveJson(exchange, head.target(), body, context);
            case SQS_QUERY -> serveQuery(head, exchange, sqs, parameters, context);
            case SNS_QUERY -> serveQuery(head, exchange, sns, parameters, context);
            case S3 -> serveS3(ctx, head, exchange, body, requestId);
        }
    }

    private void serveJson(Exchange exchange, String target, byte[] body, RequestContext context) {
        String requestId = context.requestId();
        if (target == null) {
            exchange.fail(AwsException.sender("MissingAction", 400, "The request must contain the X-Amz-Target header."));
            return;
        }
        Operation<?, ?> operation = target.startsWith(SqsWire.JSON_TARGET_PREFIX)
                ? sqs.operations().get(target.substring(SqsWire.JSON_TARGET_PREFIX.length())) : null;
        if (operation == null) {
            exchange.fail(new AwsException("InvalidAction", "UnknownOperationException", 400, true,
                    "The operation " + target + " is not valid for this endpoint."));
            return;
        }
        run(exchange, "sqs", operation.name(), "json", () -> operation.invoke(context, json.decode(operation, body))
                .map(result -> json.encode(result, requestId)));
    }

    private void serveQuery(RequestHead head, Exchange exchange, ServiceApi api, Map<String, String> parameters,
                            RequestContext context) {
        String requestId = context.requestId();
        String action = parameters.get("Action");
        if (action == null) {
            exchange.fail(AwsException.sender("MissingAction", 400, "The request must contain the parameter Action."));
            return;
        }
        Operation<?, ?> operation = api.operations().get(action);
        if (operation == null) {
            exchange.fail(ServiceApi.invalidAction(action));
            return;
        }
        // Old clients post to the queue's URL and leave QueueUrl out.
        if (api == sqs && !parameters.containsKey("QueueUrl") && QUEUE_PATH.matcher(head.path()).matches()
                && !action.equals("CreateQueue") && !action.equals("GetQueueUrl") && !action.equals("ListQueues")) {
            parameters.put("QueueUrl", context.baseUrl() + head.path().replaceAll("/$", ""));
        }
        run(exchange, api.name(), action, "query", () -> operation.invoke(context, query.decode(api, operation, parameters))
                .map(result -> query.encode(api, action, result, requestId)));
    }

    /** Runs a service call and writes its answer, an AWS error in the request's protocol if it fails. */
    private void run(Exchange exchange, String service, String operation, String protocol, Supplier<Uni<Response>> call) {
        Timer.Sample sample = metrics.start();
        exchange.answer(() -> call.get().onFailure().recoverWithItem(exchange::errorFor)
                .invoke(response -> metrics.record(sample, service, operation, protocol, response.status())),
                exchange::write);
    }

    /** S3's errors, in its REST-XML shape. */
    private Function<AwsException, Response> s3Errors(String method, String requestId) {
        return error -> {
            RestXmlResponse reply = s3.failure(error, method, requestId);
            return new Response(reply.status(), reply.headers().getOrDefault("Content-Type", "application/xml"),
                    reply.headers(), reply.body());
        };
    }

    /** S3: the REST-XML codec answers, streaming an object's bytes. */
    private void serveS3(RoutingContext ctx, RequestHead head, Exchange exchange, byte[] body, String requestId) {
        HttpServerRequest request = ctx.request();
        String method = head.method();
        exchange.speaks(s3Errors(method, requestId));
        RequestContext context = context(head, requestId);
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "," + b));
        String source = request.remoteAddress() == null ? "127.0.0.1" : request.remoteAddress().host();
        Timer.Sample sample = metrics.start();
        AtomicReference<String> operation = new AtomicReference<>("unknown");
        exchange.answer(() -> s3.handle(method, head.path(), head.query(), head.malformedQuery(), headers, body, context, source,
                        operation::set).invoke(reply -> metrics.record(sample, "s3", operation.get(), "rest-xml",
                        reply.status())),
                reply -> exchange.write(reply, method.equals("HEAD")));
    }

    private RequestContext context(RequestHead head, String requestId) {
        String baseUrl = config.publicBaseUrl().orElseGet(() -> head.scheme() + "://" + head.host());
        SigV4Scope scope = head.scope();
        return new RequestContext(requestId, scope != null ? scope.region() : config.region(), config.accountId(),
                withoutTrailingSlashes(baseUrl), scope == null ? null : scope.accessKeyId(), head.traceId());
    }

    private static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    /** Query-string and form parameters; a form body's parameters win over the query string's. */
    private static Map<String, String> parameters(RequestHead head, byte[] body) {
        if (head.malformedQuery() != null) {
            throw malformed(head.malformedQuery());
        }
        Map<String, String> parameters = new LinkedHashMap<>(head.query());
        // Query-protocol bodies come by POST; other bodies (an unsigned S3 PUT) are never forms.
        boolean form = (head.contentType() == null && head.method().equals("POST")) || head.contentTypeIs(Dispatch.FORM);
        if (form && body.length > 0) {
            try {
                FormEncoding.decode(new String(body, StandardCharsets.UTF_8), parameters::put);
            } catch (FormEncoding.MalformedException e) {
                throw malformed(e.pair());
            }
        }
        return parameters;
    }

    private static AwsException malformed(String pair) {
        return AwsException.sender("MalformedQueryString", 404, "The query string is malformed: " + pair);
    }
}
