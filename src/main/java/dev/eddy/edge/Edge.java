package dev.eddy.edge;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.FormEncoding;
import dev.eddy.common.RequestContext;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.lambda.LambdaWire;
import dev.eddy.protocol.restjson.RestJsonCodec;
import dev.eddy.protocol.restjson.RestJsonRequest;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.protocol.json.AwsJsonCodec;
import dev.eddy.protocol.query.AwsQueryCodec;
import dev.eddy.s3.S3Reply;
import dev.eddy.s3.S3Routes;
import dev.eddy.protocol.sns.SnsWire;
import dev.eddy.protocol.sqs.SqsWire;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The one port. Decides, per request, which service and wire protocol it speaks (DESIGN.md §1),
 * decodes it with that protocol's codec, calls the service and writes the encoded answer. Quarkus'
 * own paths ({@code /q/...}) pass through untouched.
 */
@ApplicationScoped
public class Edge {
    private static final Logger LOG = Logger.getLogger(Edge.class);
    private static final Pattern QUEUE_PATH = Pattern.compile("/[^/]+/[A-Za-z0-9_.-]+/?");

    private final ServiceApi sqs;
    private final ServiceApi sns;
    private final AwsJsonCodec json;
    private final AwsQueryCodec query;
    private final EddyConfig config;
    private final Admin admin;
    private final MeterRegistry registry;
    /** Request timers by their tags: looked up once per request without the registry's locking. */
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final LambdaWire lambda;
    private final S3Routes s3;
    private final long maxBodySize = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.limits.max-body-size", io.quarkus.runtime.configuration.MemorySize.class)
            .map(io.quarkus.runtime.configuration.MemorySize::asLongValue).orElse(10L * 1024 * 1024);

