package dev.eddy.sqs;

import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import dev.eddy.sqs.MessageRules.Draft;
import dev.eddy.sqs.SqsModel.BatchResult;
import dev.eddy.sqs.SqsModel.BatchResultEntry;
import dev.eddy.sqs.SqsModel.BatchResultErrorEntry;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityBatchRequest;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityBatchRequestEntry;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequestEntry;
import dev.eddy.sqs.SqsModel.DeleteMessageRequest;
import dev.eddy.sqs.SqsModel.Empty;
import dev.eddy.sqs.SqsModel.Message;
import dev.eddy.sqs.SqsModel.MessageAttributeValue;
import dev.eddy.sqs.SqsModel.QueueRequest;
import dev.eddy.sqs.SqsModel.ReceiveMessageRequest;
import dev.eddy.sqs.SqsModel.ReceiveMessageResult;
import dev.eddy.sqs.SqsModel.SendMessageBatchRequest;
import dev.eddy.sqs.SqsModel.SendMessageBatchRequestEntry;
import dev.eddy.sqs.SqsModel.SendMessageBatchResult;
import dev.eddy.sqs.SqsModel.SendMessageBatchResultEntry;
import dev.eddy.sqs.SqsModel.SendMessageRequest;
import dev.eddy.sqs.SqsModel.SendMessageResult;
import dev.eddy.store.Claim;
import dev.eddy.store.ClaimResult;
import dev.eddy.store.Deduplication;
import dev.eddy.store.MessageAttribute;
import dev.eddy.store.MessageReceipt;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.ReceiptOutcome;
import dev.eddy.store.ReceivedMessage;
import dev.eddy.store.SendResult;
import dev.eddy.store.StoredMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The SQS operations on messages: send, receive, delete, change visibility, purge. */
@ApplicationScoped
public class SqsMessages {
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final long DEDUPLICATION_WINDOW = 5 * 60_000;
    private static final long MAX_BATCH_PAYLOAD = QueueAttributes.MAX_MESSAGE_SIZE;

    private final QueueStore store;
    private final QueueLocator locator;
    private final LongPolls longPolls;
    private final EddyClock clock;
    private final EddyConfig config;
    private final ConcurrentHashMap<QueueId, Long> purgedAt = new ConcurrentHashMap<>();
    private final SqsMetrics metrics;

    SqsMessages(QueueStore store, QueueLocator locator, LongPolls longPolls, EddyClock clock, EddyConfig config,
                SqsMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.locator = locator;
        this.longPolls = longPolls;
        this.clock = clock;
        this.config = config;
    }

    // ---- send -------------------------------------------------------------------------------

    public Uni<SendMessageResult> sendMessage(RequestContext context, SendMessageRequest request) {
        return sendMessage(context, request, () -> locator.byUrl(request.queueUrl()));
    }

    /**
     * SendMessage to a queue known by its identity, as SNS deliveries and S3 events use it: the
     * same checks and semantics as the SDK's call. The request's QueueUrl is not read.
     */
    public Uni<SendMessageResult> sendMessage(RequestContext context, QueueId queue, SendMessageRequest request) {
        return sendMessage(context, request, () -> locator.byId(queue));
    }

    private Uni<SendMessageResult> sendMessage(RequestContext context, SendMessageRequest request,
                                               Supplier<Uni<QueueRecord>> target) {
        Draft draft = new Draft(request.messageBody(), request.delaySeconds(), request.messageAttributes(),
                request.messageSystemAttributes(), request.messageDeduplicationId(), request.messageGroupId());
        return target.get().chain(queue -> {
            StoredMessage message = MessageRules.prepare(queue, draft, context, clock.now());
            return send(queue, List.of(message)).map(results -> {
                SendResult result = results.get(0);
                return new SendMessageResult(message.md5OfBody(), message.md5OfMessageAttributes(),
                        message.md5OfMessageSystemAttributes(), result.messageId(), result.sequenceNumber());
            });
        });
    }

