package dev.eddy.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.Json;
import dev.eddy.common.RequestContext;
import dev.eddy.sqs.SqsModel.CancelMessageMoveTaskRequest;
import dev.eddy.sqs.SqsModel.CancelMessageMoveTaskResult;
import dev.eddy.sqs.SqsModel.ListMessageMoveTasksRequest;
import dev.eddy.sqs.SqsModel.ListMessageMoveTasksResult;
import dev.eddy.sqs.SqsModel.ListMessageMoveTasksResultEntry;
import dev.eddy.sqs.SqsModel.StartMessageMoveTaskRequest;
import dev.eddy.sqs.SqsModel.StartMessageMoveTaskResult;
import dev.eddy.store.Claim;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.ReceivedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Message move tasks: moving a dead-letter queue's messages back to their source queues (or to a
 * chosen destination), at most MaxNumberOfMessagesPerSecond, one active task per queue.
 */
@ApplicationScoped
public class MessageMoveTasks {
    private static final Logger LOG = Logger.getLogger(MessageMoveTasks.class);
    private static final int BATCH = 10;
    private static final long VISIBILITY = 60_000;

    /** One task; its mutable fields are written by its own mover only. */
    private static final class Task {
        final String id = UUID.randomUUID().toString();
        final String handle;
        final QueueId source;
        final String sourceArn;
        final String destinationArn;
        final Integer rate;
        final long started;
        final long toMove;
        volatile String status = "RUNNING";
        volatile long moved;
        volatile String failureReason;

        Task(QueueId source, String sourceArn, String destinationArn, Integer rate, long started, long toMove) {
            this.source = source;
            this.sourceArn = sourceArn;
            this.destinationArn = destinationArn;
            this.rate = rate;
            this.started = started;
            this.toMove = toMove;
            this.handle = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Json.write(Map.of("taskId", id, "sourceArn", sourceArn)).getBytes(StandardCharsets.UTF_8));
        }

