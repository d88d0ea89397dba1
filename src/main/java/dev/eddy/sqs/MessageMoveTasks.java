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
import dev.eddy.store.MessageReceipt;
import dev.eddy.store.MoveTaskRecord;
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
import org.jboss.logging.Logger;

/**
 * Message move tasks: moving a dead-letter queue's messages back to their source queues (or to a
 * chosen destination), at most MaxNumberOfMessagesPerSecond, one active task per queue. Tasks are
 * kept in the store, so every replica lists and cancels the same ones; the replica that started a
 * task runs it, and a task whose runner stops making progress is reported FAILED.
 */
@ApplicationScoped
public class MessageMoveTasks {
    private static final Logger LOG = Logger.getLogger(MessageMoveTasks.class);
    private static final int BATCH = 10;
    private static final long VISIBILITY = 60_000;
    private static final long STALE_AFTER = 60_000;

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
        QueueId source = arn("SourceArn", request.sourceArn());
        QueueId destination = request.destinationArn() == null ? null : arn("DestinationArn", request.destinationArn());
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
            return target.chain(dest -> tasks(source))
                    .chain(existing -> store.depth(source, clock.now(), QueueAttributes.retentionMillis(dlq)))
                    .chain(depth -> {
                        long now = clock.now();
                        MoveTaskRecord task = new MoveTaskRecord(UUID.randomUUID().toString(), source, dlq.arn(),
                                request.destinationArn(), request.maxNumberOfMessagesPerSecond(), now,
                                depth.visible(), 0, "RUNNING", null, now);
                        return store.startMoveTask(task).map(started -> {
                            if (!started) {
                                throw SqsErrors.unsupportedOperation("There is already a task running. Only one "
                                        + "active task is allowed for a source queue arn at a given time.");
                            }
                            vertx.runOnContext(v -> step(task, 0, 0, now));
                            return new StartMessageMoveTaskResult(handle(task));
                        });
                    });
        }));
    }

    public Uni<ListMessageMoveTasksResult> listMessageMoveTasks(RequestContext context,
                                                                ListMessageMoveTasksRequest request) {
        QueueId source = arn("SourceArn", request.sourceArn());
        int max = request.maxResults() == null ? 1 : request.maxResults();
        return queueOrNotFound(source, "SourceArn").chain(queue -> tasks(source)).map(tasks -> {
            List<MoveTaskRecord> sorted = new ArrayList<>(tasks);
            sorted.sort(Comparator.comparingLong(MoveTaskRecord::started).reversed());
            return new ListMessageMoveTasksResult(sorted.stream().limit(max).map(MessageMoveTasks::entry).toList());
        });
    }

    public Uni<CancelMessageMoveTaskResult> cancelMessageMoveTask(RequestContext context,
                                                                  CancelMessageMoveTaskRequest request) {
        String[] decoded = decodeHandle(request.taskHandle());
        QueueId source = QueueId.ofArn(decoded[1]);
        return tasks(source).chain(tasks -> {
            MoveTaskRecord task = tasks.stream().filter(t -> t.taskId().equals(decoded[0])).findFirst()
                    .orElseThrow(() -> SqsErrors.resourceNotFound("Task does not exist."));
            if (!task.status().equals("RUNNING")) {
                throw SqsErrors.unsupportedOperation("Only RUNNING tasks can be cancelled. Current status: "
                        + task.status() + ".");
            }
            return store.updateMoveTask(task.withStatus("CANCELLING", null, task.heartbeat()))
                    .replaceWith(new CancelMessageMoveTaskResult(task.moved()));
        });
    }

    /** The queue's tasks, with those whose runner went away marked FAILED. */
    private Uni<List<MoveTaskRecord>> tasks(QueueId source) {
        return store.moveTasks(source).chain(tasks -> {
            long now = clock.now();
            List<MoveTaskRecord> current = new ArrayList<>();
            List<Uni<Void>> updates = new ArrayList<>();
            for (MoveTaskRecord task : tasks) {
                if (task.active() && now - task.heartbeat() > STALE_AFTER) {
                    task = task.withStatus("FAILED", "The task stopped making progress.", now);
                    updates.add(store.updateMoveTask(task));
                }
                current.add(task);
            }
            return updates.isEmpty() ? Uni.createFrom().item(current)
                    : Uni.join().all(updates).andFailFast().replaceWith(current);
        });
    }

    private static ListMessageMoveTasksResultEntry entry(MoveTaskRecord task) {
        return new ListMessageMoveTasksResultEntry(task.status().equals("RUNNING") ? handle(task) : null,
                task.status(), task.sourceArn(), task.destinationArn(), task.rate(), task.moved(), task.toMove(),
                task.failureReason(), task.started());
    }

    private static String handle(MoveTaskRecord task) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(Map.of("taskId", task.taskId(),
                "sourceArn", task.sourceArn())).getBytes(StandardCharsets.UTF_8));
    }

    /** The task id and source ARN of a handle; ResourceNotFoundException for anything else. */
    private static String[] decodeHandle(String handle) {
        JsonNode decoded;
        try {
            decoded = Json.parseOrNull(new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded == null || !decoded.path("taskId").isTextual()
                || QueueId.ofArn(decoded.path("sourceArn").asText(null)) == null) {
            throw SqsErrors.resourceNotFound("Task does not exist.");
        }
        return new String[] {decoded.get("taskId").asText(), decoded.get("sourceArn").asText()};
    }

    private static QueueId arn(String parameter, String value) {
        QueueId id = QueueId.ofArn(value);
        if (id == null) {
            throw AwsException.invalidParameterValue(parameter, value, "Invalid ARN.");
        }
        return id;
    }

    private Uni<QueueRecord> queueOrNotFound(QueueId id, String parameter) {
        return store.queue(id).onItem().ifNull().failWith(() -> SqsErrors.resourceNotFound(
                "The resource that you specified for the " + parameter + " parameter doesn't exist."));
    }

    /**
     * Moves one batch: claim from the dead-letter queue, send to each message's destination, delete
     * from the dead-letter queue (so a failure duplicates, never loses). Then schedules the next,
     * keeping to the task's rate.
     *
     * @param moved           messages moved so far
     * @param movedThisSecond messages moved since {@code secondStart}
     */
    private void step(MoveTaskRecord started, long moved, long movedThisSecond, long secondStart) {
        long now = clock.now();
        long second = now - secondStart >= 1000 ? now : secondStart;
        long inSecond = second == secondStart ? movedThisSecond : 0;
        int batch = started.rate() == null ? BATCH : (int) Math.min(BATCH, started.rate() - inSecond);
        if (batch <= 0) {
            vertx.setTimer(Math.max(1, 1000 - (now - second)), t -> step(started, moved, 0, second + 1000));
            return;
        }
        tasks(started.source())
                .map(tasks -> tasks.stream().filter(t -> t.taskId().equals(started.taskId())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("The task record is gone.")))
                .chain(task -> {
                    if (!task.status().equals("RUNNING")) {
                        String end = task.status().equals("CANCELLING") ? "CANCELLED" : task.status();
                        return store.updateMoveTask(task.progressed(moved, now).withStatus(end, task.failureReason(),
                                now)).replaceWith(-1);
                    }
                    return store.queue(task.source()).chain(dlq -> {
                        if (dlq == null) {
                            throw new IllegalStateException("The source queue was deleted.");
                        }
                        return store.claim(task.source(), new Claim(batch, VISIBILITY, now,
                                QueueAttributes.retentionMillis(dlq), 0, null));
                    }).chain(result -> moveAll(task, result.received()).replaceWith(result.received().size()))
                            .call(count -> store.updateMoveTask(count == 0
                                    ? task.progressed(moved, now).withStatus("COMPLETED", null, now)
                                    : task.progressed(moved + count, now)));
                })
                .subscribe().with(count -> {
                    if (count > 0) {
                        vertx.runOnContext(v -> step(started, moved + count, inSecond + count, second));
                    }
                }, failure -> {
                    LOG.warnf("Message move task from %s failed: %s", started.sourceArn(), failure.getMessage());
                    store.updateMoveTask(started.progressed(moved, clock.now())
                                    .withStatus("FAILED", failure.getMessage(), clock.now()))
                            .subscribe().with(v -> { }, e -> LOG.warn("Could not record the failure", e));
                });
    }

    private Uni<Void> moveAll(MoveTaskRecord task, List<ReceivedMessage> received) {
        Map<String, List<ReceivedMessage>> byDestination = new LinkedHashMap<>();
        for (ReceivedMessage r : received) {
            String destination = task.destinationArn() != null ? task.destinationArn()
                    : r.message().deadLetterSourceArn();
            if (destination == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "Message " + r.message().messageId() + " has no source queue to move back to."));
            }
            byDestination.computeIfAbsent(destination, d -> new ArrayList<>()).add(r);
        }
        List<Uni<Void>> moves = new ArrayList<>();
        byDestination.forEach((arn, batch) -> moves.add(store.queue(QueueId.ofArn(arn)).chain(queue -> {
            if (queue == null) {
                throw new IllegalStateException("The destination queue " + arn + " does not exist.");
            }
            long now = clock.now();
            return messages.send(queue, batch.stream()
                            .map(r -> r.message().redriven(UUID.randomUUID().toString(), now)).toList())
                    .chain(sent -> store.delete(task.source(), batch.stream()
                            .map(r -> new MessageReceipt(r.message().messageId(), r.receiptToken())).toList()))
                    .replaceWithVoid();
        })));
        return moves.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(moves).andFailFast().replaceWithVoid();
    }
}
