package dev.eddy.s3;

import dev.eddy.common.EddyClock;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.delivery.DeliveryHandler;
import dev.eddy.delivery.DeliveryWorker;
import dev.eddy.lambda.AsyncInvocations;
import dev.eddy.s3.NotificationConfiguration.Kind;
import dev.eddy.s3.NotificationConfiguration.Rule;
import dev.eddy.sns.SnsModel.PublishRequest;
import dev.eddy.sns.SnsPublishing;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.OutboxEntry;
import dev.eddy.store.QueueId;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends S3 events to their destinations through each service's Java API: SQS SendMessage, SNS
 * Publish (subject "Amazon S3 Notification"), or an asynchronous function invocation.
 *
 * <p>Queues and topics get an event before the S3 request answers. A function's event is handed
 * to {@link AsyncInvocations}, which records it in the delivery outbox before the request answers
 * and invokes it with Lambda's retries, as S3 invokes functions asynchronously. A queue or topic
 * event whose first delivery failed is recorded in the outbox too and retried from there by
 * whichever replica claims it (three attempts in all, a second and two seconds apart): a replica
 * that stops mid-delivery loses nothing. Delivery is at least once, as on AWS.
 */
@ApplicationScoped
public class S3EventDelivery implements DeliveryHandler {
    static final Logger LOG = Logger.getLogger(S3EventDelivery.class);
    static final String SUBJECT = "Amazon S3 Notification";
    static final String KIND = "s3-event";
    private static final long[] RETRY_DELAYS = {1_000, 2_000};

    /** An event waiting in the outbox for a queue or topic. */
    @RegisterForReflection
    record Pending(String kind, String arn, String event, String body, String account, String region,
                   String baseUrl) {
    }

    private final SqsMessages sqs;
    private final SnsPublishing sns;
    private final AsyncInvocations functions;
    private final DeliveryOutbox outbox;
    private final Provider<DeliveryWorker> worker;
    private final S3Metrics metrics;
    private final EddyClock clock;

    S3EventDelivery(SqsMessages sqs, SnsPublishing sns, AsyncInvocations functions, DeliveryOutbox outbox,
                    Provider<DeliveryWorker> worker, S3Metrics metrics, EddyClock clock) {
        this.sqs = sqs;
        this.sns = sns;
        this.functions = functions;
        this.outbox = outbox;
        this.worker = worker;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Delivers one event: completes once a queue or topic has it, or once it is recorded for later
     * delivery (a function's, or one whose delivery just failed).
     */
    Uni<Void> deliver(RequestContext context, Rule rule, String event, String body) {
        if (rule.kind() == Kind.FUNCTION) {
            return functions.invokeLater(rule.arn(), body.getBytes(StandardCharsets.UTF_8))
                    .invoke(() -> metrics.eventSent(event, rule.kind(), true));
        }
        Pending pending = new Pending(rule.kind().noun, rule.arn(), event, body, context.accountId(),
                context.region(), context.baseUrl());
        return send(pending).invoke(() -> metrics.eventSent(event, rule.kind(), true))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("S3 event %s to %s failed, will retry: %s", event, rule.arn(), e.getMessage());
                    OutboxEntry entry = new OutboxEntry(UUID.randomUUID().toString(), KIND, rule.arn(),
                            Json.write(pending), 1, clock.now() + RETRY_DELAYS[0], null);
                    return outbox.record(List.of(entry));
                });
    }

    /** One attempt; fails when the destination did not take the event. */
    private Uni<Void> send(Pending event) {
        RequestContext context = new RequestContext(UUID.randomUUID().toString(), event.region(), event.account(),
                event.baseUrl(), null, null);
        return switch (kind(event)) {
            case QUEUE -> sqs.sendMessage(context, QueueId.ofArn(event.arn()),
                    new SendMessageRequest(null, event.body(), null, null, null, null, null)).replaceWithVoid();
            case TOPIC -> sns.publish(context, new PublishRequest(event.arn(), null, null, event.body(), SUBJECT, null,
                    null, null, null)).replaceWithVoid();
            case FUNCTION -> throw new IllegalStateException("Function events go through asynchronous invocations");
        };
    }

    private static Kind kind(Pending event) {
        for (Kind k : Kind.values()) {
            if (k.noun.equals(event.kind())) {
                return k;
            }
        }
        throw new IllegalStateException("Unknown destination kind " + event.kind());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> attempt(OutboxEntry entry) {
        return Uni.createFrom().deferred(() -> send(read(entry)));
    }

    @Override
    public long retryDelayMillis(OutboxEntry entry, int failedAttempts) {
        return failedAttempts <= RETRY_DELAYS.length ? RETRY_DELAYS[failedAttempts - 1] : -1;
    }

    @Override
    public Uni<Void> exhausted(OutboxEntry entry, int failedAttempts, Throwable lastFailure) {
        Pending pending = read(entry);
        LOG.warnf("S3 event %s to %s failed after %d attempts: %s", pending.event(), pending.arn(), failedAttempts,
                lastFailure.getMessage());
        metrics.eventSent(pending.event(), kind(pending), false);
        return Uni.createFrom().voidItem();
    }

    @Override
    public void delivered(OutboxEntry entry) {
        Pending pending = read(entry);
        metrics.eventSent(pending.event(), kind(pending), true);
    }

    private static Pending read(OutboxEntry entry) {
        try {
            return Json.MAPPER.readValue(entry.payload(), Pending.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable S3 event " + entry.id(), e);
        }
    }
}
