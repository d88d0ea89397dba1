package dev.eddy.lambda;

import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.sqs.SqsMessages;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.MappingRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs every enabled event source mapping on this replica: one {@link MappingPoller} each. The
 * mappings are read from the store every second (and at once after a change made here), so a
 * mapping created, disabled or deleted through any replica starts or stops on all of them.
 */
@ApplicationScoped
public class SqsPollers {
    private static final Logger LOG = Logger.getLogger(SqsPollers.class);
    static final long REFRESH_MILLIS = 1_000;

    private final FunctionStore store;
    private final SqsMessages sqs;
    private final FunctionInvoker invoker;
    private final EddyClock clock;
    private final Vertx vertx;
    private final MappingMetrics metrics;
    private final String baseUrl;
    private final String replica = UUID.randomUUID().toString();
    private final Map<String, MappingPoller> running = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private volatile boolean closing;
    private long timer = -1;

    SqsPollers(FunctionStore store, SqsMessages sqs, FunctionInvoker invoker, EddyClock clock, Vertx vertx,
               MeterRegistry registry, EddyConfig config) {
        this.store = store;
        this.sqs = sqs;
        this.invoker = invoker;
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = new MappingMetrics(registry);
        this.baseUrl = config.publicBaseUrl().orElse("http://localhost:4566");
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(REFRESH_MILLIS, t -> refresh());
        refresh();
    }

    /** Shutdown: no new batches; the batches being invoked finish. */
    void close(@Observes ShutdownDelayInitiatedEvent event) {
        stopAll();
    }

    void stop(@Observes ShutdownEvent event) {
        stopAll();
    }

    private void stopAll() {
        closing = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        running.values().forEach(MappingPoller::stop);
        running.clear();
    }

    /** Reads the mappings and starts, updates or stops pollers to match; calls made meanwhile coalesce. */
    void refresh() {
        if (closing) {
            return;
        }
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        store.mappings().subscribe().with(mappings -> {
            try {
                apply(mappings);
            } finally {
                refreshDone();
            }
        }, failure -> {
            LOG.debugf("Reading event source mappings failed: %s", failure.getMessage());
            refreshDone();
        });
    }

    private void refreshDone() {
        refreshing.set(false);
        if (refreshAgain.getAndSet(false)) {
            refresh();
        }
    }

    private void apply(Iterable<MappingRecord> mappings) {
        if (closing) {
            return;
        }
        Set<String> enabled = new HashSet<>();
        for (MappingRecord mapping : mappings) {
            if (!mapping.enabled()) {
                continue;
            }
            enabled.add(mapping.uuid());
            running.compute(mapping.uuid(), (uuid, poller) -> {
                if (poller == null) {
                    MappingPoller started = new MappingPoller(mapping, this);
                    started.start();
                    return started;
                }
                poller.update(mapping);
                return poller;
            });
        }
        running.entrySet().removeIf(entry -> {
            if (enabled.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
    }

    /** Whether a mapping runs here now (for tests and the admin view). */
    boolean isRunning(String uuid) {
        return running.containsKey(uuid);
    }

    FunctionStore store() {
        return store;
    }

    SqsMessages sqs() {
        return sqs;
    }

    FunctionInvoker invoker() {
        return invoker;
    }

    EddyClock clock() {
        return clock;
    }

    Vertx vertx() {
        return vertx;
    }

    MappingMetrics metrics() {
        return metrics;
    }

    String baseUrl() {
        return baseUrl;
    }

    String replica() {
        return replica;
    }
}