        ListMessageMoveTasksResultEntry entry() {
            return new ListMessageMoveTasksResultEntry(status.equals("RUNNING") ? handle : null, status, sourceArn,
                    destinationArn, rate, moved, toMove, failureReason, started);
        }
    }

    private final ConcurrentHashMap<QueueId, List<Task>> tasks = new ConcurrentHashMap<>();
    private final QueueStore store;
    private final SqsMessages messages;
    private final EddyClock clock;
    private final Vertx vertx;

    MessageMoveTasks(QueueStore store, SqsMessages messages, EddyClock clock, Vertx vertx) {
        this.store = store;
        this.messages = messages;
        this.clock = clock;
        this.vertx = vertx;
    }

    public Uni<StartMessageMoveTaskResult> startMessageMoveTask(RequestContext context,
                                                                StartMessageMoveTaskRequest request) {
        QueueId source = QueueLocator.idOfArn(request.sourceArn());
        if (source == null) {
            throw AwsException.invalidParameterValue("SourceArn", request.sourceArn(), "Invalid ARN.");
        }
        QueueId destination = request.destinationArn() == null ? null : QueueLocator.idOfArn(request.destinationArn());
        if (request.destinationArn() != null && destination == null) {
            throw AwsException.invalidParameterValue("DestinationArn", request.destinationArn(), "Invalid ARN.");
        }
        return queueOrNotFound(source, "SourceArn").chain(dlq -> store.queues(source.account()).chain(queues -> {
            boolean isDeadLetterQueue = queues.stream().anyMatch(q -> {
                RedrivePolicy policy = QueueAttributes.redrivePolicy(q);
                return policy != null && policy.deadLetterTargetArn().equals(dlq.arn());
            });
            if (!isDeadLetterQueue) {
                throw AwsException.invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
            }
            Uni<QueueRecord> target = destination == null ? Uni.createFrom().nullItem()
                    : queueOrNotFound(destination, "DestinationArn");
            return target.chain(dest -> store.depth(source, clock.now(), QueueAttributes.retentionMillis(dlq)))
                    .map(depth -> {
                        List<Task> list = tasks.computeIfAbsent(source, s -> new CopyOnWriteArrayList<>());
                        Task task;
                        synchronized (list) {
                            if (list.stream().anyMatch(t -> t.status.equals("RUNNING"))) {
                                throw SqsErrors.unsupportedOperation("There is already a task running. Only one "
                                        + "active task is allowed for a source queue arn at a given time.");
                            }
                            task = new Task(source, dlq.arn(), request.destinationArn(),
                                    request.maxNumberOfMessagesPerSecond(), clock.now(), depth.visible());
                            list.add(task);
                        }
                        vertx.runOnContext(v -> step(task, 0, clock.now()));
                        return new StartMessageMoveTaskResult(task.handle);
                    });
        }));
    }

    public Uni<ListMessageMoveTasksResult> listMessageMoveTasks(RequestContext context,
                                                                ListMessageMoveTasksRequest request) {
        QueueId source = QueueLocator.idOfArn(request.sourceArn());
        if (source == null) {
            throw AwsException.invalidParameterValue("SourceArn", request.sourceArn(), "Invalid ARN.");
        }
        int max = request.maxResults() == null ? 1 : request.maxResults();
        return queueOrNotFound(source, "SourceArn").map(queue -> {
            List<Task> list = new ArrayList<>(tasks.getOrDefault(source, List.of()));
            list.sort(Comparator.comparingLong((Task t) -> t.started).reversed());
            return new ListMessageMoveTasksResult(list.stream().limit(max).map(Task::entry).toList());
        });
    }

    public Uni<CancelMessageMoveTaskResult> cancelMessageMoveTask(RequestContext context,
                                                                  CancelMessageMoveTaskRequest request) {
        Task task = find(request.taskHandle());
        synchronized (task) {
            if (!task.status.equals("RUNNING")) {
                throw SqsErrors.unsupportedOperation("Only RUNNING tasks can be cancelled. Current status: "
                        + task.status + ".");
            }
            task.status = "CANCELLING";
        }
        return Uni.createFrom().item(new CancelMessageMoveTaskResult(task.moved));
    }

    private Task find(String handle) {
        JsonNode decoded;
        try {
            decoded = Json.parseOrNull(new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded != null) {
            QueueId source = QueueLocator.idOfArn(decoded.path("sourceArn").asText(null));
            String id = decoded.path("taskId").asText("");
            for (Task task : source == null ? List.<Task>of() : tasks.getOrDefault(source, List.of())) {
                if (task.id.equals(id)) {
                    return task;
                }
            }
        }
        throw SqsErrors.resourceNotFound("Task does not exist.");
    }

    private Uni<QueueRecord> queueOrNotFound(QueueId id, String parameter) {
        return store.queue(id).onItem().ifNull().failWith(() -> SqsErrors.resourceNotFound(
                "The resource that you specified for the " + parameter + " parameter doesn't exist."));
    }

    /**
     * Moves one batch: claim from the dead-letter queue, send to each message's destination, delete
     * from the dead-letter queue (so a failure duplicates, never loses). Then schedules the next.
     *
     * @param movedThisSecond messages moved since {@code secondStart}, for the rate limit
     */
    private void step(Task task, long movedThisSecond, long secondStart) {
        if (task.status.equals("CANCELLING")) {
            task.status = "CANCELLED";
            return;
        }
        long now = clock.now();
        if (now - secondStart >= 1000) {
            movedThisSecond = 0;
            secondStart = now;
        }
        int batch = BATCH;
        if (task.rate != null) {
            batch = (int) Math.min(BATCH, task.rate - movedThisSecond);
            if (batch <= 0) {
                long wait = Math.max(1, 1000 - (now - secondStart));
                long start = secondStart;
                vertx.setTimer(wait, t -> step(task, 0, start + 1000));
                return;
            }
        }
        long counted = movedThisSecond;
        long start = secondStart;
        int size = batch;
        store.queue(task.source)
                .chain(dlq -> {
                    if (dlq == null) {
                        throw new IllegalStateException("The source queue was deleted.");
                    }
                    return store.claim(task.source,
                            new Claim(size, VISIBILITY, now, QueueAttributes.retentionMillis(dlq), 0, null));
                })
                .chain(result -> moveAll(task, result.received()).replaceWith(result.received().size()))
                .subscribe().with(count -> {
                    if (count == 0) {
                        task.status = task.status.equals("CANCELLING") ? "CANCELLED" : "COMPLETED";
                        return;
                    }
                    task.moved += count;
                    vertx.runOnContext(v -> step(task, counted + count, start));
                }, failure -> {
                    LOG.warnf("Message move task from %s failed: %s", task.sourceArn, failure.getMessage());
                    task.failureReason = failure.getMessage();
                    task.status = "FAILED";
                });
    }

    private Uni<Void> moveAll(Task task, List<ReceivedMessage> received) {
        Map<String, List<ReceivedMessage>> byDestination = new LinkedHashMap<>();
        for (ReceivedMessage r : received) {
            String destination = task.destinationArn != null ? task.destinationArn : r.message().deadLetterSourceArn();
            if (destination == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "Message " + r.message().messageId() + " has no source queue to move back to."));
            }
            byDestination.computeIfAbsent(destination, d -> new ArrayList<>()).add(r);
        }
        List<Uni<Void>> moves = new ArrayList<>();
        byDestination.forEach((arn, batch) -> moves.add(store.queue(QueueLocator.idOfArn(arn)).chain(queue -> {
            if (queue == null) {
                throw new IllegalStateException("The destination queue " + arn + " does not exist.");
            }
            return messages.send(queue, batch.stream().map(r -> r.message().movedBack()).toList())
                    .chain(sent -> Uni.join().all(batch.stream()
                            .map(r -> store.delete(task.source, r.message().messageId(), r.receiptToken()))
                            .toList()).andFailFast())
                    .replaceWithVoid();
        })));
        return Uni.join().all(moves).andFailFast().replaceWithVoid();
    }
}
