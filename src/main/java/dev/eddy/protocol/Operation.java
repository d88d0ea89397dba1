package dev.eddy.protocol;

import dev.eddy.common.RequestContext;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** A service's operation table, declared one operation a line on the wire side. */
    public static final class Table {
        private final Map<String, Operation<?, ?>> operations = new LinkedHashMap<>();

        public <Q, R> Table add(String name, Class<Q> type, BiFunction<RequestContext, Q, Uni<R>> handler) {
            operations.put(name, new Operation<>(name, type, handler));
            return this;
        }

        public Map<String, Operation<?, ?>> operations() {
            return Map.copyOf(operations);
        }
    }
}
