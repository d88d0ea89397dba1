package dev.eddy.sqs;

import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import dev.eddy.store.redis.RedisQueueStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.util.Optional;

/**
 * One Eddy replica without HTTP: its own Vert.x, Redis connections, store, long polls and SQS
 * services, as a separate process would have. Several on one Redis behave as one SQS.
 */
public record Replica(Vertx vertx, RedisQueueStore store, SqsQueues queues, SqsMessages messages) {
    public static final RequestContext CONTEXT =
            new RequestContext("test", "us-east-1", "000000000000", "http://localhost:4566", null, null);

    public static final EddyConfig CONFIG = new EddyConfig() {
        @Override
        public String store() {
            return "redis";
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public String accountId() {
            return "000000000000";
        }

        @Override
        public Optional<String> publicBaseUrl() {
            return Optional.empty();
        }

        @Override
        public Sqs sqs() {
            return () -> false;
        }

        @Override
        public S3 s3() {
            return () -> false;
        }

        @Override
        public Memory memory() {
            return new Memory() {
                @Override
                public int fullHeapPercent() {
                    return 90;
                }

                @Override
                public java.util.OptionalInt resumeHeapPercent() {
                    return java.util.OptionalInt.empty();
                }
            };
        }

        @Override
        public Redis redis() {
            return new Redis() {
                @Override
                public int waitReplicas() {
                    return 0;
                }

                @Override
                public java.time.Duration waitTimeout() {
                    return java.time.Duration.ofSeconds(1);
                }
            };
        }

        @Override
        public java.util.Map<String, String> functions() {
            return java.util.Map.of();
        }

        @Override
        public Delivery delivery() {
            return new Delivery() {
                @Override
                public java.time.Duration lease() {
                    return java.time.Duration.ofSeconds(60);
                }

                @Override
                public java.time.Duration scanInterval() {
                    return java.time.Duration.ofSeconds(1);
                }
            };
        }

        @Override
        public Sns sns() {
            return new Sns() {
                @Override
                public Optional<java.util.List<String>> httpAllowedHosts() {
                    return Optional.empty();
                }

                @Override
                public java.time.Duration httpTimeout() {
                    return java.time.Duration.ofSeconds(15);
                }

                @Override
                public int httpConnectionsPerHost() {
                    return 20;
                }
            };
        }
    };

    public static Replica on(String redisUrl) {
        return on(vertx -> Redis.createClient(vertx, redisUrl));
    }

    /** A replica on the Redis the function connects to: a cluster, say. */
    public static Replica on(java.util.function.Function<Vertx, Redis> client) {
        Vertx vertx = Vertx.vertx();
        RedisQueueStore store = new RedisQueueStore(vertx, client.apply(vertx));
        EddyClock clock = new EddyClock();
        QueueLocator locator = new QueueLocator(store);
        LongPolls longPolls = new LongPolls(vertx.getDelegate(), clock, store);
        return new Replica(vertx, store, new SqsQueues(store, locator, clock, CONFIG),
                new SqsMessages(store, locator, longPolls, clock, CONFIG,
                        new SqsMetrics(new SimpleMeterRegistry(), store, clock, CONFIG, vertx.getDelegate())));
    }

    public void stop() {
        store.close();
        vertx.closeAndAwait();
    }
}
