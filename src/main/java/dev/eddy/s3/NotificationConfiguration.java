package dev.eddy.s3;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A bucket's notification configuration: rules sending chosen events, filtered by key prefix and
 * suffix, to a queue, a topic or a function. Made from the PutBucketNotificationConfiguration
 * document (or the older PutBucketNotification one, whose events are wrapped in Events), stored as
 * JSON, written back for GetBucketNotificationConfiguration.
 */
@RegisterForReflection
record NotificationConfiguration(List<Rule> rules, boolean eventBridge) {

    /** What a rule sends to. */
    enum Kind {
        QUEUE("queue"),
        TOPIC("topic"),
        FUNCTION("function");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    @RegisterForReflection
    record Rule(String id, Kind kind, String arn, List<String> events, String prefix, String suffix) {

        /** Whether an event (name without {@code s3:}) on a key is one this rule sends. */
        boolean matches(String event, String key) {
            boolean named = events.stream().anyMatch(e -> e.equals("s3:" + event)
                    || (e.endsWith(":*") && ("s3:" + event).startsWith(e.substring(0, e.length() - 1))));
            return named && (prefix == null || key.startsWith(prefix)) && (suffix == null || key.endsWith(suffix));
        }
    }

    /** The event types S3 can send to SQS, SNS and Lambda. */
    static final Set<String> EVENTS = Set.of("s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post",
            "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*",
            "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*",
            "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
            "s3:ReducedRedundancyLostObject", "s3:Replication:*", "s3:Replication:OperationFailedReplication",
            "s3:Replication:OperationNotTracked", "s3:Replication:OperationMissedThreshold",
            "s3:Replication:OperationReplicatedAfterThreshold", "s3:LifecycleTransition", "s3:IntelligentTiering",
            "s3:ObjectAcl:Put", "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete",
            "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:ObjectTagging:*", "s3:ObjectTagging:Put",
            "s3:ObjectTagging:Delete");

    static final NotificationConfiguration EMPTY = new NotificationConfiguration(List.of(), false);

    /**
     * The configuration a PutBucketNotificationConfiguration document asks for, checked as S3 does:
     * rule by rule in document order, then for overlaps.
     */
    static NotificationConfiguration of(S3Model.NotificationConfigurationDocument document) {
        List<Rule> rules = new ArrayList<>();
        for (Supplier<S3Model.NotificationRule> item : document.rules()) {
            rules.add(rule(item.get()));
        }
        NotificationConfiguration configuration = new NotificationConfiguration(rules,
                document.eventBridgeConfiguration() != null);
        configuration.checkOverlaps();
        return configuration;
    }

