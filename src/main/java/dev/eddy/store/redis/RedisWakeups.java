package dev.eddy.store.redis;

import dev.eddy.store.QueueId;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Wake-ups from other Eddy replicas: one subscribed connection to the wake channel, re-established
 * whenever it drops, handing each "count account/queue" published after a send to the listeners.
 */
final class RedisWakeups {
    private static final Logger LOG = Logger.getLogger(RedisWakeups.class);
    private static final long RECONNECT_MILLIS = 1000;

    private final Vertx vertx;
    private final Redis client;
    private final List<BiConsumer<QueueId, Integer>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile RedisConnection connection;
    private volatile boolean closed;

    RedisWakeups(Vertx vertx, Redis client) {
        this.vertx = vertx;
        this.client = client;
    }

    void subscribe(BiConsumer<QueueId, Integer> listener) {
        listeners.add(listener);
        if (started.compareAndSet(false, true)) {
            connect();
        }
    }

    void close() {
        closed = true;
        RedisConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        client.connect().subscribe().with(conn -> {
            connection = conn;
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> LOG.debugf("Wake-up subscription failed: %s", e.getMessage()));
            conn.endHandler(() -> lost(conn));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisQueueStore.WAKE_CHANNEL)).subscribe().with(
                    r -> { }, e -> lost(conn));
        }, e -> reconnectLater());
    }

    /**
     * The subscribed connection ended or could not subscribe. On a cluster it holds one connection
     * per node and any of them ending lands here: close the rest, so one subscription is ever live.
     */
    private synchronized void lost(RedisConnection conn) {
        if (connection != conn) {
            return;
        }
        connection = null;
        conn.closeAndForget();
        reconnectLater();
    }

    private void reconnectLater() {
        if (!closed) {
            vertx.setTimer(RECONNECT_MILLIS, id -> connect());
        }
    }

    private void onMessage(Response message) {
        if (message.size() == 3 && "message".equals(message.get(0).toString())) {
            String wake = message.get(2).toString();
            int space = wake.indexOf(' ');
            int slash = wake.indexOf('/', space + 1);
            if (space > 0 && slash > space + 1) {
                int count;
                try {
                    count = Integer.parseInt(wake.substring(0, space));
                } catch (NumberFormatException e) {
                    return;
                }
                QueueId id = new QueueId(wake.substring(space + 1, slash), wake.substring(slash + 1));
                listeners.forEach(l -> l.accept(id, count));
            }
        }
    }
}
