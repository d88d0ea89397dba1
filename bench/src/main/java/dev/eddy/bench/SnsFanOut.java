package dev.eddy.bench;

import dev.eddy.bench.Support.Ctx;
import dev.eddy.bench.Support.Lat;
import dev.eddy.bench.Support.Tracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Workload 7, SNS fan-out: one standard topic with {@link #SUBSCRIBERS} SQS queue subscriptions
 * (the notification envelope, as SNS delivers by default). Two phases:
 * <ol>
 *   <li>throughput: 4 threads {@code Publish} n messages while one consumer per queue receives
 *       (10, wait 1 s) and deletes; every queue must get every acknowledged message exactly once,
 *       intact, with the MessageId Publish returned;</li>
 *   <li>latency: rounds of one {@code Publish} while every queue has a long poll waiting; the time
 *       from Publish returning to each queue's receive returning (slightly negative when the receive
 *       returns before the publisher has read its response).</li>
 * </ol>
 */
final class SnsFanOut {
    static final int SUBSCRIBERS = 10;
    private static final Pattern MESSAGE = Pattern.compile("\"Message\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"MessageId\"\\s*:\\s*\"([^\"]*)\"");

    private final Workloads sqs;
    private final SnsClient sns;

    SnsFanOut(Workloads sqs, SnsClient sns) {
        this.sqs = sqs;
        this.sns = sns;
    }

