package dev.eddy.edge;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import dev.eddy.protocol.Operation;
import dev.eddy.lambda.LambdaRoutes;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.restjson.RestJsonCodec;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.protocol.json.AwsJsonCodec;
import dev.eddy.protocol.query.AwsQueryCodec;
import dev.eddy.sns.SnsApi;
import dev.eddy.sqs.SqsApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
    private final LambdaRoutes lambda;

    Edge(@Named("sqs") ServiceApi sqs, @Named("sns") ServiceApi sns, AwsJsonCodec json, AwsQueryCodec query, EddyConfig config, Admin admin,
         MeterRegistry registry, LambdaRoutes lambda) {
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
        router.route().order(Integer.MIN_VALUE + 1000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/q/") || path.equals("/q")) {
            ctx.next();
            return;
        }
        // Quarkus pauses requests until a handler asks for the body.
        ctx.request().body()
                .onSuccess(body -> dispatch(ctx, body))
                .onFailure(e -> ctx.response().setStatusCode(400).end());
        ctx.request().resume();
    }

    private void dispatch(RoutingContext ctx, Buffer buffer) {
        HttpServerRequest request = ctx.request();
        String requestId = UUID.randomUUID().toString();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        String target = request.getHeader("X-Amz-Target");
        String contentType = request.getHeader("Content-Type");
        boolean jsonRequest = target != null
                || (contentType != null && contentType.startsWith(AwsJsonCodec.CONTENT_TYPE));
        Map<String, String> parameters;
        try {
            parameters = parameters(request, jsonRequest ? new byte[0] : body, contentType);
        } catch (AwsException e) {
            write(ctx, jsonRequest ? json.encodeError(sqs, e, requestId) : query.encodeError(sqs, e, requestId));
            return;
        }
        SigV4Scope scope = SigV4Scope.of(request.getHeader("Authorization"), parameters.get("X-Amz-Credential"));
        RequestContext context = context(request, requestId, scope);

        if (request.path().startsWith(LambdaRoutes.PREFIX)) {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            Timer.Sample sample = Timer.start(registry);
            lambda.handle(request.method().name(), request.path(), parameters, headers, body, context)
                    .subscribe().with(response -> {
                        write(ctx, response);
                        record(sample, "lambda", request.method().name() + " " + lambdaOperation(request.path()),
                                "rest-json", response.status() < 400 ? "success"
                                        : response.status() < 500 ? "client_error" : "server_error");
                    }, failure -> write(ctx, RestJsonCodec.encodeError(asAwsError(failure), requestId)));
            return;
        }
        if (request.path().startsWith(Admin.PREFIX)) {
            admin.handle(request.method().name(), request.path(), config.accountId(), context.region(), body)
                    .subscribe().with(response -> write(ctx, response), failure -> write(ctx,
                            query.encodeError(sqs, asAwsError(failure), requestId)));
            return;
        }
        if (jsonRequest) {
            serveJson(ctx, target, body, context);
            return;
        }
        String service = scope == null ? null : scope.service();
        String version = parameters.get("Version");
        String action = parameters.get("Action");
        // An unsigned, unversioned GET (an SNS UnsubscribeURL) is told apart by its action's name.
        boolean snsAction = action != null && sns.operations().containsKey(action)
                && !sqs.operations().containsKey(action);
        if ("sns".equals(service) || SnsApi.VERSION.equals(version)
                || (service == null && version == null && snsAction)) {
            serveQuery(ctx, sns, parameters, context);
        } else if ("sqs".equals(service) || SqsApi.VERSION.equals(version) || (service == null && action != null)) {
            serveQuery(ctx, sqs, parameters, context);
        } else {
            writeNotImplemented(ctx, "S3", requestId);
        }
    }

    private void serveJson(RoutingContext ctx, String target, byte[] body, RequestContext context) {
        String requestId = context.requestId();
        Operation<?, ?> operation;
        if (target == null) {
            write(ctx, json.encodeError(sqs, AwsException.sender("MissingAction", 400,
                    "The request must contain the X-Amz-Target header."), requestId));
            return;
        }
        operation = target.startsWith(SqsApi.JSON_TARGET_PREFIX)
                ? sqs.operations().get(target.substring(SqsApi.JSON_TARGET_PREFIX.length())) : null;
        if (operation == null) {
            write(ctx, json.encodeError(sqs, new AwsException("InvalidAction", "UnknownOperationException", 400, true,
                    "The operation " + target + " is not valid for this endpoint."), requestId));
            return;
        }
        Operation<?, ?> op = operation;
        run(ctx, "sqs", op.name(), "json", Uni.createFrom().deferred(() -> op.invoke(context, json.decode(op, body))),
                result -> json.encode(result, requestId),
                error -> json.encodeError(sqs, error, requestId));
    }

    private void serveQuery(RoutingContext ctx, ServiceApi api, Map<String, String> parameters,
                            RequestContext context) {
        String requestId = context.requestId();
        String action = parameters.get("Action");
        if (action == null) {
            write(ctx, query.encodeError(api, AwsException.sender("MissingAction", 400,
                    "The request must contain the parameter Action."), requestId));
            return;
        }
        Operation<?, ?> operation = api.operations().get(action);
        if (operation == null) {
            write(ctx, query.encodeError(api, ServiceApi.invalidAction(action), requestId));
            return;
        }
        // Old clients post to the queue's URL and leave QueueUrl out.
        if (api == sqs && !parameters.containsKey("QueueUrl") && QUEUE_PATH.matcher(ctx.request().path()).matches()
                && !action.equals("CreateQueue") && !action.equals("GetQueueUrl") && !action.equals("ListQueues")) {
            parameters.put("QueueUrl", context.baseUrl() + ctx.request().path().replaceAll("/$", ""));
        }
        run(ctx, api.name(), action, "query",
                Uni.createFrom().deferred(() -> operation.invoke(context, query.decode(api, operation, parameters))),
                result -> query.encode(api, action, result, requestId),
                error -> query.encodeError(api, error, requestId));
    }

    /** Runs a service call and writes its answer; a client that goes away cancels a waiting receive. */
    private void run(RoutingContext ctx, String service, String operation, String protocol, Uni<Object> call,
                     Function<Object, Response> encode, Function<AwsException, Response> encodeError) {
        Timer.Sample sample = Timer.start(registry);
        AtomicReference<Cancellable> subscription = new AtomicReference<>();
        ctx.response().closeHandler(v -> {
            Cancellable cancellable = subscription.get();
            if (cancellable != null) {
                cancellable.cancel();
            }
        });
        subscription.set(call.subscribe().with(
                result -> {
                    write(ctx, encode.apply(result));
                    record(sample, service, operation, protocol, "success");
                },
                failure -> {
                    AwsException error = asAwsError(failure);
                    write(ctx, encodeError.apply(error));
                    record(sample, service, operation, protocol, error.status() < 500 ? "client_error" : "server_error");
                }));
    }

    /** Request metrics by AWS operation, never by path (queue URLs would explode the cardinality). */
    private void record(Timer.Sample sample, String service, String operation, String protocol, String outcome) {
        sample.stop(timers.computeIfAbsent(service + '|' + operation + '|' + protocol + '|' + outcome,
                key -> Timer.builder("eddy.requests").tag("service", service).tag("operation", operation)
                        .tag("protocol", protocol).tag("outcome", outcome).register(registry)));
    }

    private static AwsException asAwsError(Throwable failure) {
        if (failure instanceof AwsException aws) {
            return aws;
        }
        LOG.error("Request failed unexpectedly", failure);
        return AwsException.internal("We encountered an internal error. Please try again.");
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
        boolean form = contentType == null || contentType.startsWith("application/x-www-form-urlencoded");
        if (form && body.length > 0) {
            decodeForm(new String(body, StandardCharsets.UTF_8), parameters);
        }
        return parameters;
    }

    private static void decodeForm(String text, Map<String, String> into) {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                into.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw AwsException.sender("MalformedQueryString", 404, "The query string is malformed: " + pair);
            }
        }
    }

    /** The operation part of a Lambda path (never the function name, which would explode metrics). */
    private static String lambdaOperation(String path) {
        if (path.endsWith("/invocations")) {
            return "invocations";
        }
        if (path.endsWith("/configuration")) {
            return "configuration";
        }
        return path.matches("/2015-03-31/functions/?") ? "functions" : "function";
    }

    /** SNS and S3 share this port but are not served yet: say so in an AWS error shape. */
    private static void writeNotImplemented(RoutingContext ctx, String service, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code><Message>"
                + service + " is not available in this version of Eddy.</Message><RequestId>" + requestId
                + "</RequestId></Error>";
        write(ctx, new Response(501, "application/xml", Map.of("x-amz-request-id", requestId),
                xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static void write(RoutingContext ctx, Response response) {
        HttpServerResponse http = ctx.response();
        if (http.ended() || http.closed()) {
            return;
        }
        http.setStatusCode(response.status());
        http.putHeader("Content-Type", response.contentType());
        response.headers().forEach(http::putHeader);
        http.end(Buffer.buffer(response.body()));
    }
}
