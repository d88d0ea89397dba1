package dev.eddy.protocol.restjson;

import dev.eddy.common.AwsException;
import dev.eddy.protocol.Response;
import io.smallrye.mutiny.Uni;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A REST-JSON service's routing table: method and path template to the operation, the call that
 * answers it and the status of its success. A template names its labels in braces
 * ({@code /2015-03-31/functions/{FunctionName}/invocations}); {@code {Name+}} takes the rest of the
 * path, slashes included. A trailing slash is accepted on every path, as the services accept it.
 */
public final class RestJsonRoutes {
    private static final Pattern LABEL = Pattern.compile("\\{([A-Za-z]+)(\\+?)}");

    private record Route(String operation, String method, Pattern path, List<String> labels,
                         Function<RestJsonRequest, Uni<Response>> answer) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** An operation whose result, if any, is the JSON body of a {@code status} answer. */
    public <R> RestJsonRoutes add(String operation, String method, String template, int status,
                                  Function<RestJsonRequest, Uni<R>> call) {
        return add(operation, method, template, call, (result, requestId) -> RestJsonCodec.encode(status, result, requestId));
    }

    /** An operation whose result binds to the answer its own way (status and headers from members). */
    public <R> RestJsonRoutes add(String operation, String method, String template,
                                  Function<RestJsonRequest, Uni<R>> call, BiFunction<R, String, Response> answer) {
        List<String> labels = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher label = LABEL.matcher(template);
        int at = 0;
        while (label.find()) {
            regex.append(Pattern.quote(template.substring(at, label.start())))
                    .append(label.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            labels.add(label.group(1));
            at = label.end();
        }
        regex.append(Pattern.quote(template.substring(at))).append("/?");
        routes.add(new Route(operation, method, Pattern.compile(regex.toString()), List.copyOf(labels),
                request -> call.apply(request).map(result -> answer.apply(result, request.context().requestId()))));
        return this;
    }

    /** Routes a request to its operation and answers it; an AWS error is answered in REST-JSON's shape. */
    public Uni<Response> handle(RestJsonRequest request) {
        String requestId = request.context().requestId();
        return Uni.createFrom().deferred(() -> route(request))
                .onFailure(AwsException.class).recoverWithItem(e -> RestJsonCodec.encodeError((AwsException) e, requestId));
    }

    private Uni<Response> route(RestJsonRequest request) {
        for (Route route : routes) {
            if (!route.method().equals(request.method())) {
                continue;
            }
            Matcher matched = route.path().matcher(request.path());
            if (matched.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 0; i < route.labels().size(); i++) {
                    labels.put(route.labels().get(i), URLDecoder.decode(matched.group(i + 1), StandardCharsets.UTF_8));
                }
                return route.answer().apply(request.withLabels(labels));
            }
        }
        throw AwsException.sender("UnknownOperationException", 404,
                "Unknown operation " + request.method() + " " + request.path());
    }
}
