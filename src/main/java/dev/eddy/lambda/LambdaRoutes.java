package dev.eddy.lambda;

import dev.eddy.common.AwsException;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.CreateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.CreateFunctionRequest;
import dev.eddy.lambda.LambdaModel.Tags;
import dev.eddy.lambda.LambdaModel.UpdateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.UpdateFunctionConfigurationRequest;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.protocol.Response;
import dev.eddy.store.FunctionRecord;
import dev.eddy.protocol.restjson.RestJsonCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final FunctionConcurrency concurrency;
    private final FunctionVersions versions;
    private final RequestDecoder decoder;
    private static final Pattern VERSIONS = Pattern.compile("/2015-03-31/functions/([^/]+)/versions/?");
    private static final Pattern ALIASES = Pattern.compile("/2015-03-31/functions/([^/]+)/aliases(?:/([^/]+))?/?");

    /** Put/DeleteFunctionConcurrency live under 2017-10-31, GetFunctionConcurrency under 2019-09-30. */
    private static final Pattern CONCURRENCY = Pattern.compile("/(2017-10-31|2019-09-30)/functions/([^/]+)/concurrency/?");
    private static final Pattern ACCOUNT_SETTINGS = Pattern.compile("/2016-08-19/account-settings/?");

    LambdaRoutes(LambdaFunctions functions, EventSourceMappings mappings, FunctionInvoker invoker,
                 AsyncInvocations async, FunctionConcurrency concurrency, FunctionVersions versions,
                 RequestDecoder decoder) {
        this.decoder = decoder;
        this.concurrency = concurrency;
        this.versions = versions;
        this.functions = functions;
        this.mappings = mappings;
        this.invoker = invoker;
        this.async = async;
    }

    /** A request record from its JSON body, its declared constraints checked. */
    private <T> T decode(byte[] body, Class<T> type) {
        T request = RestJsonCodec.decode(body, type);
        decoder.validate(request);
        return request;
    }

    public Uni<Response> handle(String method, String path, String rawQuery, Map<String, String> query,
                                Map<String, String> headers, byte[] body, RequestContext context) {
        String id = context.requestId();
        return Uni.createFrom().deferred(() -> route(method, path, rawQuery, query, headers, body, context))
                .onFailure(AwsException.class).recoverWithItem(e -> RestJsonCodec.encodeError((AwsException) e, id));
    }

    private Uni<Response> route(String method, String path, String rawQuery, Map<String, String> query,
                                Map<String, String> headers, byte[] body, RequestContext context) {
        String id = context.requestId();
        if (path.equals("/2015-03-31/functions") || path.equals("/2015-03-31/functions/")) {
            if (method.equals("POST")) {
                return functions.create(context, decode(body, CreateFunctionRequest.class))
                        .map(r -> RestJsonCodec.encode(201, r, id));
            }
            if (method.equals("GET")) {
                Integer max = query.containsKey("MaxItems") ? parseInt("MaxItems", query.get("MaxItems")) : null;
                return functions.list(context, query.get("Marker"), max).map(r -> RestJsonCodec.encode(200, r, id));
            }
        }
        if (path.equals("/2015-03-31/event-source-mappings") || path.equals("/2015-03-31/event-source-mappings/")) {
            if (method.equals("POST")) {
                return mappings.create(context, decode(body, CreateEventSourceMappingRequest.class))
                        .map(r -> RestJsonCodec.encode(202, r, id));
            }
            if (method.equals("GET")) {
                Integer max = query.containsKey("MaxItems") ? parseInt("MaxItems", query.get("MaxItems")) : null;
                return mappings.list(context, query.get("EventSourceArn"), query.get("FunctionName"),
                        query.get("Marker"), max).map(r -> RestJsonCodec.encode(200, r, id));
            }
        }
        Matcher versioned = VERSIONS.matcher(path);
        if (versioned.matches()) {
            String name = URLDecoder.decode(versioned.group(1), StandardCharsets.UTF_8);
            if (method.equals("POST")) {
                return versions.publish(context, name, body.length == 0 ? null
                        : decode(body, LambdaModel.PublishVersionRequest.class))
                        .map(r -> RestJsonCodec.encode(201, r, id));
            }
            if (method.equals("GET")) {
                Integer max = query.containsKey("MaxItems") ? parseInt("MaxItems", query.get("MaxItems")) : null;
                return versions.listVersions(context, name, query.get("Marker"), max)
                        .map(r -> RestJsonCodec.encode(200, r, id));
            }
        }
        Matcher aliased = ALIASES.matcher(path);
        if (aliased.matches()) {
            String name = URLDecoder.decode(aliased.group(1), StandardCharsets.UTF_8);
            String alias = aliased.group(2) == null ? null : URLDecoder.decode(aliased.group(2), StandardCharsets.UTF_8);
            switch ((alias == null ? "all " : "one ") + method) {
                case "all POST" -> {
                    return versions.createAlias(context, name, decode(body, LambdaModel.CreateAliasRequest.class))
                            .map(r -> RestJsonCodec.encode(201, r, id));
                }
                case "all GET" -> {
                    return versions.listAliases(context, name, query.get("FunctionVersion"))
                            .map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "one GET" -> {
                    return versions.getAlias(context, name, alias).map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "one PUT" -> {
                    return versions.updateAlias(context, name, alias,
                                    decode(body, LambdaModel.UpdateAliasRequest.class))
                            .map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "one DELETE" -> {
                    return versions.deleteAlias(context, name, alias).map(v -> RestJsonCodec.encode(204, null, id));
                }
                default -> { }
            }
        }
        Matcher reserved = CONCURRENCY.matcher(path);
        if (reserved.matches()) {
            String name = URLDecoder.decode(reserved.group(2), StandardCharsets.UTF_8);
            switch (reserved.group(1) + " " + method) {
                case "2017-10-31 PUT" -> {
                    return concurrency.put(context, name, decode(body, LambdaModel.Concurrency.class))
                            .map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "2017-10-31 DELETE" -> {
                    return concurrency.delete(context, name).map(v -> RestJsonCodec.encode(204, null, id));
                }
                case "2019-09-30 GET" -> {
                    return concurrency.get(context, name).map(r -> RestJsonCodec.encode(200, r, id));
                }
                default -> { }
            }
        }
        if (ACCOUNT_SETTINGS.matcher(path).matches() && method.equals("GET")) {
            return concurrency.accountSettings(context).map(r -> RestJsonCodec.encode(200, r, id));
        }
        Matcher tagged = TAGS.matcher(path);
        if (tagged.matches()) {
            return tags(method, URLDecoder.decode(tagged.group(1), StandardCharsets.UTF_8), rawQuery, body, context);
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
                                    decode(body, UpdateEventSourceMappingRequest.class))
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
                    // With a Qualifier only that version goes, never the whole function.
                    String qualifier = LambdaFunctions.qualifier(name, query.get("Qualifier"));
                    Uni<Void> deleted = qualifier == null ? functions.delete(context, name)
                            : versions.deleteVersion(context, name, qualifier);
                    return deleted.map(v -> RestJsonCodec.encode(204, null, id));
                }
                case "GET /configuration" -> {
                    String qualifier = LambdaFunctions.qualifier(name, query.get("Qualifier"));
                    return functions.function(context, name).map(f -> RestJsonCodec.encode(200,
                            FunctionVersions.resolve(f, qualifier).configuration(), id));
                }
                case "PUT /configuration" -> {
                    return functions.updateConfiguration(context, name,
                                    decode(body, UpdateFunctionConfigurationRequest.class))
                            .map(r -> RestJsonCodec.encode(200, r, id));
                }
                case "POST /invocations" -> {
                    return invoke(context, name, LambdaFunctions.qualifier(name, query.get("Qualifier")),
                            headers.getOrDefault("x-amz-invocation-type", "RequestResponse"), body);
                }
                default -> { }
            }
        }
        throw AwsException.sender("UnknownOperationException", 404, "Unknown operation " + method + " " + path);
    }

    /** {@code /2017-03-31/tags/<ARN>}: the tags of a function or an event source mapping. */
    private static final Pattern TAGS = Pattern.compile("/2017-03-31/tags/(.+)");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws:lambda:[^:]+:\\d{12}:function:[^:]+");
    private static final Pattern MAPPING_ARN = Pattern.compile("arn:aws:lambda:[^:]+:\\d{12}:event-source-mapping:(.+)");

    private Uni<Response> tags(String method, String arn, String rawQuery, byte[] body, RequestContext context) {
        String id = context.requestId();
        Matcher mappingArn = MAPPING_ARN.matcher(arn);
        boolean function = FUNCTION_ARN.matcher(arn).matches();
        if (!function && !mappingArn.matches()) {
            throw LambdaFunctions.invalid("1 validation error detected: Value '" + arn + "' at 'resource' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: "
                    + "arn:aws:lambda:region:account:(function:name|event-source-mapping:uuid)");
        }
        String uuid = function ? null : mappingArn.group(1);
        switch (method) {
            case "GET" -> {
                Uni<Map<String, String>> tags = function ? functions.tags(context, arn) : mappings.tags(uuid);
                return tags.map(t -> RestJsonCodec.encode(200, new Tags(t), id));
            }
            case "POST" -> {
                Tags given = decode(body, Tags.class);
                if (given.tags() == null) {
                    throw LambdaFunctions.invalid("1 validation error detected: Value null at 'tags' failed to satisfy "
                            + "constraint: Member must not be null");
                }
                Uni<Void> done = function ? functions.retag(context, arn, given.tags(), List.of())
                        : mappings.retag(uuid, given.tags(), List.of());
                return done.map(v -> RestJsonCodec.encode(204, null, id));
            }
            case "DELETE" -> {
                List<String> keys = values(rawQuery, "tagKeys");
                Uni<Void> done = function ? functions.retag(context, arn, Map.of(), keys)
                        : mappings.retag(uuid, Map.of(), keys);
                return done.map(v -> RestJsonCodec.encode(204, null, id));
            }
            default -> throw AwsException.sender("UnknownOperationException", 404, "Unknown operation " + method
                    + " /2017-03-31/tags/" + arn);
        }
    }

    /** Every value of a repeated query parameter ({@code tagKeys=a&tagKeys=b}). */
    private static List<String> values(String rawQuery, String name) {
        List<String> values = new java.util.ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** Lambda's invocation payload quotas: 6 MB synchronous, 1 MB asynchronous. */
    private static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    private static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

    private Uni<Response> invoke(RequestContext context, String name, String qualifier, String type, byte[] body) {
        String id = context.requestId();
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (body.length > limit) {
            throw AwsException.sender("RequestEntityTooLargeException", 413, "Request must be smaller than " + limit
                    + " bytes for the InvokeFunction operation");
        }
        return functions.function(context, name).map(f -> FunctionVersions.resolve(f, qualifier)).chain(resolved -> {
            FunctionRecord function = resolved.function();
            return switch (type) {
            case "DryRun" -> Uni.createFrom().item(new Response(204, RestJsonCodec.CONTENT_TYPE,
                    Map.of("x-amzn-RequestId", id), new byte[0]));
            case "Event" -> async.invokeLater(function, qualifier, body).replaceWith(new Response(202,
                    RestJsonCodec.CONTENT_TYPE, Map.of("x-amzn-RequestId", id), new byte[0]));
            case "RequestResponse" -> invoker.invoke(function, body).map(result -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("x-amzn-RequestId", id);
                headers.put("X-Amz-Executed-Version", resolved.version());
                if (result.error()) {
                    headers.put("X-Amz-Function-Error", "Unhandled");
                }
                return new Response(200, RestJsonCodec.CONTENT_TYPE, headers, result.payload());
            }).onFailure(DeliveryFailure.class).transform(f -> new AwsException("TooManyRequestsException",
                    "TooManyRequestsException", 429, true, "Rate Exceeded. " + f.getMessage()));
            default -> throw LambdaFunctions.invalid("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[Event, RequestResponse, DryRun]");
            };
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