    public Uni<SendMessageBatchResult> sendMessageBatch(RequestContext context, SendMessageBatchRequest request) {
        checkBatch(request.entries(), SendMessageBatchRequestEntry::id, "SendMessageBatchRequestEntry");
        long payload = 0;
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            payload += entry.messageBody() == null ? 0 : MessageRules.size(entry.messageBody(), Map.of());
            if (entry.messageAttributes() != null) {
                for (Map.Entry<String, MessageAttributeValue> a : entry.messageAttributes().entrySet()) {
                    payload += a.getKey().length() + (a.getValue() == null ? 0 : attributeSize(a.getValue()));
                }
            }
        }
        if (payload > MAX_BATCH_PAYLOAD) {
            throw SqsErrors.batchRequestTooLong(payload, MAX_BATCH_PAYLOAD);
        }
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            long now = clock.now();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            List<SendMessageBatchRequestEntry> accepted = new ArrayList<>();
            List<StoredMessage> messages = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                try {
                    messages.add(MessageRules.prepare(queue, new Draft(entry.messageBody(), entry.delaySeconds(),
                            entry.messageAttributes(), entry.messageSystemAttributes(),
                            entry.messageDeduplicationId(), entry.messageGroupId()), context, now));
                    accepted.add(entry);
                } catch (AwsException e) {
                    failed.add(failure(entry.id(), e));
                }
            }
            Uni<List<SendResult>> sent = messages.isEmpty() ? Uni.createFrom().item(List.of()) : send(queue, messages);
            return sent.map(results -> {
                List<SendMessageBatchResultEntry> successful = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    StoredMessage message = messages.get(i);
                    SendResult result = results.get(i);
                    successful.add(new SendMessageBatchResultEntry(accepted.get(i).id(), result.messageId(),
                            message.md5OfBody(), message.md5OfMessageAttributes(),
                            message.md5OfMessageSystemAttributes(), result.sequenceNumber()));
                }
                return new SendMessageBatchResult(successful, failed);
            });
        });
    }

    /** Stores messages on a queue and wakes its waiting receives; SNS and move tasks send through here too. */
    Uni<List<SendResult>> send(QueueRecord queue, List<StoredMessage> messages) {
        Deduplication deduplication = queue.fifo()
                ? new Deduplication(DEDUPLICATION_WINDOW, QueueAttributes.deduplicationPerGroup(queue)) : null;
        return store.send(queue.id(), messages, deduplication, clock.now()).map(results -> {
            if (results == null) {
                throw SqsErrors.nonExistentQueue();
            }
            int stored = (int) results.stream().filter(r -> !r.duplicate()).count();
            longPolls.wake(queue.id(), stored);
            metrics.sent(queue.id(), stored);
            return results;
        });
    }

    private static long attributeSize(MessageAttributeValue value) {
        long size = value.dataType() == null ? 0 : value.dataType().length();
        if (value.binaryValue() != null) {
            size += value.binaryValue().length;
        } else if (value.stringValue() != null) {
            size += MessageRules.size(value.stringValue(), Map.of());
        }
        return size;
    }

    // ---- receive ----------------------------------------------------------------------------

    public Uni<ReceiveMessageResult> receiveMessage(RequestContext context, ReceiveMessageRequest request) {
        return receiveMessage(context, request, () -> locator.byUrl(request.queueUrl()));
    }

    /** ReceiveMessage on a queue known by its identity (event source mappings); the QueueUrl is not read. */
    public Uni<ReceiveMessageResult> receiveMessage(RequestContext context, QueueId queue,
                                                    ReceiveMessageRequest request) {
        return receiveMessage(context, request, () -> locator.byId(queue));
    }

    private Uni<ReceiveMessageResult> receiveMessage(RequestContext context, ReceiveMessageRequest request,
                                                     Supplier<Uni<QueueRecord>> target) {
        Integer max = request.maxNumberOfMessages();
        Integer wait = request.waitTimeSeconds();
        Integer visibility = request.visibilityTimeout();
        return target.get().chain(queue -> {
            int waitSeconds = wait != null ? wait : QueueAttributes.intValue(queue, QueueAttributes.RECEIVE_WAIT_TIME);
            int visibilitySeconds = visibility != null ? visibility
                    : QueueAttributes.intValue(queue, QueueAttributes.VISIBILITY_TIMEOUT);
            RedrivePolicy redrive = QueueAttributes.redrivePolicy(queue);
            String attemptId = queue.fifo() ? request.receiveRequestAttemptId() : null;
            long deadline = clock.now() + waitSeconds * 1000L;
            Function<Long, Claim> claim = now -> new Claim(max == null ? 1 : max, visibilitySeconds * 1000L, now,
                    QueueAttributes.retentionMillis(queue), redrive == null ? 0 : redrive.maxReceiveCount(), attemptId);
            MessageView view = new MessageView(request, queue.fifo());
            return poll(queue, redrive, claim, deadline).map(received -> {
                metrics.received(queue.id(), received.size());
                return new ReceiveMessageResult(received.isEmpty() ? null
                        : received.stream().map(r -> view.render(queue.id(), r)).toList());
            });
        });
    }

    /** Claims, and while nothing is found and the wait is not over, waits for a wake-up and claims again. */
    private Uni<List<ReceivedMessage>> poll(QueueRecord queue, RedrivePolicy redrive, Function<Long, Claim> claim,
                                            long deadline) {
        long version = longPolls.version(queue.id());
        return store.claim(queue.id(), claim.apply(clock.now())).chain(result -> {
            if (result == null) {
                throw SqsErrors.nonExistentQueue();
            }
            return deadLetter(queue, redrive, result).chain(refused -> {
                long now = clock.now();
                // Dead letters the store refused may be visible again at once: answer rather than claim them again.
                if (!result.received().isEmpty() || longPolls.closing() || refused
                        || (now >= deadline && result.deadLetters().isEmpty())) {
                    return Uni.createFrom().item(result.received());
                }
                if (!result.deadLetters().isEmpty()) {
                    return poll(queue, redrive, claim, deadline);
                }
                return longPolls.await(queue.id(), version, Math.min(deadline, result.nextDue()))
                        .chain(() -> poll(queue, redrive, claim, deadline));
            });
        });
    }

    /**
     * Moves messages past maxReceiveCount to the dead-letter queue: write there first, then delete
     * here, so a failure in between duplicates a message but never loses it. A dead-letter queue
     * that cannot take them now (the memory store is full) leaves them here, as a missing one does,
     * so that receives go on draining the queue; true then.
     */
    private Uni<Boolean> deadLetter(QueueRecord queue, RedrivePolicy redrive, ClaimResult result) {
        if (result.deadLetters().isEmpty()) {
            return Uni.createFrom().item(false);
        }
        QueueId target = QueueId.ofArn(redrive.deadLetterTargetArn());
        return store.queue(target).chain(dlq -> {
            if (dlq == null) {
                // The dead-letter queue is gone: the messages stay here and reappear after the timeout.
                return Uni.createFrom().item(false);
            }
            List<StoredMessage> moved = result.deadLetters().stream()
                    .map(r -> r.message().movedFrom(queue.arn(), dlq.fifo(), clock.now())).toList();
            return send(dlq, moved).map(sent -> false)
                    .onFailure(AwsException::isServiceUnavailable).recoverWithItem(true)
                    .call(refused -> refused ? Uni.createFrom().voidItem() : store.delete(queue.id(),
                                    result.deadLetters().stream().map(r -> new MessageReceipt(r.message().messageId(),
                                            r.receiptToken())).toList())
                            .invoke(() -> metrics.movedToDeadLetterQueue(queue.id(), moved.size())));
        });
    }

    /** How received messages are shown: which system and message attributes the request asked for. */
    private static final class MessageView {
        private final Set<String> systemNames = new HashSet<>();
        private final List<String> attributeNames;
        private final boolean fifo;

        MessageView(ReceiveMessageRequest request, boolean fifo) {
            if (request.attributeNames() != null) {
                systemNames.addAll(request.attributeNames());
            }
            if (request.messageSystemAttributeNames() != null) {
                systemNames.addAll(request.messageSystemAttributeNames());
            }
            this.attributeNames = request.messageAttributeNames() == null ? List.of() : request.messageAttributeNames();
            this.fifo = fifo;
        }

        Message render(QueueId queue, ReceivedMessage received) {
            StoredMessage message = received.message();
            Map<String, String> system = new LinkedHashMap<>();
            system(system, "SenderId", message.senderId());
            system(system, "SentTimestamp", String.valueOf(message.sentTimestamp()));
            system(system, "ApproximateReceiveCount", String.valueOf(received.receiveCount()));
            system(system, "ApproximateFirstReceiveTimestamp", String.valueOf(received.firstReceiveTimestamp()));
            if (fifo) {
                system(system, "SequenceNumber", message.sequenceNumber());
                system(system, "MessageDeduplicationId", message.deduplicationId());
            }
            system(system, "MessageGroupId", message.groupId());
            system(system, MessageRules.AWS_TRACE_HEADER, message.traceHeader());
            system(system, "DeadLetterQueueSourceArn", message.deadLetterSourceArn());

            Map<String, MessageAttribute> selected = new LinkedHashMap<>();
            message.attributes().forEach((name, value) -> {
                if (wanted(name)) {
                    selected.put(name, value);
                }
            });
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            selected.forEach((name, value) -> attributes.put(name,
                    new MessageAttributeValue(value.stringValue(), value.binaryValue(), null, null, value.dataType())));
            String handle = new ReceiptHandle(queue.name(), message.messageId(), received.receiptToken()).encode();
            return new Message(message.messageId(), handle, message.md5OfBody(), message.body(),
                    system.isEmpty() ? null : system,
                    selected.isEmpty() ? null : MessageDigests.ofAttributes(selected),
                    attributes.isEmpty() ? null : attributes);
        }

        private void system(Map<String, String> into, String name, String value) {
            if (value != null && (systemNames.contains("All") || systemNames.contains(name))) {
                into.put(name, value);
            }
        }

        private boolean wanted(String name) {
            for (String pattern : attributeNames) {
                if (pattern.equals("All") || pattern.equals(".*") || pattern.equals(name)
                        || (pattern.endsWith(".*") && name.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- delete and visibility ---------------------------------------------------------------

    public Uni<Empty> deleteMessage(RequestContext context, DeleteMessageRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            ReceiptHandle handle = ReceiptHandle.decode(request.receiptHandle(), queue.id());
            return delete(queue, handle).replaceWith(Empty.INSTANCE);
        });
    }

    public Uni<BatchResult> deleteMessageBatch(RequestContext context, DeleteMessageBatchRequest request) {
        return deleteMessageBatch(context, request, () -> locator.byUrl(request.queueUrl()));
    }

    /** DeleteMessageBatch on a queue known by its identity (event source mappings); the QueueUrl is not read. */
    public Uni<BatchResult> deleteMessageBatch(RequestContext context, QueueId queue,
                                               DeleteMessageBatchRequest request) {
        return deleteMessageBatch(context, request, () -> locator.byId(queue));
    }

    private Uni<BatchResult> deleteMessageBatch(RequestContext context, DeleteMessageBatchRequest request,
                                                Supplier<Uni<QueueRecord>> target) {
        checkBatch(request.entries(), DeleteMessageBatchRequestEntry::id, "DeleteMessageBatchRequestEntry");
        return target.get().chain(queue -> {
            // The entries with a readable handle are deleted in one store call; the others fail alone.
            List<MessageReceipt> receipts = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            List<BatchResultEntry> successful = new ArrayList<>();
            for (DeleteMessageBatchRequestEntry entry : request.entries()) {
                try {
                    ReceiptHandle handle = ReceiptHandle.decode(required(entry.receiptHandle(), "ReceiptHandle"),
                            queue.id());
                    receipts.add(new MessageReceipt(handle.messageId(), handle.token()));
                    successful.add(new BatchResultEntry(entry.id()));
                } catch (AwsException e) {
                    failed.add(failure(entry.id(), e));
                }
            }
            return delete(queue, receipts).map(v -> new BatchResult(successful, failed));
        });
    }

    /** Deletes by receipt; a stale or repeated receipt succeeds without deleting, as on AWS. */
    private Uni<Void> delete(QueueRecord queue, ReceiptHandle handle) {
        return delete(queue, List.of(new MessageReceipt(handle.messageId(), handle.token())));
    }

    private Uni<Void> delete(QueueRecord queue, List<MessageReceipt> receipts) {
        if (receipts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.delete(queue.id(), receipts).invoke(outcomes -> {
            for (ReceiptOutcome outcome : outcomes) {
                if (outcome == ReceiptOutcome.APPLIED) {
                    metrics.deleted(queue.id());
                }
            }
        }).replaceWithVoid();
    }

    public Uni<Empty> changeMessageVisibility(RequestContext context, ChangeMessageVisibilityRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue ->
                changeVisibility(queue, request.receiptHandle(), request.visibilityTimeout())
                        .replaceWith(Empty.INSTANCE));
    }

    public Uni<BatchResult> changeMessageVisibilityBatch(RequestContext context,
                                                         ChangeMessageVisibilityBatchRequest request) {
        return changeMessageVisibilityBatch(context, request, () -> locator.byUrl(request.queueUrl()));
    }

    /**
     * ChangeMessageVisibilityBatch on a queue known by its identity (event source mappings); the
     * QueueUrl is not read.
     */
    public Uni<BatchResult> changeMessageVisibilityBatch(RequestContext context, QueueId queue,
                                                         ChangeMessageVisibilityBatchRequest request) {
        return changeMessageVisibilityBatch(context, request, () -> locator.byId(queue));
    }

    private Uni<BatchResult> changeMessageVisibilityBatch(RequestContext context,
                                                          ChangeMessageVisibilityBatchRequest request,
                                                          Supplier<Uni<QueueRecord>> target) {
        checkBatch(request.entries(), ChangeMessageVisibilityBatchRequestEntry::id,
                "ChangeMessageVisibilityBatchRequestEntry");
        return target.get().chain(queue -> perEntry(request.entries(),
                ChangeMessageVisibilityBatchRequestEntry::id,
                entry -> changeVisibility(queue, required(entry.receiptHandle(), "ReceiptHandle"),
                        checkVisibility(required(entry.visibilityTimeout(), "VisibilityTimeout")))));
    }

    /** A batch entry's VisibilityTimeout fails that entry alone, so it is checked here, not by its record. */
    private static int checkVisibility(int visibilityTimeout) {
        if (visibilityTimeout < 0 || visibilityTimeout > 43_200) {
            throw AwsException.invalidParameterValue("VisibilityTimeout", visibilityTimeout,
                    "Must be between 0 and 43200, if provided.");
        }
        return visibilityTimeout;
    }

    private Uni<Void> changeVisibility(QueueRecord queue, String receiptHandle, int visibilityTimeout) {
        ReceiptHandle handle = ReceiptHandle.decode(receiptHandle, queue.id());
        return store.changeVisibility(queue.id(), handle.messageId(), handle.token(), visibilityTimeout * 1000L,
                clock.now()).map(outcome -> {
                    switch (outcome == null ? ReceiptOutcome.GONE : outcome) {
                        case APPLIED -> {
                            if (visibilityTimeout == 0) {
                                longPolls.wake(queue.id(), 1);
                            }
                        }
                        case GONE, STALE -> throw AwsException.invalidParameterValue("ReceiptHandle", receiptHandle,
                                "The receipt handle has expired.");
                        case NOT_IN_FLIGHT -> throw SqsErrors.messageNotInflight();
                        case BEYOND_LIMIT -> throw AwsException.invalidParameterValue("VisibilityTimeout",
                                visibilityTimeout, "Total VisibilityTimeout for the message is beyond the limit "
                                        + "[43200 seconds]");
                    }
                    return null;
                });
    }

    public Uni<Empty> purgeQueue(RequestContext context, QueueRequest request) {
        return locator.byUrl(request.queueUrl()).chain(queue -> {
            if (config.sqs().enforceSixtySecondRules()) {
                long now = clock.now();
                Long last = purgedAt.get(queue.id());
                if (last != null && now - last < 60_000) {
                    throw SqsErrors.purgeInProgress(queue.arn());
                }
                purgedAt.put(queue.id(), now);
            }
            return store.purge(queue.id()).replaceWith(Empty.INSTANCE);
        });
    }

    // ---- batches ----------------------------------------------------------------------------

    /** The whole-request batch rules: 1 to 10 entries, ids well-formed and distinct. */
    private static <E> void checkBatch(List<E> entries, Function<E, String> id, String entryName) {
        if (entries == null || entries.isEmpty()) {
            throw SqsErrors.emptyBatch(entryName);
        }
        if (entries.size() > 10) {
            throw SqsErrors.tooManyEntries(entries.size());
        }
        Set<String> seen = new HashSet<>();
        for (E entry : entries) {
            String entryId = entry == null ? null : id.apply(entry);
            if (entryId == null || !BATCH_ENTRY_ID.matcher(entryId).matches()) {
                throw SqsErrors.invalidBatchEntryId(entryId);
            }
            if (!seen.add(entryId)) {
                throw SqsErrors.batchEntryIdsNotDistinct(entryId);
            }
        }
    }

    /** Runs an action per entry; an entry's AWS error becomes its Failed entry and spares the others. */
    private static <E> Uni<BatchResult> perEntry(List<E> entries, Function<E, String> id,
                                                 Function<E, Uni<Void>> action) {
        List<Uni<BatchResultErrorEntry>> outcomes = new ArrayList<>();
        for (E entry : entries) {
            Uni<Void> done;
            try {
                done = action.apply(entry);
            } catch (AwsException e) {
                done = Uni.createFrom().failure(e);
            }
            outcomes.add(done.map(v -> (BatchResultErrorEntry) null)
                    .onFailure(AwsException.class).recoverWithItem(e -> failure(id.apply(entry), (AwsException) e)));
        }
        return Uni.join().all(outcomes).andFailFast().map(errors -> {
            List<BatchResultEntry> successful = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (errors.get(i) == null) {
                    successful.add(new BatchResultEntry(id.apply(entries.get(i))));
                } else {
                    failed.add(errors.get(i));
                }
            }
            return new BatchResult(successful, failed);
        });
    }

    private static BatchResultErrorEntry failure(String id, AwsException e) {
        return new BatchResultErrorEntry(id, e.senderFault(), e.code(), e.getMessage());
    }

    private static <T> T required(T value, String parameter) {
        if (value == null) {
            throw AwsException.missingParameter(parameter);
        }
        return value;
    }
}
