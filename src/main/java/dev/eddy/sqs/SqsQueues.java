package dev.eddy.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.Json;
import dev.eddy.common.Page;
import dev.eddy.common.RequestContext;
import dev.eddy.sqs.SqsModel.AddPermissionRequest;
import dev.eddy.sqs.SqsModel.AttributesResult;
import dev.eddy.sqs.SqsModel.CreateQueueRequest;
import dev.eddy.sqs.SqsModel.Empty;
import dev.eddy.sqs.SqsModel.GetQueueAttributesRequest;
import dev.eddy.sqs.SqsModel.GetQueueUrlRequest;
import dev.eddy.sqs.SqsModel.ListDeadLetterSourceQueuesRequest;
import dev.eddy.sqs.SqsModel.ListDeadLetterSourceQueuesResult;
import dev.eddy.sqs.SqsModel.ListQueuesRequest;
import dev.eddy.sqs.SqsModel.ListQueuesResult;
import dev.eddy.sqs.SqsModel.QueueRequest;
import dev.eddy.sqs.SqsModel.QueueUrlResult;
import dev.eddy.sqs.SqsModel.RemovePermissionRequest;
import dev.eddy.sqs.SqsModel.SetQueueAttributesRequest;
import dev.eddy.sqs.SqsModel.TagQueueRequest;
import dev.eddy.sqs.SqsModel.TagsResult;
import dev.eddy.sqs.SqsModel.UntagQueueRequest;
import dev.eddy.store.QueueDepth;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The SQS operations on queues themselves: lifecycle, attributes, tags, permissions. */
@ApplicationScoped
public class SqsQueues {
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final long SIXTY_SECONDS = 60_000;

    private final QueueStore store;
    private final QueueLocator locator;
    private final EddyClock clock;
    private final EddyConfig config;
    /** When each queue was deleted, for QueueDeletedRecently (only with the 60-second rules on). */
    private final ConcurrentHashMap<QueueId, Long> deletedAt = new ConcurrentHashMap<>();

    SqsQueues(QueueStore store, QueueLocator locator, EddyClock clock, EddyConfig config) {
        this.store = store;
        this.locator = locator;
        this.clock = clock;
        this.config = config;
    }

    public Uni<QueueUrlResult> createQueue(RequestContext context, CreateQueueRequest request) {
        String name = request.queueName();
        Map<String, String> given = request.attributes() == null ? Map.of() : request.attributes();
        boolean fifo = "true".equalsIgnoreCase(given.get(QueueAttributes.FIFO_QUEUE));
        checkName(name, fifo);
        Map<String, String> attributes = QueueAttributes.normalize(given, fifo);
        Map<String, String> tags = checkTags(Map.of(), request.tags());
        QueueId id = new QueueId(context.accountId(), name);
        long now = clock.now();
        if (config.sqs().enforceSixtySecondRules()) {
            Long deleted = deletedAt.get(id);
            if (deleted != null && now - deleted < SIXTY_SECONDS) {
                throw SqsErrors.queueDeletedRecently();
            }
        }
        QueueRecord queue = new QueueRecord(id, context.region(), fifo,
                QueueAttributes.merge(QueueAttributes.defaults(fifo), attributes), tags, now, now);
        return checkRedrive(queue, attributes)
                .chain(() -> store.createQueue(queue))
                .map(stored -> {
                    // An existing queue is returned only if every given attribute matches it.
                    attributes.forEach((attribute, value) -> {
                        if (!value.equals(stored.attributes().getOrDefault(attribute, ""))) {
                            throw SqsErrors.queueAlreadyExists(attribute);
                        }
                    });
                    if (stored.fifo() != fifo) {
                        throw SqsErrors.queueAlreadyExists(QueueAttributes.FIFO_QUEUE);
                    }
                    return new QueueUrlResult(QueueLocator.url(context, id));
                });
    }

    public Uni<QueueUrlResult> getQueueUrl(RequestContext context, GetQueueUrlRequest request) {
        String account = request.queueOwnerAwsAccountId() != null ? request.queueOwnerAwsAccountId()
                : context.accountId();
        QueueId id = new QueueId(account, request.queueName());
        return locator.byId(id).map(queue -> new QueueUrlResult(QueueLocator.url(context, id)));
    }

    public Uni<ListQueuesResult> listQueues(RequestContext context, ListQueuesRequest request) {
        String prefix = request.queueNamePrefix() == null ? "" : request.queueNamePrefix();
        return store.queues(context.accountId()).map(queues -> {
            List<String> names = queues.stream().map(q -> q.id().name()).filter(n -> n.startsWith(prefix))
                    .sorted().toList();
            Page page = page(names, request.maxResults(), request.nextToken());
            List<String> urls = page.items().stream()
                    .map(n -> QueueLocator.url(context, new QueueId(context.accountId(), n))).toList();
            return new ListQueuesResult(urls.isEmpty() ? null : urls, page.nextToken());
        });
    }

