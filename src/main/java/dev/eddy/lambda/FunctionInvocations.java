package dev.eddy.lambda;

import dev.eddy.common.AwsException;
import dev.eddy.common.RequestContext;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.store.FunctionRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Invoke: synchronous (RequestResponse), asynchronous (Event, through the outbox) or a DryRun. */
@ApplicationScoped
public class FunctionInvocations {
    /** Lambda's invocation payload quotas: 6 MB synchronous, 1 MB asynchronous. */
    private static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    private static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

    /** Invoke's input; a null invocation type is RequestResponse, Lambda's default. */
    public record InvokeRequest(String functionName, String qualifier, String invocationType, byte[] payload) {
    }

    /**
     * Invoke's output as Lambda models it: the status code (200, 202 for Event, 204 for DryRun), the
     * function error and the version that ran (both null when there is none) and the payload.
     */
    public record InvokeResult(int statusCode, String functionError, String executedVersion, byte[] payload) {
    }

    private final LambdaFunctions functions;
    private final FunctionInvoker invoker;
    private final AsyncInvocations async;

    FunctionInvocations(LambdaFunctions functions, FunctionInvoker invoker, AsyncInvocations async) {
        this.functions = functions;
        this.invoker = invoker;
        this.async = async;
    }

    public Uni<InvokeResult> invoke(RequestContext context, InvokeRequest request) {
        String name = request.functionName();
        String qualifier = LambdaFunctions.qualifier(name, request.qualifier());
        String type = request.invocationType() == null ? "RequestResponse" : request.invocationType();
        byte[] payload = request.payload();
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (payload.length > limit) {
            throw AwsException.sender("RequestEntityTooLargeException", 413, "Request must be smaller than " + limit
                    + " bytes for the InvokeFunction operation");
        }
        return functions.function(context, name).map(f -> FunctionVersions.resolve(f, qualifier)).chain(resolved -> {
            FunctionRecord function = resolved.function();
            return switch (type) {
            case "DryRun" -> Uni.createFrom().item(new InvokeResult(204, null, null, new byte[0]));
            case "Event" -> async.invokeLater(function, qualifier, payload)
                    .replaceWith(new InvokeResult(202, null, null, new byte[0]));
            case "RequestResponse" -> invoker.invoke(function, payload)
                    .map(result -> new InvokeResult(200, result.error() ? "Unhandled" : null, resolved.version(),
                            result.payload()))
                    .onFailure(DeliveryFailure.class).transform(f -> new AwsException("TooManyRequestsException",
                            "TooManyRequestsException", 429, true, "Rate Exceeded. " + f.getMessage()));
            default -> throw LambdaFunctions.invalid("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[Event, RequestResponse, DryRun]");
            };
        });
    }
}
