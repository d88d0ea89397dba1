package dev.eddy.lambda;

import dev.eddy.common.Arn;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.RequestContext;
import dev.eddy.filter.FilterPolicy;
import dev.eddy.lambda.LambdaModel.CreateEventSourceMappingRequest;
import dev.eddy.lambda.LambdaModel.EventSourceMappingConfiguration;
import dev.eddy.lambda.LambdaModel.Filter;
import dev.eddy.lambda.LambdaModel.FilterCriteria;
import dev.eddy.lambda.LambdaModel.ListEventSourceMappingsResult;
import dev.eddy.lambda.LambdaModel.MetricsConfig;
import dev.eddy.lambda.LambdaModel.ProvisionedPollerConfig;
import dev.eddy.lambda.LambdaModel.ScalingConfig;
import dev.eddy.lambda.LambdaModel.UpdateEventSourceMappingRequest;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.MappingRecord;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * SQS event source mappings: their API and validation. The mappings live in the function store;
 * {@link SqsPollers} runs them on every replica.
 */
@ApplicationScoped
public class EventSourceMappings {
    static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";
    private static final int PAGE = 100;
    private static final int MAX_FILTERS = 5;
    private static final int MAX_PATTERN_LENGTH = 4096;

    private final FunctionStore store;
    private final QueueStore queues;
    private final LambdaFunctions functions;
    private final SqsPollers pollers;
    private final EddyClock clock;

    EventSourceMappings(FunctionStore store, QueueStore queues, LambdaFunctions functions, SqsPollers pollers,
                        EddyClock clock) {
        this.store = store;
        this.queues = queues;
        this.functions = functions;
        this.pollers = pollers;
        this.clock = clock;
    }

