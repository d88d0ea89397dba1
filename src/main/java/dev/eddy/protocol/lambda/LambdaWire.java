package dev.eddy.protocol.lambda;

import dev.eddy.lambda.EventSourceMappings;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.lambda.FunctionConcurrency;
import dev.eddy.lambda.FunctionInvocations;
import dev.eddy.lambda.FunctionInvocations.InvokeRequest;
import dev.eddy.lambda.FunctionInvocations.InvokeResult;
import dev.eddy.lambda.FunctionVersions;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.lambda.LambdaModel.Concurrency;
import dev.eddy.lambda.LambdaModel.CreateAliasRequest;
import dev.eddy.lambda.LambdaModel.CreateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.CreateFunctionRequest;
import dev.eddy.lambda.LambdaModel.PublishVersionRequest;
import dev.eddy.lambda.LambdaModel.Tags;
import dev.eddy.lambda.LambdaModel.UpdateAliasRequest;
import dev.eddy.lambda.LambdaModel.UpdateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.UpdateFunctionConfigurationRequest;
import dev.eddy.lambda.ResourceTags;
import dev.eddy.protocol.Response;
import dev.eddy.protocol.restjson.RestJsonCodec;
import dev.eddy.protocol.restjson.RestJsonRequest;
import dev.eddy.protocol.restjson.RestJsonRoutes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda on the wire (REST-JSON): each operation's method and path, the labels, query members and
 * headers bound into its input, and the status of its success. The {@code lambda} package knows
 * none of this.
 */
@ApplicationScoped
public class LambdaWire {
    public static final String PREFIX = "/2015-03-31/";
    private static final String FUNCTION = "/2015-03-31/functions/{FunctionName}";
    private static final String MAPPING = "/2015-03-31/event-source-mappings/{UUID}";

    private final RestJsonRoutes routes;

    private final RequestDecoder decoder;

    /** A request record from its JSON body, its declared constraints checked. */
    private <T> T body(RestJsonRequest request, Class<T> type) {
        T decoded = request.body(type);
        decoder.validate(decoded);
        return decoded;
    }

