package dev.eddy.s3;

import dev.eddy.common.EddyClock;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.FunctionInvoker;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.s3.NotificationConfiguration.Kind;
import dev.eddy.s3.NotificationConfiguration.Rule;
import dev.eddy.sns.SnsModel.PublishRequest;
import dev.eddy.sns.SnsPublishing;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.PendingEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends S3 events to their destinations through each service's Java API: SQS SendMessage, SNS
 * Publish (subject "Amazon S3 Notification"), or a function invocation.
 *
 * <p>Queues and topics get an event before the S3 request answers. Function events, and queue or
 * topic events whose first delivery failed, are recorded in the store first and delivered from
 * there by whichever replica claims them: a replica that stops mid-delivery loses nothing, another
 * takes the event over when its lease runs out. Three attempts in all, a second and two seconds
 * apart, as Lambda retries asynchronous events twice; delivery is at least once, as on AWS.
 */
@ApplicationScoped
class S3EventDelivery {
    static final Logger LOG = Logger.getLogger(S3EventDelivery.class);
    static final String SUBJECT = "Amazon S3 Notification";
    private static final int MAX_ATTEMPTS = 3;
    private static final long[] RETRY_DELAYS = {1_000, 2_000};
    /** How long a claimed event stays hidden from other replicas: beyond any function's answer. */
    static final long LEASE_MILLIS = 60_000;
    private static final long POLL_MILLIS = 1_000;
    private static final int CLAIM_BATCH = 16;

    private final SqsMessages sqs;
    private final SnsPublishing sns;
    private final LambdaFunctions functions;
    private final FunctionInvoker invoker;
    private final ObjectStore store;
    private final S3Metrics metrics;
    private final EddyClock clock;
    private final Vertx vertx;
    private final AtomicBoolean polling = new AtomicBoolean();
    private long timer = -1;

    S3EventDelivery(SqsMessages sqs, SnsPublishing sns, LambdaFunctions functions, FunctionInvoker invoker,
                    ObjectStore store, S3Metrics metrics, EddyClock clock, Vertx vertx) {
        this.sqs = sqs;
        this.sns = sns;
        this.functions = functions;
        this.invoker = invoker;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(POLL_MILLIS, id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Delivers one event: completes once a queue or topic has it, or once it is recorded for later
     * delivery (a function's, or one whose delivery just failed).
     */
    Uni<Void> deliver(RequestContext context, Rule rule, String event, String body) {
        PendingEvent pending = new PendingEvent(UUID.randomUUID().toString(), rule.kind().noun, rule.arn(), event, body,
                context.accountId(), context.region(), context.baseUrl(), 0);
        if (rule.kind() == Kind.FUNCTION) {
            return store.addPendingEvent(pending, clock.now()).invoke(v -> vertx.runOnContext(x -> poll()));
        }
        return send(pending).invoke(v -> metrics.eventSent(event, rule.kind(), true))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("S3 event %s to %s failed, will retry: %s", event, rule.arn(), e.getMessage());
                    return store.addPendingEvent(pending.withAttempts(1), clock.now() + RETRY_DELAYS[0]);
                });
    }

    /** One attempt; fails when the destination did not take the event. */
    private Uni<Void> send(PendingEvent event) {
        RequestContext context = new RequestContext(UUID.randomUUID().toString(), event.region(), event.account(),
                event.baseUrl(), null, null);
        String[] arn = event.arn().split(":");
        return switch (kind(event)) {
            case QUEUE -> sqs.sendMessage(context, new SendMessageRequest(event.baseUrl() + "/" + arn[4] + "/" + arn[5],
                    event.body(), null, null, null, null, null)).replaceWithVoid();
            case TOPIC -> sns.publish(context, new PublishRequest(event.arn(), null, null, event.body(), SUBJECT, null,
                    null, null, null)).replaceWithVoid();
            case FUNCTION -> functions.function(context, event.arn())
                    .chain(f -> invoker.invoke(f, event.body().getBytes(StandardCharsets.UTF_8))).map(result -> {
                        if (result.error()) {
                            throw new IllegalStateException(result.text());
                        }
                        return null;
                    });
        };
    }

    private static Kind kind(PendingEvent event) {
        for (Kind k : Kind.values()) {
            if (k.noun.equals(event.kind())) {
                return k;
            }
        }
        throw new IllegalStateException("Unknown destination kind " + event.kind());
    }

    /** Claims due events and attempts each; one poll at a time per replica. */
    void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        store.claimPendingEvents(clock.now(), LEASE_MILLIS, CLAIM_BATCH)
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Void>of())
                        : Uni.join().all(claimed.stream().map(this::attempt).toList()).andCollectFailures())
                .subscribe().with(done -> {
                    polling.set(false);
                    if (!done.isEmpty()) {
                        // A full batch may have left more due: keep going.
                        vertx.runOnContext(x -> poll());
                    }
                }, failure -> {
                    polling.set(false);
                    LOG.debugf("Claiming S3 events failed: %s", failure.getMessage());
                });
    }

    private Uni<Void> attempt(PendingEvent event) {
        return send(event).chain(() -> {
            metrics.eventSent(event.event(), kind(event), true);
            return store.removePendingEvent(event.id());
        }).onFailure().recoverWithUni(e -> {
            if (event.attempts() >= MAX_ATTEMPTS) {
                LOG.warnf("S3 event %s to %s failed after %d attempts: %s", event.event(), event.arn(),
                        event.attempts(), e.getMessage());
                metrics.eventSent(event.event(), kind(event), false);
                return store.removePendingEvent(event.id());
            }
            long delay = RETRY_DELAYS[Math.min(event.attempts(), RETRY_DELAYS.length) - 1];
            return store.retryPendingEvent(event.id(), clock.now() + delay);
        }).onFailure().recoverWithItem(e -> null);
    }
}
