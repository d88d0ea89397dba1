package dev.eddy.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.DeliveryOutboxContract;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.FunctionStoreContract;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.ObjectStoreContract;
import dev.eddy.store.QueueId;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.QueueStoreContract;
import dev.eddy.store.TopicStore;
import dev.eddy.store.TopicStoreContract;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/**
 * Every store contract on a three-node Redis Cluster, with each script declared to Redis as a script
 * of its own keys ({@code #!lua}), so Redis refuses any that reaches a key of another slot; then
 * checks that every script did run there, that the keys spread over the nodes, and that wake-ups
 * reach a replica whatever node holds the queue.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ClusterStoresTest {
    private static Vertx vertx;
    private static RedisWrites writes;
    private static RedisQueueStore queues;

    static Redis client(Vertx vertx) {
        List<String> endpoints = RedisTestCluster.nodes().stream().map(RedisProcess::url).toList();
        return Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(endpoints));
    }

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        writes = RedisWrites.unconfirmed(client(vertx)).withStrictScripts();
        queues = new RedisQueueStore(vertx, writes);
    }

    @AfterAll
    static void disconnect() {
        queues.close();
        vertx.closeAndAwait();
    }

    @Nested
    @Order(1)
    class Queues extends QueueStoreContract {
        @Override
        protected QueueStore store() {
            return queues;
        }
    }

    @Nested
    @Order(2)
    class Topics extends TopicStoreContract {
        private final TopicStore store = new RedisTopicStore(writes);

        @Override
        protected TopicStore store() {
            return store;
        }
    }

    @Nested
    @Order(3)
    class Objects extends ObjectStoreContract {
        private final ObjectStore store = new RedisObjectStore(writes);

        @Override
        protected ObjectStore store() {
            return store;
        }
    }

    @Nested
    @Order(4)
    class Functions extends FunctionStoreContract {
        private final FunctionStore store = new RedisFunctionStore(writes);

        @Override
        protected FunctionStore store() {
            return store;
        }
    }

    @Nested
    @Order(5)
    class Outbox extends DeliveryOutboxContract {
        private final DeliveryOutbox outbox = new RedisDeliveryOutbox(writes);

        @Override
        protected DeliveryOutbox outbox() {
            return outbox;
        }
    }

    @Nested
    @Order(6)
    class AcrossTheNodes {
        @Test
        void aScriptThatReachesAnotherSlotOfItsNodeIsRefusedOnlyWhenDeclared() {
            // The check the contracts ran under is armed: a key of another slot on the same node, which
            // Redis lets a legacy script reach and refuses to a declared (#!lua) one.
            String declared = "eddy:q:{a}:ready";
            String other = null;
            for (int i = 0; other == null; i++) {
                String candidate = "eddy:elsewhere:" + i;
                if (nodeOf(candidate) == nodeOf(declared) && !slotOf(candidate).equals(slotOf(declared))) {
                    other = candidate;
                }
            }
            String body = "return redis.call('GET', '" + other + "')";
            RedisAPI api = writes.api();
            api.eval(List.of(body, "1", declared)).await().atMost(java.time.Duration.ofSeconds(10));
            Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> api.eval(List.of(
                    "#!lua\n" + body, "1", declared)).await().atMost(java.time.Duration.ofSeconds(10)));
            assertTrue(String.valueOf(refused.getMessage()).contains("do not hash to the same slot"), refused.getMessage());
        }

        private String slotOf(String key) {
            return RedisTestCluster.nodes().get(0).cli("CLUSTER", "KEYSLOT", key).trim();
        }

        @Test
        void everyScriptRanOnTheCluster() {
            Map<String, String> digests = new RedisScripts(writes).digests();
            Set<String> ran = new TreeSet<>();
            for (RedisProcess node : RedisTestCluster.nodes()) {
                List<String> args = new ArrayList<>(List.of("SCRIPT", "EXISTS"));
                args.addAll(digests.values());
                String[] exists = node.cli(args.toArray(String[]::new)).trim().split("\\s+");
                int i = 0;
                for (String name : digests.keySet()) {
                    if ("1".equals(exists[i++])) {
                        ran.add(name);
                    }
                }
            }
            assertEquals(digests.keySet(), ran, "scripts the contracts never ran on the cluster");
        }

        @Test
        void queuesSpreadOverEveryNode() {
            for (int i = 0; i < 30; i++) {
                QueueId id = new QueueId("000000000000", "spread-" + UUID.randomUUID());
                queues.createQueue(new QueueRecord(id, "us-east-1", false, Map.of(), Map.of(), 0, 0)).await().indefinitely();
            }
            for (RedisProcess node : RedisTestCluster.nodes()) {
                assertTrue(Long.parseLong(node.cli("DBSIZE").trim()) > 0, "node " + node.port() + " holds no key");
            }
        }

        @Test
        void aWakeUpReachesAnotherReplicaWhicheverNodeHoldsTheQueue() throws Exception {
            RedisQueueStore other = new RedisQueueStore(vertx, RedisWrites.unconfirmed(client(vertx)));
            try {
                BlockingQueue<String> heard = new LinkedBlockingQueue<>();
                other.onWake((id, messages) -> heard.add(id.name() + " " + messages));
                // The subscription is made in the background: wake until the first is heard.
                QueueId first = new QueueId("000000000000", "wake-first");
                String got = null;
                for (int i = 0; i < 100 && got == null; i++) {
                    queues.wake(first, 1);
                    got = heard.poll(100, TimeUnit.MILLISECONDS);
                }
                assertEquals("wake-first 1", got);
                heard.clear();
                Set<Integer> nodesOfQueues = new TreeSet<>();
                for (int i = 0; i < 30; i++) {
                    String name = "wake-" + i;
                    nodesOfQueues.add(nodeOf("eddy:q:{000000000000/" + name + "}:ready"));
                    queues.wake(new QueueId("000000000000", name), i + 1);
                    String wake = heard.poll(5, TimeUnit.SECONDS);
                    while (wake != null && wake.startsWith("wake-first")) {
                        wake = heard.poll(5, TimeUnit.SECONDS);
                    }
                    assertEquals(name + " " + (i + 1), wake);
                }
                assertEquals(3, nodesOfQueues.size(), "the queues' keys were not on all three nodes");
            } finally {
                other.close();
            }
        }

        /** The port of the node serving a key's slot, from CLUSTER NODES ("id ip:port@bus flags ... ranges"). */
        private int nodeOf(String key) {
            RedisProcess any = RedisTestCluster.nodes().get(0);
            int slot = Integer.parseInt(slotOf(key));
            for (String line : any.cli("CLUSTER", "NODES").split("\n")) {
                String[] fields = line.trim().split(" ");
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                    }
                }
            }
            throw new IllegalStateException("No node serves slot " + slot);
        }
    }
}