    LambdaWire(LambdaFunctions functions, FunctionVersions versions, FunctionConcurrency concurrency,
               FunctionInvocations invocations, EventSourceMappings mappings, ResourceTags tags,
               RequestDecoder decoder) {
        this.decoder = decoder;
        routes = new RestJsonRoutes()
                .add("CreateFunction", "POST", "/2015-03-31/functions", 201,
                        r -> functions.create(r.context(), body(r, CreateFunctionRequest.class)))
                .add("ListFunctions", "GET", "/2015-03-31/functions", 200,
                        r -> functions.list(r.context(), r.query("Marker"), r.intQuery("MaxItems")))
                .add("CreateEventSourceMapping", "POST", "/2015-03-31/event-source-mappings", 202,
                        r -> mappings.create(r.context(), body(r, CreateEventSourceMappingRequest.class)))
                .add("ListEventSourceMappings", "GET", "/2015-03-31/event-source-mappings", 200,
                        r -> mappings.list(r.context(), r.query("EventSourceArn"), r.query("FunctionName"),
                                r.query("Marker"), r.intQuery("MaxItems")))
                .add("PublishVersion", "POST", FUNCTION + "/versions", 201,
                        r -> versions.publish(r.context(), r.label("FunctionName"),
                                r.body().length == 0 ? null : body(r, PublishVersionRequest.class)))
                .add("ListVersionsByFunction", "GET", FUNCTION + "/versions", 200,
                        r -> versions.listVersions(r.context(), r.label("FunctionName"), r.query("Marker"),
                                r.intQuery("MaxItems")))
                .add("CreateAlias", "POST", FUNCTION + "/aliases", 201,
                        r -> versions.createAlias(r.context(), r.label("FunctionName"), body(r, CreateAliasRequest.class)))
                .add("ListAliases", "GET", FUNCTION + "/aliases", 200,
                        r -> versions.listAliases(r.context(), r.label("FunctionName"), r.query("FunctionVersion")))
                .add("GetAlias", "GET", FUNCTION + "/aliases/{Name}", 200,
                        r -> versions.getAlias(r.context(), r.label("FunctionName"), r.label("Name")))
                .add("UpdateAlias", "PUT", FUNCTION + "/aliases/{Name}", 200,
                        r -> versions.updateAlias(r.context(), r.label("FunctionName"), r.label("Name"),
                                body(r, UpdateAliasRequest.class)))
                .add("DeleteAlias", "DELETE", FUNCTION + "/aliases/{Name}", 204,
                        r -> versions.deleteAlias(r.context(), r.label("FunctionName"), r.label("Name")))
                // Put/DeleteFunctionConcurrency live under 2017-10-31, GetFunctionConcurrency under 2019-09-30.
                .add("PutFunctionConcurrency", "PUT", "/2017-10-31/functions/{FunctionName}/concurrency", 200,
                        r -> concurrency.put(r.context(), r.label("FunctionName"), body(r, Concurrency.class)))
                .add("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", 204,
                        r -> concurrency.delete(r.context(), r.label("FunctionName")))
                .add("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency", 200,
                        r -> concurrency.get(r.context(), r.label("FunctionName")))
                .add("GetAccountSettings", "GET", "/2016-08-19/account-settings", 200,
                        r -> concurrency.accountSettings(r.context()))
                .add("ListTags", "GET", "/2017-03-31/tags/{Resource+}", 200,
                        r -> tags.listTags(r.context(), r.label("Resource")))
                .add("TagResource", "POST", "/2017-03-31/tags/{Resource+}", 204,
                        r -> tags.tagResource(r.context(), r.label("Resource"), body(r, Tags.class)))
                .add("UntagResource", "DELETE", "/2017-03-31/tags/{Resource+}", 204,
                        r -> tags.untagResource(r.context(), r.label("Resource"), r.queryValues("tagKeys")))
                .add("GetEventSourceMapping", "GET", MAPPING, 200, r -> mappings.get(r.context(), r.label("UUID")))
                .add("UpdateEventSourceMapping", "PUT", MAPPING, 202,
                        r -> mappings.update(r.context(), r.label("UUID"), body(r, UpdateEventSourceMappingRequest.class)))
                .add("DeleteEventSourceMapping", "DELETE", MAPPING, 202,
                        r -> mappings.delete(r.context(), r.label("UUID")))
                .add("GetFunction", "GET", FUNCTION, 200, r -> functions.get(r.context(), r.label("FunctionName")))
                .add("DeleteFunction", "DELETE", FUNCTION, 204,
                        r -> versions.deleteFunction(r.context(), r.label("FunctionName"), r.query("Qualifier")))
                .add("GetFunctionConfiguration", "GET", FUNCTION + "/configuration", 200,
                        r -> functions.getConfiguration(r.context(), r.label("FunctionName"), r.query("Qualifier")))
                .add("UpdateFunctionConfiguration", "PUT", FUNCTION + "/configuration", 200,
                        r -> functions.updateConfiguration(r.context(), r.label("FunctionName"),
                                body(r, UpdateFunctionConfigurationRequest.class)))
                .add("Invoke", "POST", FUNCTION + "/invocations",
                        r -> invocations.invoke(r.context(), new InvokeRequest(r.label("FunctionName"),
                                r.query("Qualifier"), r.header("x-amz-invocation-type"), r.body())),
                        LambdaWire::invoked);
    }

    public Uni<Response> handle(RestJsonRequest request) {
        return routes.handle(request);
    }

    /** Invoke's output: StatusCode is the HTTP status, FunctionError and ExecutedVersion headers, the payload the body. */
    private static Response invoked(InvokeResult result, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        if (result.executedVersion() != null) {
            headers.put("X-Amz-Executed-Version", result.executedVersion());
        }
        if (result.functionError() != null) {
            headers.put("X-Amz-Function-Error", result.functionError());
        }
        return new Response(result.statusCode(), RestJsonCodec.CONTENT_TYPE, headers, result.payload());
    }

    /** The operation part of a Lambda path, for metrics (never the function name, which would explode them). */
    public static String metricsOperation(String path) {
        if (path.endsWith("/invocations")) {
            return "invocations";
        }
        if (path.endsWith("/configuration")) {
            return "configuration";
        }
        if (path.startsWith("/2017-03-31/tags/")) {
            return "tags";
        }
        if (path.endsWith("/concurrency") || path.endsWith("/concurrency/")) {
            return "concurrency";
        }
        if (path.startsWith("/2016-08-19/account-settings")) {
            return "account-settings";
        }
        if (path.startsWith("/2015-03-31/event-source-mappings")) {
            return "event-source-mappings";
        }
        if (path.matches("/2015-03-31/functions/?")) {
            return "functions";
        }
        // Never a path of the caller's choosing: a series per path would grow without bound.
        return path.startsWith("/2015-03-31/functions/") ? "function" : "other";
    }
}
