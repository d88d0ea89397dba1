package dev.eddy.s3;

import dev.eddy.s3.S3Model.BucketRequest;
import dev.eddy.s3.S3Model.Empty;
import dev.eddy.s3.S3Model.NotificationConfigurationResult;
import dev.eddy.s3.S3Model.PutBucketNotificationConfigurationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.s3.NotificationConfiguration.Kind;
import dev.eddy.s3.NotificationConfiguration.Rule;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueStore;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bucket notification configurations (Put/Get, with S3's validation) and the events they send.
 * Destinations must exist and, when {@code eddy.s3.check-destination-permissions} is on, their
 * Policy must let {@code s3.amazonaws.com} send; {@code x-amz-skip-destination-validation: true}
 * skips both, and the test event.
 */
@ApplicationScoped
public class S3Notifications {
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:aws:sqs:([^:]+):(\\d{12}):([^:]+)");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws:sns:([^:]+):(\\d{12}):([^:]+)");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws:lambda:([^:]+):(\\d{12}):function:[^:]+(:[^:]+)?");
    private static final String UNABLE = "Unable to validate the following destination configurations";

    private final ObjectStore store;
    private final QueueStore queues;
    private final TopicStore topics;
    private final LambdaFunctions functions;
    private final S3EventDelivery delivery;
    private final EddyConfig config;
    private final EddyClock clock;
    private final S3Buckets buckets;

    S3Notifications(ObjectStore store, QueueStore queues, TopicStore topics, LambdaFunctions functions,
                    S3EventDelivery delivery, EddyConfig config, EddyClock clock, S3Buckets buckets) {
        this.buckets = buckets;
        this.store = store;
        this.queues = queues;
        this.topics = topics;
        this.functions = functions;
        this.delivery = delivery;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Empty> put(RequestContext context, PutBucketNotificationConfigurationRequest call) {
        NotificationConfiguration configuration = NotificationConfiguration.of(call.notificationConfiguration());
        boolean skip = "true".equalsIgnoreCase(call.skipDestinationValidation());
        for (Rule rule : configuration.rules()) {
            Pattern pattern = switch (rule.kind()) {
                case QUEUE -> QUEUE_ARN;
                case TOPIC -> TOPIC_ARN;
                case FUNCTION -> FUNCTION_ARN;
            };
            if (!pattern.matcher(rule.arn()).matches()) {
                throw S3Errors.invalidArgument("The ARN could not be parsed", rule.arn(), "The ARN is not well formed");
            }
        }
        return buckets.existing(call.bucket()).chain(bucket -> {
            Uni<Void> validated = Uni.createFrom().voidItem();
            if (!skip) {
                for (Rule rule : distinctDestinations(configuration)) {
                    validated = validated.chain(() -> validate(context, rule));
                }
            }
            return validated.chain(() -> store.putNotificationConfiguration(call.bucket(), Json.write(configuration)))
                    .chain(stored -> {
                        if (!stored) {
                            throw S3Errors.noSuchBucket(call.bucket());
                        }
                        if (skip) {
                            return Uni.createFrom().voidItem();
                        }
                        String test = S3EventRecords.testEvent(context, call.bucket(), clock.now());
                        Uni<Void> sent = Uni.createFrom().voidItem();
                        for (Rule rule : distinctDestinations(configuration)) {
                            sent = sent.chain(() -> delivery.deliver(context, rule, "TestEvent", test));
                        }
                        return sent;
                    }).replaceWith(Empty.INSTANCE);
        });
    }

    public Uni<NotificationConfigurationResult> get(RequestContext context, BucketRequest call) {
        return buckets.existing(call.bucket()).chain(b -> configuration(call.bucket()))
                .map(NotificationConfiguration::toResult);
    }

    private Uni<NotificationConfiguration> configuration(String bucket) {
        return store.notificationConfiguration(bucket).map(json -> json == null ? NotificationConfiguration.EMPTY
                : Json.MAPPER.convertValue(Json.parseOrNull(json), NotificationConfiguration.class));
    }

    private static List<Rule> distinctDestinations(NotificationConfiguration configuration) {
        Map<String, Rule> byArn = new LinkedHashMap<>();
        configuration.rules().forEach(r -> byArn.putIfAbsent(r.arn(), r));
        return new ArrayList<>(byArn.values());
    }

    private Uni<Void> validate(RequestContext context, Rule rule) {
        return switch (rule.kind()) {
            case QUEUE -> {
                Matcher m = QUEUE_ARN.matcher(rule.arn());
                m.matches();
                yield queues.queue(new QueueId(m.group(2), m.group(3))).map(queue -> {
                    if (queue == null) {
                        throw unable(rule, "The destination queue does not exist");
                    }
                    if (queue.fifo()) {
                        throw unable(rule, "FIFO SQS queues are not supported as destinations");
                    }
                    checkPolicy(rule, queue.attributes().get("Policy"), "sqs:SendMessage", "queue");
                    return null;
                });
            }
            case TOPIC -> {
                Matcher m = TOPIC_ARN.matcher(rule.arn());
                m.matches();
                yield topics.topic(m.group(2), rule.arn()).map(topic -> {
                    if (topic == null) {
                        throw unable(rule, "The destination topic does not exist");
                    }
                    if (topic.fifo()) {
                        throw unable(rule, "FIFO SNS topics are not supported as destinations");
                    }
                    checkPolicy(rule, topic.attributes().get("Policy"), "sns:Publish", "topic");
                    return null;
                });
            }
            case FUNCTION -> functions.function(context, rule.arn()).replaceWithVoid()
                    .onFailure(e -> !(e instanceof S3Exception))
                    .transform(e -> unable(rule, "The destination function does not exist"));
        };
    }

    private void checkPolicy(Rule rule, String policy, String action, String noun) {
        if (config.s3().checkDestinationPermissions() && !allowsS3(policy, action)) {
            throw unable(rule, "Permissions on the destination " + noun + " do not allow S3 to publish notifications "
                    + "from this bucket");
        }
    }

    /** Whether a resource policy has an Allow statement for s3.amazonaws.com (or anyone) on the action. */
    static boolean allowsS3(String policy, String action) {
        JsonNode document = Json.parseOrNull(policy);
        if (document == null) {
            return false;
        }
        JsonNode statements = document.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        for (JsonNode s : list) {
            if (!"Allow".equals(s.path("Effect").asText()) || !principalIsS3(s.path("Principal"))) {
                continue;
            }
            for (String a : texts(s.path("Action"))) {
                String lower = a.toLowerCase(Locale.ROOT);
                String service = action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
                if (lower.equals("*") || lower.equals(service + ":*") || lower.equals(action.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean principalIsS3(JsonNode principal) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        return texts(principal.path("Service")).contains("s3.amazonaws.com") || texts(principal.path("AWS")).contains("*");
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    private static AwsException unable(Rule rule, String reason) {
        return S3Errors.invalidArgument(UNABLE, rule.arn(), reason);
    }

    /**
     * Sends the events of a change that succeeded to every matching destination. Queues and topics
     * get them before this completes; functions are invoked asynchronously. A delivery that fails is
     * logged and counted, never failing the request whose change already happened.
     */
    Uni<Void> emit(RequestContext context, String bucket, String sourceIp, List<ObjectEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.bucket(bucket).chain(b -> b == null ? Uni.createFrom().voidItem()
                : configuration(bucket).chain(configuration -> {
                    Uni<Void> sent = Uni.createFrom().voidItem();
                    long now = clock.now();
                    for (ObjectEvent event : events) {
                        for (Rule rule : configuration.rules()) {
                            if (rule.matches(event.name(), event.key())) {
                                String body = S3EventRecords.record(context, b.region(), bucket, rule.id(), event,
                                        sourceIp, now);
                                sent = sent.chain(() -> delivery.deliver(context, rule, event.name(), body));
                            }
                        }
                    }
                    return sent;
                })).onFailure().recoverWithItem(e -> {
                    S3EventDelivery.LOG.warnf("S3 notifications for %s could not be read: %s", bucket, e.getMessage());
                    return null;
                });
    }
}