    public Uni<Empty> deleteQueue(RequestContext context, QueueRequest request) {
        return locator.byUrl(request.queueUrl())
                .chain(queue -> store.deleteQueue(queue.id()).map(deleted -> {
                    deletedAt.put(queue.id(), clock.now());
                    return Empty.INSTANCE;
                }));
    }

    /** A queue's message counts now, expired messages left out; null when the queue is gone. */
    public Uni<QueueDepth> depth(QueueRecord queue) {
        return store.depth(queue.id(), clock.now(), QueueAttributes.retentionMillis(queue));
    }

    public Uni<AttributesResult> getQueueAttributes(RequestContext context, GetQueueAttributesRequest request) {
        List<String> names = request.attributeNames() == null ? List.of() : request.attributeNames();
        for (String name : names) {
            if (!name.equals("All") && !QueueAttributes.isKnown(name)) {
                throw SqsErrors.invalidAttributeName(name);
            }
        }
        boolean all = names.contains("All");
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            boolean needsDepth = all || names.stream().anyMatch(n -> n.startsWith("ApproximateNumberOfMessages"));
            Uni<QueueDepth> depth = needsDepth
                    ? depth(queue)
                    : Uni.createFrom().item(new QueueDepth(0, 0, 0, 0));
            return depth.map(d -> {
                Map<String, String> values = new LinkedHashMap<>();
                if (d == null) {
                    throw SqsErrors.nonExistentQueue();
                }
                values.put(QueueAttributes.APPROXIMATE_NUMBER_OF_MESSAGES, String.valueOf(d.visible()));
                values.put(QueueAttributes.APPROXIMATE_NOT_VISIBLE, String.valueOf(d.inFlight()));
                values.put(QueueAttributes.APPROXIMATE_DELAYED, String.valueOf(d.delayed()));
                values.put(QueueAttributes.CREATED_TIMESTAMP, String.valueOf(queue.created() / 1000));
                values.put(QueueAttributes.LAST_MODIFIED_TIMESTAMP, String.valueOf(queue.modified() / 1000));
                values.put(QueueAttributes.QUEUE_ARN, queue.arn());
                values.putAll(queue.attributes());
                Map<String, String> selected = new LinkedHashMap<>();
                values.forEach((name, value) -> {
                    if (all || names.contains(name)) {
                        selected.put(name, value);
                    }
                });
                return new AttributesResult(selected.isEmpty() ? null : selected);
            });
        });
    }

    public Uni<Empty> setQueueAttributes(RequestContext context, SetQueueAttributesRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            Map<String, String> changes = QueueAttributes.normalize(request.attributes(), queue.fifo());
            Map<String, String> merged = QueueAttributes.merge(queue.attributes(), changes);
            return checkRedrive(queue, changes)
                    .chain(() -> store.updateQueue(queue.withAttributes(merged, clock.now())))
                    .map(updated -> result(updated));
        });
    }

    public Uni<Empty> tagQueue(RequestContext context, TagQueueRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue ->
                store.updateQueue(queue.withTags(checkTags(queue.tags(), request.tags()))).map(this::result));
    }

    public Uni<Empty> untagQueue(RequestContext context, UntagQueueRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            Map<String, String> tags = new LinkedHashMap<>(queue.tags());
            request.tagKeys().forEach(tags::remove);
            return store.updateQueue(queue.withTags(tags)).map(this::result);
        });
    }

    public Uni<TagsResult> listQueueTags(RequestContext context, QueueRequest request) {
        return locator.byUrl(request.queueUrl())
                .map(queue -> new TagsResult(queue.tags().isEmpty() ? null : queue.tags()));
    }

    public Uni<Empty> addPermission(RequestContext context, AddPermissionRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            ObjectNode policy = policyOf(queue);
            ArrayNode statements = policy.withArray("Statement");
            for (JsonNode statement : statements) {
                if (request.label().equals(statement.path("Sid").asText())) {
                    throw AwsException.invalidParameterValue("Label", request.label(), "Already exists.");
                }
            }
            ObjectNode statement = statements.addObject();
            statement.put("Sid", request.label());
            statement.put("Effect", "Allow");
            ArrayNode principals = statement.putObject("Principal").putArray("AWS");
            request.awsAccountIds().forEach(a -> principals.add("arn:aws:iam::" + a + ":root"));
            ArrayNode actions = statement.putArray("Action");
            request.actions().forEach(a -> actions.add(a.startsWith("SQS:") || a.equals("*") ? a : "SQS:" + a));
            statement.put("Resource", queue.arn());
            return savePolicy(queue, policy, statements);
        });
    }

    public Uni<Empty> removePermission(RequestContext context, RemovePermissionRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            ObjectNode policy = policyOf(queue);
            ArrayNode statements = policy.withArray("Statement");
            for (int i = 0; i < statements.size(); i++) {
                if (request.label().equals(statements.get(i).path("Sid").asText())) {
                    statements.remove(i);
                    return savePolicy(queue, policy, statements);
                }
            }
            throw AwsException.invalidParameterValue("Label", request.label(), "can't find label on existing policy.");
        });
    }

    public Uni<ListDeadLetterSourceQueuesResult> listDeadLetterSourceQueues(RequestContext context,
                                                                          ListDeadLetterSourceQueuesRequest request) {
        return locator.byUrl(request.queueUrl()).chain(target -> store.queues(target.id().account()).map(queues -> {
            List<String> names = queues.stream()
                    .filter(q -> {
                        RedrivePolicy policy = QueueAttributes.redrivePolicy(q);
                        return policy != null && policy.deadLetterTargetArn().equals(target.arn());
                    })
                    .map(q -> q.id().name()).sorted().toList();
            Page page = page(names, request.maxResults(), request.nextToken());
            List<String> urls = page.items().stream()
                    .map(n -> QueueLocator.url(context, new QueueId(target.id().account(), n))).toList();
            return new ListDeadLetterSourceQueuesResult(urls, page.nextToken());
        }));
    }

    // ---- rules ------------------------------------------------------------------------------

    private static void checkName(String name, boolean fifo) {
        boolean fifoName = name.endsWith(".fifo");
        String base = fifoName ? name.substring(0, name.length() - ".fifo".length()) : name;
        boolean valid = QUEUE_NAME.matcher(base).matches() && name.length() <= 80;
        if (fifo || fifoName) {
            if (!valid || !fifo || !fifoName) {
                throw QueueAttributes.fifoNameRule();
            }
        } else if (!valid) {
            throw AwsException.invalidParameterValue("Can only include alphanumeric characters, hyphens, or "
                    + "underscores. 1 to 80 in length");
        }
    }

    /** A redrive policy must name an existing queue of the same type that allows this queue. */
    private Uni<Void> checkRedrive(QueueRecord queue, Map<String, String> changes) {
        String value = changes.get(QueueAttributes.REDRIVE_POLICY);
        RedrivePolicy policy = RedrivePolicy.parse(value);
        if (policy == null) {
            return Uni.createFrom().voidItem();
        }
        QueueId target = QueueId.ofArn(policy.deadLetterTargetArn());
        if (target == null) {
            throw AwsException.invalidParameterValue(QueueAttributes.REDRIVE_POLICY, value,
                    "Invalid value for deadLetterTargetArn.");
        }
        return store.queue(target).map(dlq -> {
            if (dlq == null) {
                throw AwsException.invalidParameterValue(QueueAttributes.REDRIVE_POLICY, value,
                        "Dead letter target does not exist.");
            }
            if (dlq.fifo() != queue.fifo()) {
                throw AwsException.invalidParameterValue(QueueAttributes.REDRIVE_POLICY, value,
                        "Dead-letter queue must be same type of queue as the source.");
            }
            if (!QueueAttributes.redriveAllowPolicy(dlq).allows(queue.arn())) {
                throw AwsException.invalidParameterValue(QueueAttributes.REDRIVE_POLICY, value,
                        "Queue " + dlq.arn() + " does not allow " + queue.arn() + " to use it as a dead-letter queue.");
            }
            return null;
        });
    }

    /** AWS allows 50 tags a queue (the lengths of keys and values are the request records' constraints). */
    private static Map<String, String> checkTags(Map<String, String> current, Map<String, String> added) {
        Map<String, String> tags = new LinkedHashMap<>(current);
        if (added != null) {
            added.forEach((key, value) -> tags.put(key, value == null ? "" : value));
        }
        if (tags.size() > 50) {
            throw AwsException.invalidParameterValue("Too many tags added for queue. Maximum is 50 tags per queue.");
        }
        return tags;
    }

    private static ObjectNode policyOf(QueueRecord queue) {
        JsonNode policy = Json.parseOrNull(queue.attributes().get(QueueAttributes.POLICY));
        if (policy instanceof ObjectNode object) {
            return object;
        }
        ObjectNode fresh = Json.MAPPER.createObjectNode();
        fresh.put("Version", "2012-10-17");
        fresh.put("Id", queue.arn() + "/SQSDefaultPolicy");
        return fresh;
    }

    private Uni<Empty> savePolicy(QueueRecord queue, ObjectNode policy, ArrayNode statements) {
        Map<String, String> attributes = new LinkedHashMap<>(queue.attributes());
        if (statements.isEmpty()) {
            attributes.remove(QueueAttributes.POLICY);
        } else {
            attributes.put(QueueAttributes.POLICY, policy.toString());
        }
        return store.updateQueue(queue.withAttributes(attributes, clock.now())).map(this::result);
    }

    private Empty result(boolean updated) {
        if (!updated) {
            throw SqsErrors.nonExistentQueue();
        }
        return Empty.INSTANCE;
    }

    private static Page page(List<String> sorted, Integer maxResults, String nextToken) {
        return Page.of(sorted, nextToken, maxResults == null ? 1000 : maxResults, maxResults != null,
                () -> AwsException.invalidParameterValue("Invalid NextToken value."));
    }
}
