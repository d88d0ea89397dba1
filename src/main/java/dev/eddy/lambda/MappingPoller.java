package dev.eddy.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.Arn;
import dev.eddy.common.RequestContext;
import dev.eddy.filter.FilterPolicy;
import dev.eddy.lambda.MappingMetrics.Outcome;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityBatchRequest;
import dev.eddy.sqs.SqsModel.ChangeMessageVisibilityBatchRequestEntry;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequest;
import dev.eddy.sqs.SqsModel.DeleteMessageBatchRequestEntry;
import dev.eddy.sqs.SqsModel.Message;
import dev.eddy.sqs.SqsModel.ReceiveMessageRequest;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.MappingRecord;
import dev.eddy.store.QueueId;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs one event source mapping on this replica. Each loop takes a batch by long-polling the queue
 * through the SQS service (never sleeping: a send wakes it at once), fills it up to BatchSize, the
 * batching window or Lambda's 6 MB payload, invokes the function synchronously and deletes what
 * succeeded; failed messages stay in flight until their visibility timeout ends, so the queue's
 * redrive policy applies. A loop that brings a full batch starts another, up to the mapping's
 * MaximumConcurrency (held across replicas by store slots); a loop that finds the queue empty
 * ends unless it is the last one, which keeps long-polling.
 */
final class MappingPoller {
    private static final Logger LOG = Logger.getLogger(MappingPoller.class);
    private static final int MAX_PAYLOAD = 6 * 1024 * 1024;
    /** Lambda's ceiling on concurrent batches for one SQS mapping without a MaximumConcurrency. */
    private static final int DEFAULT_CONCURRENCY = 1000;
    /** Batches one replica runs at once: no more than the invoker's connections to a function's host. */
    private static final int REPLICA_CONCURRENCY = FunctionInvoker.CONNECTIONS_PER_HOST;
    private static final int LONG_POLL_SECONDS = 20;
    private static final long RETRY_MILLIS = 1_000;
    private static final List<String> ALL = List.of("All");

    private final SqsPollers owner;
    private final QueueId queue;
    private final RequestContext context;
    private final Map<String, String> names;
    private final Set<Loop> loops = ConcurrentHashMap.newKeySet();
    private volatile MappingRecord mapping;
    private volatile List<FilterPolicy> filters;
    private volatile boolean stopped;
    private volatile String lastResult;
    private volatile String lastProblem;

    MappingPoller(MappingRecord mapping, SqsPollers owner) {
        this.owner = owner;
        this.queue = QueueId.ofArn(mapping.eventSourceArn());
        this.context = new RequestContext("esm-" + mapping.uuid(), mapping.region(), mapping.account(),
                owner.baseUrl(), null, null);
        this.names = SqsEvents.names(mapping.eventSourceArn(), mapping.functionArn());
        update(mapping);
    }

    /** Starts the loops that always run: one, or in provisioned mode MinimumPollers. */
    void start() {
        for (int i = 0; i < minimumLoops(mapping); i++) {
            addLoop();
        }
    }

    private static int minimumLoops(MappingRecord m) {
        return m.minimumPollers() == null ? 1 : Math.min(m.minimumPollers(), REPLICA_CONCURRENCY);
    }

    /**
     * Loops this replica may run: MaximumConcurrency, or in provisioned mode MaximumPollers (the
     * smaller when both are set), Lambda's default otherwise; never more than the invoker's connections.
     */
    private static int maximumLoops(MappingRecord m) {
        int limit = m.maximumConcurrency() == null ? DEFAULT_CONCURRENCY : m.maximumConcurrency();
        if (m.maximumPollers() != null) {
            limit = Math.min(limit, m.maximumPollers());
        }
        return Math.min(REPLICA_CONCURRENCY, limit);
    }