    Result run(int n, int rounds) {
        Ctx ctx = new Ctx("sns", sqs.deadlineSeconds, 1_000);
        String topic = sns.createTopic(b -> b.name("bench-fanout-" + sqs.run)).topicArn();
        List<String> queues = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                String url = sqs.createQueue("bench-fanout-" + sqs.run + "-" + i, Map.of());
                queues.add(url);
                String arn = sqs.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
            }
            Result r = new Result("sns");
            throughput(ctx, topic, queues, n, r);
            latency(ctx, topic, queues, rounds, r);
            return r.ctx(ctx);
        } finally {
            queues.forEach(sqs::deleteQueueQuietly);
            try {
                sns.deleteTopic(b -> b.topicArn(topic));
            } catch (SdkException e) {
                System.err.println("DeleteTopic failed: " + Support.oneLine(e));
            }
        }
    }

    /** {MessageId, Message} of a notification envelope, or null when it is not one. */
    private static String[] envelope(String body) {
        Matcher id = MESSAGE_ID.matcher(body);
        Matcher message = MESSAGE.matcher(body);
        return id.find() && message.find() ? new String[] {id.group(1), message.group(1)} : null;
    }

    private void throughput(Ctx ctx, String topic, List<String> queues, int n, Result r) {
        String tag = "sns" + sqs.run;
        List<Tracker> trackers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            trackers.add(new Tracker(tag, n, Workloads.BODY));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger publishersLeft = new AtomicInteger(4);
        AtomicLong lastPublish = new AtomicLong();
        AtomicLong lastReceive = new AtomicLong();
        AtomicLong received = new AtomicLong();
        long start = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            tasks.add(() -> {
                try {
                    while (!ctx.stop()) {
                        int seq = next.getAndIncrement();
                        if (seq >= n) {
                            break;
                        }
                        String body = trackers.get(0).body(seq);
                        try {
                            String id = sns.publish(b -> b.topicArn(topic).message(body)).messageId();
                            trackers.forEach(t -> t.sent(seq, id));
                            lastPublish.accumulateAndGet(System.nanoTime(), Math::max);
                        } catch (SdkException e) {
                            ctx.error("Publish", e);
                            trackers.forEach(t -> t.sendFailed.incrementAndGet());
                        }
                    }
                } finally {
                    publishersLeft.decrementAndGet();
                }
            });
        }
        for (int q = 0; q < SUBSCRIBERS; q++) {
            String url = queues.get(q);
            Tracker t = trackers.get(q);
            tasks.add(() -> {
                int empty = 0;
                while (!ctx.stop() && t.unique.get() < n) {
                    List<Message> ms = sqs.receive(ctx, url, 10, 1);
                    if (ms.isEmpty()) {
                        if (publishersLeft.get() == 0 && ++empty >= 5 && sqs.stored(url) <= 0) {
                            break;
                        }
                        continue;
                    }
                    empty = 0;
                    for (Message m : ms) {
                        String[] e = envelope(m.body());
                        if (e == null) {
                            t.foreign.incrementAndGet();
                        } else {
                            t.receivedMessage(e[0], e[1]);
                        }
                    }
                    received.addAndGet(ms.size());
                    sqs.deleteBatch(ctx, url, ms);
                    lastReceive.accumulateAndGet(System.nanoTime(), Math::max);
                }
            });
        }
        Workloads.runAll(ctx, tasks);
        double publishSecs = Math.max(1, lastPublish.get() - start) / 1e9;
        double deliverSecs = Math.max(1, lastReceive.get() - start) / 1e9;
        int published = n - (int) trackers.get(0).sendFailed.get();
        long delivered = trackers.stream().mapToLong(t -> t.unique.get()).sum();
        r.up("publishes_per_s", published / publishSecs, "msg/s")
                .up("deliveries_per_s", delivered / deliverSecs, "msg/s")
                .info("publishes", n, "count")
                .info("subscribers", SUBSCRIBERS, "count");
        // The checks of every subscriber queue, added up.
        Map<String, Double> sums = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int q = 0; q < SUBSCRIBERS; q++) {
            long left = sqs.stored(queues.get(q));
            Result one = new Result("sns");
            trackers.get(q).report(one, left);
            one.check("left_in_queue", left);
            for (Result.Metric m : one.metrics) {
                if (sums.put(m.name(), sums.getOrDefault(m.name(), 0.0) + m.value()) == null) {
                    order.add(m.name());
                }
            }
        }
        // Every queue counts a failed publish; report it once.
        sums.computeIfPresent("send_failed", (k, v) -> v / SUBSCRIBERS);
        sums.computeIfPresent("not_sent", (k, v) -> v / SUBSCRIBERS);
        order.forEach(name -> r.check(name, sums.get(name)));
    }

    private void latency(Ctx ctx, String topic, List<String> queues, int rounds, Result r) {
        Lat lat = new Lat();
        AtomicLong missed = new AtomicLong();
        ExecutorService ex = Executors.newFixedThreadPool(SUBSCRIBERS);
        String tag = "snl" + sqs.run;
        try {
            for (int round = 0; round < rounds && !ctx.stop(); round++) {
                String body = Support.body(tag, round, Workloads.BODY);
                AtomicLongArray at = new AtomicLongArray(SUBSCRIBERS);
                List<Future<Boolean>> polls = new ArrayList<>();
                for (int q = 0; q < SUBSCRIBERS; q++) {
                    String url = queues.get(q);
                    int index = q;
                    polls.add(ex.submit(() -> {
                        List<Message> ms = sqs.receive(ctx, url, 1, 20);
                        at.set(index, System.nanoTime());
                        for (Message m : ms) {
                            sqs.delete(ctx, url, m);
                        }
                        return ms.size() == 1 && body.equals(envelopeMessage(ms.get(0).body()));
                    }));
                }
                Support.sleepMs(100);
                // From the Publish call's start: Eddy delivers to queues before Publish answers, so a
                // waiting receive can return before the publisher has its answer.
                long started = System.nanoTime();
                try {
                    sns.publish(b -> b.topicArn(topic).message(body));
                } catch (SdkException e) {
                    ctx.error("Publish", e);
                    started = -1;
                }
                for (int q = 0; q < SUBSCRIBERS; q++) {
                    try {
                        if (polls.get(q).get(30, TimeUnit.SECONDS) && started > 0) {
                            lat.add(at.get(q) - started);
                        } else {
                            missed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        ctx.error("ReceiveMessage(wait 20)", e);
                        missed.incrementAndGet();
                    }
                }
            }
        } finally {
            ex.shutdownNow();
        }
        r.down("publish_start_to_received_p50", lat.pctMs(50), "ms")
                .down("publish_start_to_received_p99", lat.pctMs(99), "ms")
                .info("latency_rounds", rounds, "count")
                .check("not_delivered_in_latency_rounds", missed.get());
    }

    private static String envelopeMessage(String body) {
        String[] e = envelope(body);
        return e == null ? null : e[1];
    }
}