    Edge(@Named("sqs") ServiceApi sqs, @Named("sns") ServiceApi sns, AwsJsonCodec json, AwsQueryCodec query, EddyConfig config, Admin admin,
         MeterRegistry registry, LambdaWire lambda, S3Routes s3) {
        this.s3 = s3;
        this.lambda = lambda;
        this.admin = admin;
        this.sns = sns;
        this.registry = registry;
        this.sqs = sqs;
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
        String signedFor = signedFor(request);
        Wire wire = wire(request, signedFor);
        Exchange exchange = new Exchange(ctx, errors(wire, request, requestId));
        try {
            if (request.version() == null) {
                // Netty parses any HTTP/x.y; Vert.x speaks 1.0 and 1.1 only and would echo the rest back.
                request.response().setStatusCode(505).putHeader("Connection", "close").end();
                return;
            }
            if (tooLarge(ctx, wire, exchange, requestId)) {
                return;
            }
            // Quarkus pauses requests until a handler asks for the body.
            request.body()
                    .onSuccess(body -> {
                        try {
                            dispatch(ctx, exchange, requestId, body, signedFor);
                        } catch (RuntimeException | StackOverflowError e) {
                            exchange.fail(e);
                        }
                    })
                    .onFailure(e -> exchange.refuse(wire == Wire.S3 ? S3Routes.incompleteBody()
                            : AwsException.sender("IncompleteBody", 400, "The request body could not be read.")));
            request.resume();
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
    }

    /** What a request speaks, as far as its headers and query tell before its body is read. */
    private enum Wire { LAMBDA, ADMIN, JSON, QUERY, S3 }

    private static Wire wire(HttpServerRequest request, String signedFor) {
        String path = request.path();
        if (path.startsWith(LambdaWire.PREFIX) || "lambda".equals(signedFor)) {
            return Wire.LAMBDA;
        }
        if (path.startsWith(Admin.PREFIX)) {
            return Wire.ADMIN;
        }
        String contentType = request.getHeader("Content-Type");
        if (request.getHeader("X-Amz-Target") != null
                || (contentType != null && contentType.startsWith(AwsJsonCodec.CONTENT_TYPE))) {
            return Wire.JSON;
        }
        if ("s3".equals(signedFor)) {
            return Wire.S3;
        }
        boolean form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
        return form || queryParam(request, "Action") != null || "sqs".equals(signedFor) || "sns".equals(signedFor)
                ? Wire.QUERY : Wire.S3;
    }

    /** How errors are rendered for a request of this wire, until dispatch knows its service. */
    private Function<AwsException, Response> errors(Wire wire, HttpServerRequest request, String requestId) {
        return switch (wire) {
            case LAMBDA, ADMIN -> error -> RestJsonCodec.encodeError(error, requestId);
            case JSON -> error -> json.encodeError(sqs, error, requestId);
            case QUERY -> error -> query.encodeError(sqs, error, requestId);
            case S3 -> error -> s3Response(s3.failure(error, request.method().name(), requestId));
        };
    }

    private static Response s3Response(S3Reply reply) {
        return new Response(reply.status(), reply.headers().getOrDefault("Content-Type", "application/xml"),
                reply.headers(), reply.body());
    }

    /**
     * A body announced larger than Quarkus would read is refused before it is sent: S3 with its
     * EntityTooLarge error, other services with 413. Without this the client would upload it all.
     */
    private boolean tooLarge(RoutingContext ctx, Wire wire, Exchange exchange, String requestId) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return false;
        }
        long announced;
        try {
            announced = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (announced <= maxBodySize) {
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

    private void dispatch(RoutingContext ctx, Exchange exchange, String requestId, Buffer buffer, String signedFor) {
        HttpServerRequest request = ctx.request();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        String target = request.getHeader("X-Amz-Target");
        String contentType = request.getHeader("Content-Type");
        boolean jsonRequest = target != null
                || (contentType != null && contentType.startsWith(AwsJsonCodec.CONTENT_TYPE));
        // Lambda's API spans several dated prefixes (/2015-03-31/, /2017-03-31/tags, ...), which are also
        // valid bucket names: a request signed for Lambda is Lambda's, whatever its path.
        boolean lambdaRequest = request.path().startsWith(LambdaWire.PREFIX) || "lambda".equals(signedFor);
        boolean special = lambdaRequest || request.path().startsWith(Admin.PREFIX);
        if (!jsonRequest && !special && "s3".equals(signedFor)) {
            serveS3(ctx, exchange, body, requestId);
            return;
        }
        Map<String, String> parameters = parameters(request, jsonRequest ? new byte[0] : body, contentType);
        SigV4Scope scope = SigV4Scope.of(request.getHeader("Authorization"), parameters.get("X-Amz-Credential"));
        RequestContext context = context(request, requestId, scope);

        if (lambdaRequest) {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            run(exchange, "lambda", request.method().name() + " " + LambdaWire.metricsOperation(request.path()), "rest-json",
                    () -> lambda.handle(new RestJsonRequest(request.method().name(), request.path(), request.query(),
                            parameters, headers, body, context)));
            return;
        }
        if (request.path().startsWith(Admin.PREFIX)) {
            exchange.answer(() -> admin.handle(request.method().name(), request.path(), config.accountId(),
                    context.region(), body).onFailure().recoverWithItem(exchange::errorFor), exchange::write);
            return;
        }
        if (jsonRequest) {
            serveJson(exchange, target, body, context);
            return;
        }
        String service = scope == null ? null : scope.service();
        String version = parameters.get("Version");
        String action = parameters.get("Action");
        // An unsigned, unversioned GET (an SNS UnsubscribeURL) is told apart by its action's name.
        boolean snsAction = action != null && sns.operations().containsKey(action)
                && !sqs.operations().containsKey(action);
        if ("sns".equals(service) || SnsWire.VERSION.equals(version)
                || (service == null && version == null && snsAction)) {
            serveQuery(ctx, exchange, sns, parameters, context);
        } else if ("sqs".equals(service) || SqsWire.VERSION.equals(version) || (service == null && action != null)) {
            serveQuery(ctx, exchange, sqs, parameters, context);
        } else {
            serveS3(ctx, exchange, body, requestId);
        }
    }

    /** The service a request is signed for (Authorization header or presigned X-Amz-Credential), or null. */
    private static String signedFor(HttpServerRequest request) {
        SigV4Scope scope = SigV4Scope.of(request.getHeader("Authorization"), queryParam(request, "X-Amz-Credential"));
        return scope == null ? null : scope.service();
    }

    /** A query parameter, or null (also when the query string is malformed: the service says so later). */
    private static String queryParam(HttpServerRequest request, String name) {
        try {
            return request.getParam(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void serveS3(RoutingContext ctx, Exchange exchange, byte[] body, String requestId) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        exchange.speaks(error -> s3Response(s3.failure(error, method, requestId)));
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            if (request.query() != null) {
                decodeForm(request.query(), parameters);
            }
        } catch (AwsException e) {
            parameters.clear();
        }
        SigV4Scope scope = SigV4Scope.of(request.getHeader("Authorization"), parameters.get("X-Amz-Credential"));
        RequestContext context = context(request, requestId, scope);
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "," + b));
        String source = request.remoteAddress() == null ? "127.0.0.1" : request.remoteAddress().host();
        Timer.Sample sample = Timer.start(registry);
        AtomicReference<String> operation = new AtomicReference<>("unknown");
        exchange.answer(() -> s3.handle(method, request.path(), request.query(), headers, body, context, source,
                        operation::set).invoke(reply -> record(sample, "s3", operation.get(), "rest-xml", reply.status())),
                reply -> exchange.write(reply, method.equals("HEAD")));
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

    private void serveQuery(RoutingContext ctx, Exchange exchange, ServiceApi api, Map<String, String> parameters,
                            RequestContext context) {
        String requestId = context.requestId();
        exchange.speaks(error -> query.encodeError(api, error, requestId));
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
        if (api == sqs && !parameters.containsKey("QueueUrl") && QUEUE_PATH.matcher(ctx.request().path()).matches()
                && !action.equals("CreateQueue") && !action.equals("GetQueueUrl") && !action.equals("ListQueues")) {
            parameters.put("QueueUrl", context.baseUrl() + ctx.request().path().replaceAll("/$", ""));
        }
        run(exchange, api.name(), action, "query", () -> operation.invoke(context, query.decode(api, operation, parameters))
                .map(result -> query.encode(api, action, result, requestId)));
    }

    /** Runs a service call and writes its answer, an AWS error in the request's protocol if it fails. */
    private void run(Exchange exchange, String service, String operation, String protocol, Supplier<Uni<Response>> call) {
        Timer.Sample sample = Timer.start(registry);
        exchange.answer(() -> call.get().onFailure().recoverWithItem(exchange::errorFor)
                .invoke(response -> record(sample, service, operation, protocol, response.status())), exchange::write);
    }

    /** Request metrics by AWS operation, never by path (queue URLs would explode the cardinality). */
    private void record(Timer.Sample sample, String service, String operation, String protocol, int status) {
        String outcome = status < 400 ? "success" : status < 500 ? "client_error" : "server_error";
        sample.stop(timers.computeIfAbsent(service + '|' + operation + '|' + protocol + '|' + outcome,
                key -> Timer.builder("eddy.requests").tag("service", service).tag("operation", operation)
                        .tag("protocol", protocol).tag("outcome", outcome).register(registry)));
    }

    private RequestContext context(HttpServerRequest request, String requestId, SigV4Scope scope) {
        String baseUrl = config.publicBaseUrl().orElseGet(() -> {
            String host = request.getHeader("Host");
            if (host == null) {
                host = "localhost:" + request.localAddress().port();
            }
            return request.scheme() + "://" + host;
        });
        return new RequestContext(requestId, scope != null ? scope.region() : config.region(), config.accountId(),
                withoutTrailingSlashes(baseUrl), scope == null ? null : scope.accessKeyId(),
                request.getHeader("X-Amzn-Trace-Id"));
    }

    private static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    /** Query-string and form parameters; a form body's parameters win over the query string's. */
    private static Map<String, String> parameters(HttpServerRequest request, byte[] body, String contentType) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (request.query() != null) {
            decodeForm(request.query(), parameters);
        }
        // Query-protocol bodies come by POST; other bodies (an unsigned S3 PUT) are never forms.
        boolean form = (contentType == null && request.method().name().equals("POST"))
                || (contentType != null && contentType.startsWith("application/x-www-form-urlencoded"));
        if (form && body.length > 0) {
            decodeForm(new String(body, StandardCharsets.UTF_8), parameters);
        }
        return parameters;
    }

    private static void decodeForm(String text, Map<String, String> into) {
        try {
            FormEncoding.decode(text, into::put);
        } catch (FormEncoding.MalformedException e) {
            throw AwsException.sender("MalformedQueryString", 404, "The query string is malformed: " + e.pair());
        }
    }
}