    /** Takes a changed configuration; loops waiting on the queue start over with it. */
    void update(MappingRecord updated) {
        if (!updated.equals(mapping)) {
            boolean running = mapping != null;
            filters = updated.filterPatterns().stream().map(FilterPolicy::eventPattern).toList();
            mapping = updated;
            if (running) {
                loops.forEach(Loop::abandonReceive);
                for (int i = loops.size(); i < minimumLoops(updated); i++) {
                    addLoop();
                }
            }
        }
    }

    /** Stops taking batches; a batch being invoked finishes, a waiting long poll is abandoned. */
    void stop() {
        stopped = true;
        loops.forEach(Loop::abandonReceive);
    }

    private void addLoop() {
        Loop loop;
        synchronized (this) {
            if (stopped || loops.size() >= maximumLoops(mapping)) {
                return;
            }
            loop = new Loop();
            loops.add(loop);
        }
        loop.soon();
    }

    /** One sequence of batches: acquire a slot, collect, invoke, settle, repeat. */
    private final class Loop {
        private final String holder = owner.replica() + "/" + UUID.randomUUID();
        private volatile Cancellable pending;
        private volatile Runnable abandon;

        void soon() {
            owner.vertx().runOnContext(v -> next());
        }

        void later() {
            owner.vertx().setTimer(RETRY_MILLIS, t -> next());
        }

        void end() {
            loops.remove(this);
        }

        /** Ends this loop when more than the minimum run; the minimum keep polling. */
        void endOrContinue(boolean again) {
            synchronized (MappingPoller.this) {
                if (loops.size() > minimumLoops(mapping) || stopped) {
                    end();
                    return;
                }
            }
            if (again) {
                soon();
            } else {
                later();
            }
        }

        void next() {
            if (stopped) {
                end();
                return;
            }
            MappingRecord m = mapping;
            long leaseMillis = (LONG_POLL_SECONDS + m.maximumBatchingWindowInSeconds() + 60) * 1000L;
            acquire(m, leaseMillis).subscribe().with(acquired -> {
                if (!acquired) {
                    endOrContinue(false);
                    return;
                }
                collect(m, new Batch());
            }, this::problem);
        }

        private Uni<Boolean> acquire(MappingRecord m, long leaseMillis) {
            if (m.maximumConcurrency() == null) {
                return Uni.createFrom().item(true);
            }
            long now = owner.clock().now();
            return owner.store().acquireSlot(m.uuid(), holder, m.maximumConcurrency(), now, now + leaseMillis);
        }

        private void release(MappingRecord m) {
            if (m.maximumConcurrency() != null) {
                owner.store().releaseSlot(m.uuid(), holder).subscribe().with(v -> { }, e -> { });
            }
        }

        private void collect(MappingRecord m, Batch batch) {
            int wait;
            if (batch.records.isEmpty()) {
                wait = LONG_POLL_SECONDS;
            } else {
                long left = batch.windowEnds - owner.clock().now();
                wait = (int) Math.min(LONG_POLL_SECONDS, Math.max(0, (left + 999) / 1000));
            }
            int max = Math.min(10, m.batchSize() - batch.records.size());
            receive(max, wait, messages -> {
                if (messages.isEmpty() && batch.records.isEmpty()) {
                    release(m);
                    endOrContinue(true);
                    return;
                }
                boolean first = batch.records.isEmpty();
                List<Message> overflow = batch.add(messages, m);
                if (first) {
                    batch.windowEnds = owner.clock().now() + m.maximumBatchingWindowInSeconds() * 1000L;
                }
                boolean full = batch.records.size() >= m.batchSize() || !overflow.isEmpty();
                batch.full |= full || messages.size() == max;
                if (!overflow.isEmpty()) {
                    makeVisible(overflow);
                }
                if (full || stopped || owner.clock().now() >= batch.windowEnds) {
                    deliver(m, batch);
                } else {
                    collect(m, batch);
                }
            }, e -> {
                if (batch.records.isEmpty()) {
                    release(m);
                    problem(e);
                } else {
                    deliver(m, batch);
                }
            });
        }

