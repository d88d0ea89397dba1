package dev.eddy.protocol;

import dev.eddy.common.RequestContext;
import io.smallrye.mutiny.Uni;
import java.util.function.BiFunction;

/**
 * One AWS operation as codecs see it: its name, the record its request decodes into, and the
 * service method that answers it.
 */
public record Operation<Q, R>(String name, Class<Q> requestType, BiFunction<RequestContext, Q, Uni<R>> handler) {

    @SuppressWarnings("unchecked")
    public Uni<Object> invoke(RequestContext context, Object request) {
        return (Uni<Object>) handler.apply(context, (Q) request);
    }
}