    public Uni<EventSourceMappingConfiguration> create(RequestContext context, CreateEventSourceMappingRequest r) {
        if (r.functionName() == null) {
            throw invalid("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (r.eventSourceArn() == null) {
            throw invalid("Unrecognized event source, must be kinesis, dynamodb stream, sqs, kafka or mq");
        }
        QueueId queueId = QueueId.ofArn(r.eventSourceArn());
        if (queueId == null) {
            throw invalid("Unrecognized event source, must be kinesis, dynamodb stream, sqs, kafka or mq");
        }
        return functions.function(context, r.functionName()).chain(function -> queue(queueId).chain(queue -> {
            boolean fifo = queue.fifo();
            int window = r.maximumBatchingWindowInSeconds() == null ? 0 : r.maximumBatchingWindowInSeconds();
            int batchSize = r.batchSize() == null ? 10 : r.batchSize();
            ProvisionedPollerConfig provisioned = provisioned(r.provisionedPollerConfig());
            MappingRecord mapping = new MappingRecord(UUID.randomUUID().toString(), context.accountId(),
                    context.region(), r.eventSourceArn(), qualifiedArn(function, r.functionName()), batchSize, window,
                    patterns(r.filterCriteria()), responseTypes(r.functionResponseTypes()),
                    concurrency(r.scalingConfig()), r.enabled() == null || r.enabled() ? "Enabled" : "Disabled",
                    "USER_INITIATED", clock.now() / 1000.0, provisioned == null ? null : provisioned.minimumPollers(),
                    provisioned == null ? null : provisioned.maximumPollers(), metrics(r.metricsConfig()),
                    LambdaFunctions.checkTags(r.tags()));
            check(mapping, fifo, r.maximumBatchingWindowInSeconds() != null);
            return store.createMapping(mapping).map(existing -> {
                if (existing != null) {
                    throw conflict(r.eventSourceArn(), function, existing);
                }
                pollers.refresh();
                return configuration(mapping, "Creating", null);
            });
        }));
    }

    public Uni<EventSourceMappingConfiguration> get(RequestContext context, String uuid) {
        return mapping(uuid).chain(m -> store.processingResult(uuid).map(result -> configuration(m, m.state(), result)));
    }

    public Uni<ListEventSourceMappingsResult> list(RequestContext context, String eventSourceArn, String functionName,
                                                   String marker, Integer maxItems) {
        if (maxItems != null && (maxItems < 1 || maxItems > 10_000)) {
            throw invalid("1 validation error detected: Value '" + maxItems + "' at 'maxItems' failed to satisfy "
                    + "constraint: Member must have value between 1 and 10000");
        }
        String functionArn = functionName == null ? null : functionArn(context, functionName);
        int limit = maxItems == null ? PAGE : Math.min(maxItems, PAGE);
        return store.mappings().chain(all -> {
            List<MappingRecord> matching = all.stream()
                    .filter(m -> m.account().equals(context.accountId()))
                    .filter(m -> eventSourceArn == null || m.eventSourceArn().equals(eventSourceArn))
                    .filter(m -> functionArn == null || m.functionArn().equals(functionArn))
                    .sorted(Comparator.comparing(MappingRecord::uuid))
                    .filter(m -> marker == null || m.uuid().compareTo(marker) > 0)
                    .toList();
            List<MappingRecord> page = matching.stream().limit(limit).toList();
            String next = matching.size() > limit ? page.get(page.size() - 1).uuid() : null;
            List<Uni<EventSourceMappingConfiguration>> configurations = page.stream()
                    .map(m -> store.processingResult(m.uuid()).map(result -> configuration(m, m.state(), result)))
                    .toList();
            return configurations.isEmpty()
                    ? Uni.createFrom().item(new ListEventSourceMappingsResult(next, List.of()))
                    : Uni.join().all(configurations).andFailFast()
                    .map(list -> new ListEventSourceMappingsResult(next, list));
        });
    }

    public Uni<EventSourceMappingConfiguration> update(RequestContext context, String uuid,
                                                       UpdateEventSourceMappingRequest r) {
        return mapping(uuid).chain(m -> {
            Uni<String> functionArn = r.functionName() == null ? Uni.createFrom().item(m.functionArn())
                    : functions.function(context, r.functionName()).map(f -> qualifiedArn(f, r.functionName()));
            return functionArn.chain(arn -> queue(QueueId.ofArn(m.eventSourceArn())).chain(queue -> {
                boolean enabled = r.enabled() == null ? m.enabled() : r.enabled();
                ProvisionedPollerConfig provisioned = provisioned(r.provisionedPollerConfig());
                MappingRecord updated = new MappingRecord(m.uuid(), m.account(), m.region(), m.eventSourceArn(), arn,
                        r.batchSize() == null ? m.batchSize() : r.batchSize(),
                        r.maximumBatchingWindowInSeconds() == null ? m.maximumBatchingWindowInSeconds()
                                : r.maximumBatchingWindowInSeconds(),
                        r.filterCriteria() == null ? m.filterPatterns() : patterns(r.filterCriteria()),
                        r.functionResponseTypes() == null ? m.functionResponseTypes()
                                : responseTypes(r.functionResponseTypes()),
                        r.scalingConfig() == null ? m.maximumConcurrency() : concurrency(r.scalingConfig()),
                        enabled ? "Enabled" : "Disabled", "USER_INITIATED", clock.now() / 1000.0,
                        provisioned == null ? m.minimumPollers() : provisioned.minimumPollers(),
                        provisioned == null ? m.maximumPollers() : provisioned.maximumPollers(),
                        r.metricsConfig() == null ? m.metrics() : metrics(r.metricsConfig()), m.tags());
                check(updated, queue.fifo(), updated.maximumBatchingWindowInSeconds() > 0);
                String transition = enabled == m.enabled() ? "Updating" : enabled ? "Enabling" : "Disabling";
                return conflictingMapping(updated).chain(conflict -> {
                    if (conflict != null) {
                        throw conflict(updated.eventSourceArn(), arn, conflict);
                    }
                    return store.updateMapping(updated);
                }).chain(found -> {
                    if (!found) {
                        throw notFound();
                    }
                    pollers.refresh();
                    return store.processingResult(uuid).map(result -> configuration(updated, transition, result));
                });
            }));
        });
    }

    public Uni<EventSourceMappingConfiguration> delete(RequestContext context, String uuid) {
        return mapping(uuid).chain(m -> store.processingResult(uuid).chain(result -> store.deleteMapping(uuid)
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound();
                    }
                    pollers.refresh();
                    return configuration(m, "Deleting", result);
                })));
    }

    private Uni<MappingRecord> mapping(String uuid) {
        return store.mapping(uuid).onItem().ifNull().failWith(EventSourceMappings::notFound);
    }

    private Uni<QueueRecord> queue(QueueId id) {
        return queues.queue(id).onItem().ifNull().failWith(() -> invalid("Error occurred while ReceiveMessage. "
                + "SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue "
                + "does not exist for this wsdl version."));
    }

    /** Another mapping binding the same queue and function, when an update changes the function. */
    private Uni<String> conflictingMapping(MappingRecord updated) {
        return store.mappings().map(all -> all.stream()
                .filter(m -> !m.uuid().equals(updated.uuid()))
                .filter(m -> m.eventSourceArn().equals(updated.eventSourceArn())
                        && m.functionArn().equals(updated.functionArn()))
                .map(MappingRecord::uuid).findFirst().orElse(null));
    }

    /**
     * The function ARN a mapping invokes: with the version or alias the request named, which must
     * exist (it is resolved again at each invocation, so an alias moved later is followed).
     */
    private static String qualifiedArn(FunctionRecord function, String requested) {
        String qualifier = LambdaFunctions.qualifier(requested, null);
        if (qualifier == null || qualifier.equals(FunctionVersions.LATEST)) {
            return function.arn();
        }
        FunctionVersions.resolve(function, qualifier);
        return function.arn() + ":" + qualifier;
    }

    private static String functionArn(RequestContext context, String nameOrArn) {
        String[] id = LambdaFunctions.resolve(context, nameOrArn);
        return "arn:aws:lambda:" + context.region() + ":" + id[0] + ":function:" + id[1];
    }

    /** AWS's limits on a mapping of an SQS queue. */
    private static void check(MappingRecord m, boolean fifo, boolean windowGiven) {
        if (m.batchSize() < 1 || m.batchSize() > 10_000) {
            throw invalid("1 validation error detected: Value '" + m.batchSize() + "' at 'batchSize' failed to "
                    + "satisfy constraint: Member must have value " + (m.batchSize() < 1
                    ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        int window = m.maximumBatchingWindowInSeconds();
        if (window < 0 || window > 300) {
            throw invalid("1 validation error detected: Value '" + window + "' at 'maximumBatchingWindowInSeconds' "
                    + "failed to satisfy constraint: Member must have value " + (window < 0
                    ? "greater than or equal to 0" : "less than or equal to 300"));
        }
        if (fifo) {
            if (windowGiven && window > 0) {
                throw invalid("Batching window is not supported for FIFO queues");
            }
            if (m.batchSize() > 10) {
                throw invalid("Batch size for FIFO queues must be between 1 and 10");
            }
        } else if (m.batchSize() > 10 && window < 1) {
            throw invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater "
                    + "than 10");
        }
    }

    private static List<String> patterns(FilterCriteria criteria) {
        if (criteria == null || criteria.filters() == null) {
            return List.of();
        }
        if (criteria.filters().size() > MAX_FILTERS) {
            throw invalid("1 validation error detected: Value '" + criteria.filters().size() + "' at "
                    + "'filterCriteria.filters' failed to satisfy constraint: Member must have length less than or "
                    + "equal to " + MAX_FILTERS);
        }
        List<String> patterns = new ArrayList<>();
        for (Filter filter : criteria.filters()) {
            String pattern = filter == null ? null : filter.pattern();
            if (pattern == null || pattern.length() > MAX_PATTERN_LENGTH || FilterPolicy.eventPattern(pattern) == null) {
                throw invalid("Invalid filter pattern definition.");
            }
            patterns.add(pattern);
        }
        return patterns;
    }

    private static List<String> responseTypes(List<String> types) {
        if (types == null) {
            return List.of();
        }
        if (types.size() > 1) {
            throw invalid("1 validation error detected: Value '" + types + "' at 'functionResponseTypes' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 1");
        }
        for (String type : types) {
            if (!REPORT_BATCH_ITEM_FAILURES.equals(type)) {
                throw invalid("1 validation error detected: Value '[" + type + "]' at 'functionResponseTypes' "
                        + "failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum "
                        + "value set: [ReportBatchItemFailures]]");
            }
        }
        return types;
    }

    private static Integer concurrency(ScalingConfig scaling) {
        if (scaling == null || scaling.maximumConcurrency() == null) {
            return null;
        }
        int value = scaling.maximumConcurrency();
        if (value < 2 || value > 1000) {
            throw invalid("1 validation error detected: Value '" + value + "' at "
                    + "'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value "
                    + (value < 2 ? "greater than or equal to 2" : "less than or equal to 1000"));
        }
        return value;
    }

    /** Lambda's pollers for an SQS mapping in provisioned mode: 2 to 200 at least, 2 to 2,000 at most. */
    private static final int MIN_POLLERS = 2;
    private static final int DEFAULT_MAXIMUM_POLLERS = 200;

    /** A ProvisionedPollerConfig checked as Lambda checks it, its defaults filled in; null for none. */
    private static ProvisionedPollerConfig provisioned(ProvisionedPollerConfig config) {
        if (config == null) {
            return null;
        }
        int minimum = config.minimumPollers() == null ? MIN_POLLERS : config.minimumPollers();
        int maximum = config.maximumPollers() == null ? DEFAULT_MAXIMUM_POLLERS : config.maximumPollers();
        if (minimum < MIN_POLLERS || minimum > 200) {
            throw invalid("1 validation error detected: Value '" + minimum + "' at "
                    + "'provisionedPollerConfig.minimumPollers' failed to satisfy constraint: Member must have value "
                    + (minimum < MIN_POLLERS ? "greater than or equal to " + MIN_POLLERS : "less than or equal to 200"));
        }
        if (maximum < MIN_POLLERS || maximum > 2000) {
            throw invalid("1 validation error detected: Value '" + maximum + "' at "
                    + "'provisionedPollerConfig.maximumPollers' failed to satisfy constraint: Member must have value "
                    + (maximum < MIN_POLLERS ? "greater than or equal to " + MIN_POLLERS : "less than or equal to 2000"));
        }
        if (minimum > maximum) {
            throw invalid("MinimumPollers must be less than or equal to MaximumPollers");
        }
        return new ProvisionedPollerConfig(minimum, maximum);
    }

    /** MetricsConfig.Metrics for an SQS mapping: EventCount, or nothing. */
    static final String EVENT_COUNT = "EventCount";

    private static List<String> metrics(MetricsConfig config) {
        if (config == null || config.metrics() == null) {
            return List.of();
        }
        for (String metric : config.metrics()) {
            if (!EVENT_COUNT.equals(metric)) {
                throw invalid("1 validation error detected: Value '" + config.metrics() + "' at "
                        + "'metricsConfig.metrics' failed to satisfy constraint: Member must satisfy constraint: "
                        + "[Member must satisfy enum value set: [EventCount]]");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(config.metrics()));
    }

    /** A mapping's tags, by its ARN's UUID. */
    Uni<Map<String, String>> tags(String uuid) {
        return mapping(uuid).map(MappingRecord::tags);
    }

    /** Adds (or, with {@code remove}, deletes) tags of a mapping. */
    Uni<Void> retag(String uuid, Map<String, String> add, java.util.Collection<String> remove) {
        return mapping(uuid).chain(m -> {
            return store.updateMapping(m.withTags(LambdaFunctions.retagged(m.tags(), add, remove)));
        }).invoke(found -> {
            if (!found) {
                throw notFound();
            }
        }).replaceWithVoid();
    }

    static EventSourceMappingConfiguration configuration(MappingRecord m, String state, String result) {
        Arn function = Arn.parseOrNull(m.functionArn());
        return new EventSourceMappingConfiguration(m.uuid(), m.batchSize(), m.maximumBatchingWindowInSeconds(),
                m.eventSourceArn(),
                m.filterPatterns().isEmpty() ? null
                        : new FilterCriteria(m.filterPatterns().stream().map(Filter::new).toList()),
                m.functionArn(), m.lastModified(), Objects.requireNonNullElse(result, "No records processed"), state,
                m.stateTransitionReason(), m.functionResponseTypes().isEmpty() ? null : m.functionResponseTypes(),
                m.maximumConcurrency() == null ? null : new ScalingConfig(m.maximumConcurrency()),
                "arn:aws:lambda:" + function.region() + ":" + function.account() + ":event-source-mapping:" + m.uuid(),
                m.minimumPollers() == null ? null : new ProvisionedPollerConfig(m.minimumPollers(), m.maximumPollers()),
                m.metrics().isEmpty() ? null : new MetricsConfig(m.metrics()));
    }

    private static AwsException conflict(String source, FunctionRecord function, String existing) {
        return conflict(source, function.arn(), existing);
    }

    private static AwsException conflict(String source, String functionArn, String existing) {
        String name = Arn.parseOrNull(functionArn).functionName();
        return AwsException.sender("ResourceConflictException", 409, "An event source mapping with SQS arn (\" "
                + source + " \") and function (\" " + name + " \") already exists. Please update or delete the "
                + "existing mapping with UUID " + existing);
    }

    private static AwsException notFound() {
        return AwsException.sender("ResourceNotFoundException", 404, "The resource you requested does not exist.");
    }

    private static AwsException invalid(String message) {
        return LambdaFunctions.invalid(message);
    }
}