        private void receive(int max, int wait, Consumer<List<Message>> then, Consumer<Throwable> failed) {
            AtomicBoolean settled = new AtomicBoolean();
            abandon = () -> {
                if (settled.compareAndSet(false, true)) {
                    Cancellable receiving = pending;
                    if (receiving != null) {
                        receiving.cancel();
                    }
                    then.accept(List.of());
                }
            };
            ReceiveMessageRequest request = new ReceiveMessageRequest(null, ALL, ALL, ALL, max, null, wait, null);
            pending = Uni.createFrom().deferred(() -> owner.sqs().receiveMessage(context, queue, request))
                    .subscribe().with(result -> {
                        if (settled.compareAndSet(false, true)) {
                            abandon = null;
                            then.accept(result.messages() == null ? List.of() : result.messages());
                        }
                    }, e -> {
                        if (settled.compareAndSet(false, true)) {
                            abandon = null;
                            failed.accept(e);
                        }
                    });
            if (stopped) {
                abandonReceive();
            }
        }

        void abandonReceive() {
            Runnable running = abandon;
            if (running != null) {
                running.run();
            }
        }

        private void deliver(MappingRecord m, Batch batch) {
            List<FilterPolicy> active = filters;
            List<Message> kept = new ArrayList<>();
            List<ObjectNode> records = new ArrayList<>();
            List<Message> dropped = new ArrayList<>();
            for (int i = 0; i < batch.records.size(); i++) {
                if (SqsEvents.passes(batch.records.get(i), active)) {
                    kept.add(batch.messages.get(i));
                    records.add(batch.records.get(i));
                } else {
                    dropped.add(batch.messages.get(i));
                }
            }
            events(m, "polled", batch.records.size());
            events(m, "filtered_out", dropped.size());
            events(m, "invoked", kept.size());
            if (!dropped.isEmpty()) {
                owner.metrics().filtered(names.get("function"), names.get("queue"), dropped.size());
                delete(dropped).subscribe().with(v -> { }, e -> { });
            }
            if (kept.isEmpty()) {
                release(m);
                soon();
                return;
            }
            Arn function = Arn.parseOrNull(m.functionArn());
            long started = System.nanoTime();
            byte[] event = SqsEvents.event(records);
            owner.store().function(function.account(), function.functionName())
                    .chain(f -> f == null ? Uni.createFrom().item(FunctionInvoker.error("ResourceNotFoundException",
                            "Function not found: " + m.functionArn()))
                            : renew(m, f).chain(() -> owner.invoker().invoke(FunctionVersions.resolve(f,
                                    function.qualifier()).function(), event)))
                    .subscribe().with(result -> settle(m, batch, kept, result, Duration.ofNanos(System.nanoTime()
                            - started)), e -> settle(m, batch, kept, FunctionInvoker.error("Eddy.InvocationFailed",
                            String.valueOf(e.getMessage())), Duration.ofNanos(System.nanoTime() - started)));
        }

        /** Holds the slot for as long as the function may take. */
        private Uni<Boolean> renew(MappingRecord m, FunctionRecord f) {
            return acquire(m, (f.timeout() + 60) * 1000L).onFailure().recoverWithItem(true);
        }