    private static Rule rule(S3Model.NotificationRule rule) {
        Kind kind = rule instanceof S3Model.QueueConfiguration ? Kind.QUEUE
                : rule instanceof S3Model.TopicConfiguration ? Kind.TOPIC : Kind.FUNCTION;
        if (rule.arn() == null) {
            throw S3Errors.malformedXml();
        }
        String arn = rule.arn().trim();
        List<String> events = new ArrayList<>();
        rule.event().forEach(e -> events.add(e.trim()));
        if (rule.events() != null) {
            rule.events().forEach(e -> events.add(e.trim()));
        }
        if (events.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        for (String event : events) {
            if (!EVENTS.contains(event)) {
                throw S3Errors.invalidArgument("The event is not supported for notifications", "Event", event);
            }
        }
        String prefix = null;
        String suffix = null;
        S3Model.S3Key key = rule.filter() == null ? null : rule.filter().s3Key();
        for (S3Model.FilterRule filter : key == null ? List.<S3Model.FilterRule>of() : key.filterRule()) {
            String name = filter.name();
            String value = filter.value();
            if (name == null || value == null) {
                throw S3Errors.malformedXml();
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "prefix" -> {
                    if (prefix != null) {
                        throw S3Errors.invalidArgument("Cannot specify more than one prefix rule in a filter.",
                                "FilterRule", name);
                    }
                    prefix = value;
                }
                case "suffix" -> {
                    if (suffix != null) {
                        throw S3Errors.invalidArgument("Cannot specify more than one suffix rule in a filter.",
                                "FilterRule", name);
                    }
                    suffix = value;
                }
                default -> throw S3Errors.invalidArgument("filter rule name must be either prefix or suffix",
                        "FilterRule", name);
            }
        }
        String id = rule.id();
        if (id == null || id.isEmpty()) {
            // S3 names an unnamed rule itself.
            id = Base64.getEncoder().withoutPadding().encodeToString(
                    UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        }
        return new Rule(id, kind, arn, List.copyOf(events), prefix, suffix);
    }

    /**
     * S3 refuses two rules that could both send one event type for one key: the same (or
     * overlapping, through a wildcard) event and overlapping prefix and suffix filters.
     */
    private void checkOverlaps() {
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                Rule a = rules.get(i);
                Rule b = rules.get(j);
                if (eventsOverlap(a, b) && overlap(a.prefix(), b.prefix(), true)
                        && overlap(a.suffix(), b.suffix(), false)) {
                    throw S3Errors.invalidArgument("Configuration is ambiguously defined. Cannot have overlapping "
                            + "suffixes in two rules if the prefixes are overlapping for the same event type.",
                            "Event", overlappingEvent(a, b));
                }
            }
        }
    }

    private static boolean eventsOverlap(Rule a, Rule b) {
        return overlappingEvent(a, b) != null;
    }

    private static String overlappingEvent(Rule a, Rule b) {
        for (String x : a.events()) {
            for (String y : b.events()) {
                if (x.equals(y) || covers(x, y) || covers(y, x)) {
                    return x;
                }
            }
        }
        return null;
    }

    private static boolean covers(String wildcard, String event) {
        return wildcard.endsWith(":*") && event.startsWith(wildcard.substring(0, wildcard.length() - 1));
    }

    private static boolean overlap(String x, String y, boolean prefix) {
        String a = x == null ? "" : x;
        String b = y == null ? "" : y;
        return prefix ? a.startsWith(b) || b.startsWith(a) : a.endsWith(b) || b.endsWith(a);
    }

    /** The document GetBucketNotificationConfiguration answers: queue rules, then topic, then function rules. */
    S3Model.NotificationConfigurationResult toResult() {
        List<S3Model.QueueConfiguration> queues = new ArrayList<>();
        List<S3Model.TopicConfiguration> topics = new ArrayList<>();
        List<S3Model.CloudFunctionConfiguration> functions = new ArrayList<>();
        for (Rule rule : rules) {
            S3Model.Filter filter = rule.prefix() == null && rule.suffix() == null ? null
                    : new S3Model.Filter(new S3Model.S3Key(filterRules(rule)));
            switch (rule.kind()) {
                case QUEUE -> queues.add(new S3Model.QueueConfiguration(rule.id(), rule.arn(), rule.events(), null,
                        filter));
                case TOPIC -> topics.add(new S3Model.TopicConfiguration(rule.id(), rule.arn(), rule.events(), null,
                        filter));
                case FUNCTION -> functions.add(new S3Model.CloudFunctionConfiguration(rule.id(), rule.arn(),
                        rule.events(), null, filter));
            }
        }
        return new S3Model.NotificationConfigurationResult(queues, topics, functions,
                eventBridge ? new S3Model.EventBridgeConfiguration() : null);
    }

    private static List<S3Model.FilterRule> filterRules(Rule rule) {
        List<S3Model.FilterRule> filters = new ArrayList<>();
        if (rule.prefix() != null) {
            filters.add(new S3Model.FilterRule("Prefix", rule.prefix()));
        }
        if (rule.suffix() != null) {
            filters.add(new S3Model.FilterRule("Suffix", rule.suffix()));
        }
        return filters;
    }
}
