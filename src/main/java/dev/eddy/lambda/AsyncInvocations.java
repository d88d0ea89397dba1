package dev.eddy.lambda;

import dev.eddy.common.Arn;
import dev.eddy.common.EddyClock;
import dev.eddy.common.Json;
import dev.eddy.delivery.DeliveryHandler;
import dev.eddy.delivery.DeliveryWorker;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.OutboxEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Asynchronous invocations (Invoke with InvocationType=Event, and events other services send a
 * function): recorded in the delivery outbox before the caller is answered, so they survive the
 * replica that accepted them, then invoked by any replica's delivery worker with Lambda's retries:
 * two more attempts, a minute and then two minutes after a failure.
 */
@ApplicationScoped
public class AsyncInvocations implements DeliveryHandler {
    static final String KIND = "lambda-async";
    private static final Logger LOG = Logger.getLogger(AsyncInvocations.class);
    private static final long[] RETRY_DELAYS = {60_000, 120_000};

    /** What an outbox entry of this kind carries. */
    @RegisterForReflection
    /** @param qualifier the version or alias the Invoke named, or null for $LATEST */
    record Pending(String account, String function, String event, String qualifier) {
    }

    private final DeliveryOutbox outbox;
    private final Provider<DeliveryWorker> worker;
    private final FunctionStore functions;
    private final FunctionInvoker invoker;
    private final EddyClock clock;

    AsyncInvocations(DeliveryOutbox outbox, Provider<DeliveryWorker> worker, FunctionStore functions,
                     FunctionInvoker invoker, EddyClock clock) {
        this.outbox = outbox;
        this.worker = worker;
        this.functions = functions;
        this.invoker = invoker;
        this.clock = clock;
    }

    /** Records an invocation of the function with the event; it is made once the record is stored. */
    public Uni<Void> invokeLater(FunctionRecord function, byte[] event) {
        return invokeLater(function.account(), function.name(), function.arn(), event, null);
    }

    /** An Event invocation of a version or alias: resolved again when it is made, as Lambda does. */
    public Uni<Void> invokeLater(FunctionRecord function, String qualifier, byte[] event) {
        return invokeLater(function.account(), function.name(), function.arn(), event, qualifier);
    }

    /**
     * Records an invocation of the function a (possibly qualified) ARN names; a function that does
     * not exist when the attempts come fails them, as a deleted function fails Lambda's queued events.
     */
    public Uni<Void> invokeLater(String functionArn, byte[] event) {
        Arn arn = Arn.parseOrNull(functionArn);
        return invokeLater(arn.account(), arn.functionName(), arn.unqualified().toString(), event, arn.qualifier());
    }

    private Uni<Void> invokeLater(String account, String name, String arn, byte[] event, String qualifier) {
        String payload = Json.write(new Pending(account, name, new String(event, StandardCharsets.UTF_8), qualifier));
        return outbox.record(List.of(OutboxEntry.of(UUID.randomUUID().toString(), KIND, arn, payload, clock.now())))
                .invoke(() -> worker.get().signal());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> attempt(OutboxEntry entry) {
        Pending pending = read(entry);
        return functions.function(pending.account(), pending.function()).chain(function -> {
            if (function == null) {
                throw new IllegalStateException("Function not found: " + entry.target());
            }
            return invoker.invoke(FunctionVersions.resolve(function, pending.qualifier()).function(),
                    pending.event().getBytes(StandardCharsets.UTF_8));
        }).map(result -> {
            if (result.error()) {
                throw new IllegalStateException(result.text());
            }
            return null;
        });
    }

    @Override
    public long retryDelayMillis(OutboxEntry entry, int failedAttempts) {
        return failedAttempts <= RETRY_DELAYS.length ? RETRY_DELAYS[failedAttempts - 1] : -1;
    }

    @Override
    public Uni<Void> exhausted(OutboxEntry entry, int failedAttempts, Throwable lastFailure) {
        LOG.warnf("Asynchronous invocation of %s failed after %d attempts: %s", entry.target(), failedAttempts,
                lastFailure.getMessage());
        return Uni.createFrom().voidItem();
    }

    private static Pending read(OutboxEntry entry) {
        try {
            return Json.MAPPER.readValue(entry.payload(), Pending.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable asynchronous invocation " + entry.id(), e);
        }
    }
}