        private void settle(MappingRecord m, Batch batch, List<Message> kept, FunctionInvoker.Result result,
                            Duration took) {
            Set<String> ids = kept.stream().map(Message::messageId).collect(Collectors.toSet());
            Set<String> failed;
            String problem = null;
            if (result.error()) {
                failed = ids;
                problem = "PROBLEM: Function call failed";
                LOG.warnf("Event source mapping %s: invoking %s with %d messages of %s failed: %s", m.uuid(),
                        m.functionArn(), kept.size(), m.eventSourceArn(), result.text());
            } else if (m.functionResponseTypes().contains(EventSourceMappings.REPORT_BATCH_ITEM_FAILURES)) {
                failed = SqsEvents.failedItems(result.payload(), ids);
                if (failed == null) {
                    failed = ids;
                    problem = "PROBLEM: Function call failed";
                    LOG.warnf("Event source mapping %s: %s returned an invalid partial batch response for %s: %s",
                            m.uuid(), m.functionArn(), m.eventSourceArn(), result.text());
                }
            } else {
                failed = Set.of();
            }
            Outcome outcome = failed.isEmpty() ? Outcome.SUCCESS : failed.size() == ids.size() ? Outcome.FAILURE
                    : Outcome.PARTIAL;
            owner.metrics().invoked(names.get("function"), names.get("queue"), outcome, kept.size(), took);
            Set<String> keep = failed;
            List<Message> done = kept.stream().filter(message -> !keep.contains(message.messageId())).toList();
            events(m, "failed_invoke", failed.size());
            events(m, "deleted", done.size());
            recordResult(m, problem == null ? "OK" : problem);
            delete(done).subscribe().with(v -> {
                release(m);
                if (batch.full) {
                    addLoop();
                }
                soon();
            }, e -> {
                release(m);
                problem(e);
            });
        }

        private void problem(Throwable e) {
            String text = e.getMessage();
            if (!java.util.Objects.equals(text, lastProblem)) {
                lastProblem = text;
                LOG.warnf("Event source mapping %s (%s): %s", mapping.uuid(), mapping.eventSourceArn(), text);
            }
            endOrContinue(false);
        }
    }

    /** MetricsConfig EventCount: the mapping's event counts, kept only when it asks for them. */
    private void events(MappingRecord m, String event, int count) {
        if (count > 0 && m.metrics().contains(EventSourceMappings.EVENT_COUNT)) {
            owner.metrics().events(m.uuid(), names.get("function"), names.get("queue"), event, count);
        }
    }

    private void recordResult(MappingRecord m, String result) {
        if (!result.equals(lastResult)) {
            lastResult = result;
            owner.store().setProcessingResult(m.uuid(), result).subscribe().with(v -> { }, e -> { });
        }
        if (result.equals("OK")) {
            lastProblem = null;
        }
    }

    private Uni<Void> delete(List<Message> messages) {
        List<Uni<dev.eddy.sqs.SqsModel.BatchResult>> calls = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
                entries.add(new DeleteMessageBatchRequestEntry(String.valueOf(i), messages.get(i).receiptHandle()));
            }
            calls.add(owner.sqs().deleteMessageBatch(context, queue, new DeleteMessageBatchRequest(null, entries)));
        }
        return calls.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(calls).andFailFast().replaceWithVoid();
    }

    /** Messages that would push the payload past 6 MB go back to the queue at once. */
    private void makeVisible(List<Message> messages) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(new ChangeMessageVisibilityBatchRequestEntry(String.valueOf(i),
                    messages.get(i).receiptHandle(), 0));
        }
        owner.sqs().changeMessageVisibilityBatch(context, queue, new ChangeMessageVisibilityBatchRequest(null, entries))
                .subscribe().with(v -> { }, e -> { });
    }

    /** The messages of one invocation and their records. */
    private final class Batch {
        final List<Message> messages = new ArrayList<>();
        final List<ObjectNode> records = new ArrayList<>();
        int bytes;
        long windowEnds;
        boolean full;

        /** Adds what fits in the payload; returns what does not. */
        List<Message> add(List<Message> received, MappingRecord m) {
            List<Message> overflow = new ArrayList<>();
            for (Message message : received) {
                ObjectNode record = SqsEvents.record(message, m.eventSourceArn(), m.region());
                int size = SqsEvents.size(record);
                if (!overflow.isEmpty() || (!records.isEmpty() && bytes + size > MAX_PAYLOAD)) {
                    overflow.add(message);
                    continue;
                }
                bytes += size;
                messages.add(message);
                records.add(record);
            }
            return overflow;
        }
    }
}
