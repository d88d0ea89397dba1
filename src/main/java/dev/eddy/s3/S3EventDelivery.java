package dev.eddy.s3;

import dev.eddy.common.RequestContext;
import dev.eddy.lambda.FunctionInvoker;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.s3.NotificationConfiguration.Rule;
import dev.eddy.sns.SnsModel.PublishRequest;
import dev.eddy.sns.SnsPublishing;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Sends one S3 event to one destination through that service's Java API: SQS SendMessage, SNS
 * Publish (subject "Amazon S3 Notification"), or an asynchronous function invocation retried twice,
 * as Lambda retries asynchronous events.
 */
@ApplicationScoped
class S3EventDelivery {
    static final Logger LOG = Logger.getLogger(S3EventDelivery.class);
    static final String SUBJECT = "Amazon S3 Notification";
    private static final long[] RETRY_DELAYS = {1_000, 2_000};

    private final SqsMessages sqs;
    private final SnsPublishing sns;
    private final LambdaFunctions functions;
    private final FunctionInvoker invoker;
    private final S3Metrics metrics;
    private final Vertx vertx;

    S3EventDelivery(SqsMessages sqs, SnsPublishing sns, LambdaFunctions functions, FunctionInvoker invoker,
                    S3Metrics metrics, Vertx vertx) {
        this.sqs = sqs;
        this.sns = sns;
        this.functions = functions;
        this.invoker = invoker;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    /** Completes once a queue or topic has the event; a function's invocation goes on in the background. */
    Uni<Void> deliver(RequestContext context, Rule rule, String event, String body) {
        String[] arn = rule.arn().split(":");
        Uni<?> sent = switch (rule.kind()) {
            case QUEUE -> sqs.sendMessage(context, new SendMessageRequest(context.baseUrl() + "/" + arn[4] + "/"
                    + arn[5], body, null, null, null, null, null));
            case TOPIC -> sns.publish(context, new PublishRequest(rule.arn(), null, null, body, SUBJECT, null, null,
                    null, null));
            case FUNCTION -> {
                invoke(context, rule, event, body.getBytes(StandardCharsets.UTF_8), 0);
                yield Uni.createFrom().nullItem();
            }
        };
        return sent.onItem().invoke(r -> {
            if (rule.kind() != NotificationConfiguration.Kind.FUNCTION) {
                metrics.eventSent(event, rule.kind(), true);
            }
        }).replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("S3 event %s to %s failed: %s", event, rule.arn(), e.getMessage());
            metrics.eventSent(event, rule.kind(), false);
            return null;
        });
    }

    private void invoke(RequestContext context, Rule rule, String event, byte[] payload, int attempt) {
        functions.function(context, rule.arn()).chain(f -> invoker.invoke(f, payload)).subscribe().with(result -> {
            if (!result.error()) {
                metrics.eventSent(event, rule.kind(), true);
            } else {
                retry(context, rule, event, payload, attempt, result.text());
            }
        }, e -> retry(context, rule, event, payload, attempt, e.getMessage()));
    }

    private void retry(RequestContext context, Rule rule, String event, byte[] payload, int attempt, String reason) {
        if (attempt < RETRY_DELAYS.length) {
            vertx.setTimer(RETRY_DELAYS[attempt], t -> invoke(context, rule, event, payload, attempt + 1));
            return;
        }
        LOG.warnf("S3 event %s to function %s failed after %d attempts: %s", event, rule.arn(), attempt + 1, reason);
        metrics.eventSent(event, rule.kind(), false);
    }
}
