package dev.eddy.lambda;

import dev.eddy.common.AwsException;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.CreateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.CreateFunctionRequest;
import dev.eddy.lambda.LambdaModel.UpdateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.UpdateFunctionConfigurationRequest;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.restjson.RestJsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Lambda REST-JSON API under {@code /2015-03-31/}: functions, Invoke and event source mappings. */
@ApplicationScoped
public class LambdaRoutes {
    public static final String PREFIX = "/2015-03-31/";
    private static final Pattern MAPPING = Pattern.compile("/2015-03-31/event-source-mappings/([^/]+)/?");
    private static final Pattern FUNCTION = Pattern.compile("/2015-03-31/functions/([^/]+)(/configuration|/invocations)?/?");

    private final LambdaFunctions functions;
    private final EventSourceMappings mappings;
    private final FunctionInvoker invoker;
    private final AsyncInvocations async;

    LambdaRoutes(LambdaFunctions functions, EventSourceMappings mappings, FunctionInvoker invoker,
                 AsyncInvocations async) {
        this.functions = functions;
        this.mappings = mappings;
        this.invoker = invoker;
        this.async = async;
    }

    public Uni<Response> handle(String method, String path, Map<String, String> query, Map<String, String> headers,
                                byte[] body, RequestContext context) {
        String id = context.requestId();
        return Uni.createFrom().deferred(() -> route(method, path, query, headers, body, context))
                .onFailure(AwsException.class).recoverWithItem(e -> RestJsonCodec.encodeError((AwsException) e, id));
    }

    private Uni<Response> route(String method, String path, Map<String, String> query, Map<String, String> headers,
                                byte[] body, RequestContext context) {
        String id = context.requestId();
        if (path.equals("/2015-03-31/functions") || path.equals("/2015-03-31/functions/")) {
            if (method.equals("POST")) {
                return functions.create(context, RestJsonCodec.decode(body, CreateFunctionRequest.class))
                        .map(r -> RestJsonCodec.encode(201, r, id));
            }
            if (method.equals("GET")) {
                Integer max = query.containsKey("MaxItems") ? parseInt("MaxItems", query.get("MaxItems")) : null;
                return functions.list(context, query.get("Marker"), max).map(r -> RestJsonCodec.encode(200, r, id));
            }
        }
        if (path.equals("/2015-03-31/event-source-mappings") || path.equals("/2015-03-31/event-source-mappings/")) {
            if (method.equals("POST")) {
                return mappings.create(context, RestJsonCodec.decode(body, CreateEventSourceMappingRequest.class))
                        .map(r -> RestJsonCodec.encode(202, r, id));
            }
            if (method.equals("GET")) {
                Integer max = query.containsKey("MaxItems") ? parseInt("MaxItems", query.get("MaxItems")) : null;
                return mappings.list(context, query.get("EventSourceArn"), query.get("FunctionName"),
                        query.get("Marker"), max).map(r -> RestJsonCodec.encode(200, r, id));
            }
        }
        Matcher mapping = MAPPING.matcher(path);
        if (mapping.matches()) {
            String uuid = URLDecoder.decode(mapping.group(1), StandardCharsets.UTF_8);
            switch (method) {
                case "GET" -> {
                    return mappings.get(context, uuid).map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "PUT" -> {
                    return mappings.update(context, uuid,
                                    RestJsonCodec.decode(body, UpdateEventSourceMappingRequest.class))
                            .map(r -> RestJsonCodec.encode(202, r, id));
                }
                case "DELETE" -> {
                    return mappings.delete(context, uuid).map(r -> RestJsonCodec.encode(202, r, id));
                }
                default -> { }
            }
        }
        Matcher m = FUNCTION.matcher(path);
        if (m.matches()) {
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            String sub = m.group(2) == null ? "" : m.group(2);
            switch (method + " " + sub) {
                case "GET " -> {
                    return functions.get(context, name).map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "DELETE " -> {
                    return functions.delete(context, name).map(v -> RestJsonCodec.encode(204, null, id));
                }
                case "GET /configuration" -> {
                    return functions.getConfiguration(context, name).map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "PUT /configuration" -> {
                    return functions.updateConfiguration(context, name,
                                    RestJsonCodec.decode(body, UpdateFunctionConfigurationRequest.class))
                            .map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "POST /invocations" -> {
                    return invoke(context, name, headers.getOrDefault("x-amz-invocation-type", "RequestResponse"), body);
                }
                default -> { }
            }
        }
        throw AwsException.sender("UnknownOperationException", 404, "Unknown operation " + method + " " + path);
    }

    /** Lambda's invocation payload quotas: 6 MB synchronous, 1 MB asynchronous. */
    private static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    private static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

    private Uni<Response> invoke(RequestContext context, String name, String type, byte[] body) {
        String id = context.requestId();
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (body.length > limit) {
            throw AwsException.sender("RequestEntityTooLargeException", 413, "Request must be smaller than " + limit
                    + " bytes for the InvokeFunction operation");
        }
        return functions.function(context, name).chain(function -> switch (type) {
            case "DryRun" -> Uni.createFrom().item(new Response(204, RestJsonCodec.CONTENT_TYPE,
                    Map.of("x-amzn-RequestId", id), new byte[0]));
            case "Event" -> async.invokeLater(function, body).replaceWith(new Response(202,
                    RestJsonCodec.CONTENT_TYPE, Map.of("x-amzn-RequestId", id), new byte[0]));
            case "RequestResponse" -> invoker.invoke(function, body).map(result -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("x-amzn-RequestId", id);
                headers.put("X-Amz-Executed-Version", "$LATEST");
                if (result.error()) {
                    headers.put("X-Amz-Function-Error", "Unhandled");
                }
                return new Response(200, RestJsonCodec.CONTENT_TYPE, headers, result.payload());
            }).onFailure(DeliveryFailure.class).transform(f -> new AwsException("TooManyRequestsException",
                    "TooManyRequestsException", 429, true, "Rate Exceeded. " + f.getMessage()));
            default -> throw LambdaFunctions.invalid("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[Event, RequestResponse, DryRun]");
        });
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw LambdaFunctions.invalid("Invalid value for " + name + ": " + value);
        }
    }
}
