package dev.eddy.sqs;

import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.store.QueueDepth;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-queue metrics. Counters (sent, received, deleted, moved to a dead-letter queue) count what
 * this replica did. Depth gauges (visible, in flight, delayed, age of the oldest message) read a
 * snapshot refreshed in the background, so a scrape never costs a store call per queue.
 */
@ApplicationScoped
public class SqsMetrics {
    private static final long REFRESH_MILLIS = 10_000;

    private final MeterRegistry registry;
    /** Counters by name and queue, so the hot path skips the registry's builder and lookup. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final QueueStore store;
    private final EddyClock clock;
    private final EddyConfig config;
    private final Vertx vertx;
    private final Map<QueueId, QueueDepth> depths = new ConcurrentHashMap<>();
    private final Set<QueueId> gauged = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    SqsMetrics(MeterRegistry registry, QueueStore store, EddyClock clock, EddyConfig config, Vertx vertx) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void sent(QueueId queue, int count) {
        counter("eddy.sqs.messages.sent", queue).increment(count);
    }

    void received(QueueId queue, int count) {
        counter("eddy.sqs.messages.received", queue).increment(count);
    }

    void deleted(QueueId queue) {
        counter("eddy.sqs.messages.deleted", queue).increment();
    }

    void movedToDeadLetterQueue(QueueId queue, int count) {
        counter("eddy.sqs.messages.dead.lettered", queue).increment(count);
    }

    private Counter counter(String name, QueueId queue) {
        return counters.computeIfAbsent(name + '|' + queue.name(),
                key -> Counter.builder(name).tag("queue", queue.name()).register(registry));
    }

    /** Takes a depth snapshot of every queue of the account, one queue at a time, and gauges new ones. */
    private void refresh() {
        long now = clock.now();
        store.queues(config.accountId()).onItem().transformToMulti(queues -> {
            depths.keySet().removeIf(id -> queues.stream().noneMatch(q -> q.id().equals(id)));
            return Multi.createFrom().iterable(queues);
        }).onItem().transformToUniAndConcatenate(queue -> store.depth(queue.id(), now,
                QueueAttributes.retentionMillis(queue)).invoke(depth -> {
                    if (depth != null) {
                        depths.put(queue.id(), depth);
                        gauge(queue.id());
                    }
                }))
                .subscribe().with(depth -> { }, failure -> { });
    }

    private void gauge(QueueId queue) {
        if (!gauged.add(queue)) {
            return;
        }
        String name = queue.name();
        Gauge.builder("eddy.sqs.queue.messages", depths, d -> value(d.get(queue), QueueDepth::visible))
                .tag("queue", name).tag("state", "visible").register(registry);
        Gauge.builder("eddy.sqs.queue.messages", depths, d -> value(d.get(queue), QueueDepth::inFlight))
                .tag("queue", name).tag("state", "in_flight").register(registry);
        Gauge.builder("eddy.sqs.queue.messages", depths, d -> value(d.get(queue), QueueDepth::delayed))
                .tag("queue", name).tag("state", "delayed").register(registry);
        Gauge.builder("eddy.sqs.queue.oldest.message.age.seconds", depths, d -> {
            QueueDepth depth = d.get(queue);
            return depth == null || depth.oldestSentTimestamp() == 0 ? 0
                    : (clock.now() - depth.oldestSentTimestamp()) / 1000.0;
        }).tag("queue", name).register(registry);
    }

    private static double value(QueueDepth depth, java.util.function.ToLongFunction<QueueDepth> field) {
        return depth == null ? 0 : field.applyAsLong(depth);
    }
}
