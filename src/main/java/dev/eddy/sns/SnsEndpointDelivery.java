package dev.eddy.sns;

import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.delivery.DeliveryFailure;
import dev.eddy.delivery.DeliveryHandler;
import dev.eddy.lambda.FunctionInvoker;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.store.OutboxEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivers the SNS outbox entries ({@code sns}): notifications and confirmation requests POSTed to
 * HTTP/HTTPS endpoints, notifications to functions (invoked with the SNS event). Retries follow the
 * delivery policy (HTTP) or Lambda's two retries (functions); a notification that failed every
 * attempt goes to the subscription's RedrivePolicy dead-letter queue.
 */
@ApplicationScoped
class SnsEndpointDelivery implements DeliveryHandler {
    static final String KIND = "sns";
    private static final Logger LOG = Logger.getLogger(SnsEndpointDelivery.class);

    /**
     * The payload of an SNS outbox entry: the request to make, rendered and signed at publish time,
     * and what its retries and dead-lettering need.
     *
     * @param type    {@code Notification} or {@code SubscriptionConfirmation}
     * @param message the message a dead-letter queue gets (notifications only)
     */
    @RegisterForReflection
    record Pending(String type, String protocol, String endpoint, Map<String, String> headers, String body,
                   String message, String topicDeliveryPolicy, String deliveryPolicy, String redrivePolicy,
                   String region, String account, String baseUrl) {

        boolean notification() {
            return "Notification".equals(type);
        }

        RequestContext context() {
            return new RequestContext("sns-delivery", region, account, baseUrl, null, null);
        }

        SnsDeliveryPolicy policy() {
            return protocol.equals("lambda") ? SnsDeliveryPolicy.FUNCTION
                    : SnsDeliveryPolicy.effective(topicDeliveryPolicy, deliveryPolicy);
        }
    }

    private final SnsHttpDelivery http;
    private final LambdaFunctions functions;
    private final FunctionInvoker invoker;
    private final SnsDelivery delivery;
    private final SnsMetrics metrics;

    SnsEndpointDelivery(SnsHttpDelivery http, LambdaFunctions functions, FunctionInvoker invoker, SnsDelivery delivery,
                        SnsMetrics metrics) {
        this.http = http;
        this.functions = functions;
        this.invoker = invoker;
        this.delivery = delivery;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> attempt(OutboxEntry entry) {
        Pending pending = read(entry);
        if (!pending.protocol().equals("lambda")) {
            return http.post(pending.endpoint(), pending.headers(), pending.body());
        }
        return functions.function(pending.context(), pending.endpoint())
                .chain(function -> invoker.invoke(function, pending.body().getBytes(StandardCharsets.UTF_8)))
                .invoke(result -> {
                    if (result.error()) {
                        throw new DeliveryFailure(result.text());
                    }
                }).replaceWithVoid();
    }

    @Override
    public long retryDelayMillis(OutboxEntry entry, int failedAttempts) {
        return read(entry).policy().delayMillis(failedAttempts);
    }

    @Override
    public void delivered(OutboxEntry entry) {
        Pending pending = read(entry);
        if (pending.notification()) {
            metrics.delivery(pending.protocol(), SnsMetrics.DELIVERED);
        }
    }

    @Override
    public void retrying(OutboxEntry entry, int failedAttempts, long delayMillis, Throwable failure) {
        Pending pending = read(entry);
        if (pending.notification()) {
            metrics.delivery(pending.protocol(), SnsMetrics.RETRIED);
        }
        LOG.debugf("SNS %s for %s to %s: attempt %d failed (%s), next in %d ms", pending.type(), entry.target(),
                pending.endpoint(), failedAttempts, failure.getMessage(), delayMillis);
    }

    @Override
    public Uni<Void> exhausted(OutboxEntry entry, int failedAttempts, Throwable lastFailure) {
        Pending pending = read(entry);
        if (!pending.notification()) {
            LOG.warnf("SNS %s for %s to %s failed, attempts: %d, last error: %s", pending.type(), entry.target(),
                    pending.endpoint(), failedAttempts, lastFailure.getMessage());
            return Uni.createFrom().voidItem();
        }
        return delivery.deadLetter(pending.context(), pending.redrivePolicy(), entry.target(), pending.message())
                .invoke(sent -> {
                    metrics.delivery(pending.protocol(), sent ? SnsMetrics.DEAD_LETTERED : SnsMetrics.FAILED);
                    LOG.warnf("SNS delivery for %s to %s failed, attempts: %d, last error: %s; %s", entry.target(),
                            pending.endpoint(), failedAttempts, lastFailure.getMessage(),
                            sent ? "dead-lettered" : "dropped");
                }).replaceWithVoid();
    }

    private static Pending read(OutboxEntry entry) {
        try {
            return Json.MAPPER.readValue(entry.payload(), Pending.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Corrupt SNS outbox entry " + entry.id() + ": " + e.getMessage(), e);
        }
    }
}
