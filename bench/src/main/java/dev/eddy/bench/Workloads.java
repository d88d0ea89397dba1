package dev.eddy.bench;

import dev.eddy.bench.Support.Ctx;
import dev.eddy.bench.Support.Lat;
import dev.eddy.bench.Support.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** The workloads. Each creates its own queues, verifies what it received, and deletes its queues. */
final class Workloads {
    static final int BODY = 256;

    final SqsClient sqs;
    final String run;
    final long deadlineSeconds;

    Workloads(SqsClient sqs, String run, long deadlineSeconds) {
        this.sqs = sqs;
        this.run = run;
        this.deadlineSeconds = deadlineSeconds;
    }

    // ---------------------------------------------------------------- SQS helpers

    String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    void deleteQueueQuietly(String url) {
        if (url == null) {
            return;
        }
        try {
            sqs.deleteQueue(b -> b.queueUrl(url));
        } catch (SdkException e) {
            System.err.println("DeleteQueue " + url + " failed: " + Support.oneLine(e));
        }
    }

    /** Visible + in flight + delayed messages, or -1 when the call fails. */
    long stored(String url) {
        try {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            return Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                    + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"))
                    + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"));
        } catch (SdkException | NumberFormatException e) {
            System.err.println("GetQueueAttributes failed: " + Support.oneLine(e));
            return -1;
        }
    }

    /**
     * Sends the given messages as one SendMessageBatch; entries that fail (or the whole batch, on an
     * exception) are sent again, at most 3 more times. A retried batch whose first attempt was
     * stored after all shows up as duplicates.
     */
    void sendBatch(Ctx ctx, String url, Tracker t, List<Integer> seqs, IntFunction<SendMessageBatchRequestEntry.Builder> entry) {
        List<Integer> pending = seqs;
        for (int attempt = 0; attempt < 4 && !pending.isEmpty() && !ctx.aborted.get(); attempt++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
            for (int seq : pending) {
                entries.add(entry.apply(seq).id(Integer.toString(seq)).build());
            }
            try {
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                for (SendMessageBatchResultEntry ok : r.successful()) {
                    t.sent(Integer.parseInt(ok.id()), ok.messageId());
                }
                List<Integer> failed = new ArrayList<>();
                for (BatchResultErrorEntry f : r.failed()) {
                    ctx.error("SendMessageBatch entry", f.code() + ": " + f.message());
                    failed.add(Integer.parseInt(f.id()));
                }
                if (r.successful().size() + r.failed().size() != entries.size()) {
                    ctx.error("SendMessageBatch", "answered " + (r.successful().size() + r.failed().size())
                            + " of " + entries.size() + " entries");
                }
                pending = failed;
            } catch (SdkException e) {
                ctx.error("SendMessageBatch", e);
                Support.sleepMs(20);
            }
        }
        t.sendFailed.addAndGet(pending.size());
    }

    List<Message> receive(Ctx ctx, String url, int max, int waitSeconds) {
        try {
            return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(waitSeconds)).messages();
        } catch (SdkException e) {
            ctx.error("ReceiveMessage", e);
            Support.sleepMs(20);
            return List.of();
        }
    }

    void deleteBatch(Ctx ctx, String url, List<Message> messages) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(messages.get(i).receiptHandle()).build());
        }
        try {
            DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
            for (BatchResultErrorEntry f : r.failed()) {
                ctx.error("DeleteMessageBatch entry", f.code() + ": " + f.message());
            }
        } catch (SdkException e) {
            ctx.error("DeleteMessageBatch", e);
        }
    }

    boolean delete(Ctx ctx, String url, Message m) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            return true;
        } catch (SdkException e) {
            ctx.error("DeleteMessage", e);
            return false;
        }
    }

    /**
     * After five empty one-second polls following the last send: true when the queue holds nothing
     * more, so the consumers may stop. Messages still stored (in flight after a failed delete, or a
     * FIFO group held by one) come back when their visibility timeout ends, so the consumers keep
     * polling for them, until the workload's deadline.
     */
    private final AtomicLong lastDrainCheck = new AtomicLong();

    boolean drained(String url) {
        long now = System.nanoTime();
        long last = lastDrainCheck.get();
        if (now - last < 1_000_000_000L || !lastDrainCheck.compareAndSet(last, now)) {
            return false; // another consumer asked within the last second
        }
        return stored(url) <= 0;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    /** Runs the tasks on their own threads and waits for them, at most until the deadline plus a grace period. */
    static void runAll(Ctx ctx, List<Runnable> tasks) {
        ExecutorService ex = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Runnable r : tasks) {
                fs.add(ex.submit(() -> {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        ctx.error("worker", e);
                    }
                }));
            }
            for (Future<?> f : fs) {
                long left = ctx.deadline - System.nanoTime() + 60_000_000_000L;
                try {
                    f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    ctx.aborted.set(true);
                    ctx.error("worker", "still running 60 s past the deadline");
                } catch (Exception e) {
                    ctx.error("worker", e);
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** Producers sending seqs 0..n-1 in batches of 10, handing out batches from a shared counter. */
    Runnable batchProducer(Ctx ctx, String url, Tracker t, AtomicInteger nextBatch, AtomicInteger producersLeft) {
        int batches = (t.n + 9) / 10;
        return () -> {
            try {
                while (!ctx.stop()) {
                    int b = nextBatch.getAndIncrement();
                    if (b >= batches) {
                        break;
                    }
                    sendBatch(ctx, url, t, range(b * 10, Math.min(t.n, b * 10 + 10)),
                            seq -> SendMessageBatchRequestEntry.builder().messageBody(t.body(seq)));
                }
            } finally {
                producersLeft.decrementAndGet();
            }
        };
    }

    // ---------------------------------------------------------------- warm-up

    /** Brings the client's JVM (and the server's) past its first, slowest calls. Not measured. */
    void warmUp() {
        Ctx ctx = new Ctx("warmup", 120, 1_000);
        String url = null;
        try {
            url = createQueue("bench-warm-" + run, Map.of());
            Tracker t = new Tracker("wu" + run, 2_000, BODY);
            for (int i = 0; i < 100 && !ctx.stop(); i++) {
                sendBatch(ctx, url, t, range(i * 10, i * 10 + 10),
                        seq -> SendMessageBatchRequestEntry.builder().messageBody(t.body(seq)));
                List<Message> ms = receive(ctx, url, 10, 0);
                if (!ms.isEmpty()) {
                    deleteBatch(ctx, url, ms);
                }
            }
            for (int i = 1_000; i < 1_100 && !ctx.stop(); i++) {
                final int seq = i;
                final String u = url;
                sqs.sendMessage(b -> b.queueUrl(u).messageBody(t.body(seq)));
                for (Message m : receive(ctx, url, 1, 0)) {
                    delete(ctx, url, m);
                }
            }
        } catch (SdkException e) {
            System.err.println("warm-up failed: " + Support.oneLine(e));
        } finally {
            deleteQueueQuietly(url);
        }
    }

    // ---------------------------------------------------------------- 1. throughput

    Result throughput(int n) {
        Ctx ctx = new Ctx("throughput", deadlineSeconds, 1_000);
        String url = createQueue("bench-tp-" + run, Map.of());
        Tracker t = new Tracker("tp" + run, n, BODY);
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger producersLeft = new AtomicInteger(4);
        AtomicLong lastDelete = new AtomicLong();
        long start = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            tasks.add(batchProducer(ctx, url, t, nextBatch, producersLeft));
        }
        for (int c = 0; c < 4; c++) {
            tasks.add(() -> {
                int empty = 0;
                while (!ctx.stop() && t.unique.get() < n) {
                    List<Message> ms = receive(ctx, url, 10, 1);
                    if (ms.isEmpty()) {
                        if (producersLeft.get() == 0 && ++empty >= 5 && drained(url)) {
                            break;
                        }
                        continue;
                    }
                    empty = 0;
                    for (Message m : ms) {
                        t.receivedMessage(m.messageId(), m.body());
                    }
                    deleteBatch(ctx, url, ms);
                    lastDelete.accumulateAndGet(System.nanoTime(), Math::max);
                }
            });
        }
        runAll(ctx, tasks);
        double secs = Math.max(1, lastDelete.get() - start) / 1e9;
        long left = stored(url);
        deleteQueueQuietly(url);
        Result r = new Result("throughput")
                .up("msgs_per_s", t.unique.get() / secs, "msg/s")
                .info("seconds", secs, "s")
                .info("messages", n, "count");
        t.report(r, left);
        r.check("left_in_queue", left);
        return r.ctx(ctx);
    }

    // ---------------------------------------------------------------- 2. unbatched

    Result unbatched(int m, int threads) {
        Ctx ctx = new Ctx("unbatched", deadlineSeconds, 1_000);
        String url = createQueue("bench-ub-" + run, Map.of());
        Tracker t = new Tracker("ub" + run, m, BODY);
        Lat send = new Lat();
        Lat recv = new Lat();
        Lat del = new Lat();
        AtomicInteger next = new AtomicInteger();
        AtomicLong empties = new AtomicLong();
        long start = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(() -> {
                while (!ctx.stop()) {
                    int seq = next.getAndIncrement();
                    if (seq >= m) {
                        break;
                    }
                    long a = System.nanoTime();
                    try {
                        SendMessageResponse r = sqs.sendMessage(b -> b.queueUrl(url).messageBody(t.body(seq)));
                        send.add(System.nanoTime() - a);
                        t.sent(seq, r.messageId());
                    } catch (SdkException e) {
                        ctx.error("SendMessage", e);
                        t.sendFailed.incrementAndGet();
                        continue;
                    }
                    for (int tries = 0; tries < 10 && !ctx.stop(); tries++) {
                        a = System.nanoTime();
                        List<Message> ms;
                        try {
                            ms = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
                            recv.add(System.nanoTime() - a);
                        } catch (SdkException e) {
                            ctx.error("ReceiveMessage", e);
                            continue;
                        }
                        if (ms.isEmpty()) {
                            empties.incrementAndGet();
                            continue;
                        }
                        Message msg = ms.get(0);
                        t.receivedMessage(msg.messageId(), msg.body());
                        a = System.nanoTime();
                        if (delete(ctx, url, msg)) {
                            del.add(System.nanoTime() - a);
                        }
                        break;
                    }
                }
            });
        }
        runAll(ctx, tasks);
        double secs = (System.nanoTime() - start) / 1e9;
        // Whatever a thread gave up on is still in the queue: collect it, so it counts as received, not lost.
        Ctx drain = new Ctx("unbatched-drain", 60, 100);
        for (int empty = 0; empty < 2 && t.unique.get() < m && !drain.stop(); ) {
            List<Message> ms = receive(drain, url, 10, 1);
            if (ms.isEmpty()) {
                empty++;
                continue;
            }
            for (Message msg : ms) {
                t.receivedMessage(msg.messageId(), msg.body());
            }
            deleteBatch(drain, url, ms);
        }
        long left = stored(url);
        deleteQueueQuietly(url);
        Result r = new Result("unbatched")
                .up("msgs_per_s", (t.unique.get()) / secs, "msg/s")
                .down("send_p50", send.pctMs(50), "ms")
                .down("send_p99", send.pctMs(99), "ms")
                .down("receive_p50", recv.pctMs(50), "ms")
                .down("receive_p99", recv.pctMs(99), "ms")
                .down("delete_p50", del.pctMs(50), "ms")
                .down("delete_p99", del.pctMs(99), "ms")
                .info("messages", m, "count")
                .info("threads", threads, "count")
                .info("empty_receives", empties.get(), "count");
        t.report(r, left);
        r.check("left_in_queue", left);
        return r.ctx(ctx);
    }

    // ---------------------------------------------------------------- 3. long-poll wake-up

    record Received(List<Message> messages, long at) {
    }

    Result longPoll(int rounds) {
        Ctx ctx = new Ctx("longpoll", deadlineSeconds, 20);
        String url = createQueue("bench-lp-" + run, Map.of());
        Tracker t = new Tracker("lp" + run, rounds, BODY);
        Lat wake = new Lat();
        Lat wakeFromSendStart = new Lat();
        long missed = 0;
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < rounds && !ctx.stop(); round++) {
                Future<Received> f = ex.submit(() -> {
                    try {
                        List<Message> ms = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(20)).messages();
                        return new Received(ms, System.nanoTime());
                    } catch (SdkException e) {
                        ctx.error("ReceiveMessage(wait 20)", e);
                        return new Received(List.of(), System.nanoTime());
                    }
                });
                Support.sleepMs(100); // let the receive reach the server and park
                final int seq = round;
                long s0 = System.nanoTime();
                long s1;
                try {
                    SendMessageResponse r = sqs.sendMessage(b -> b.queueUrl(url).messageBody(t.body(seq)));
                    s1 = System.nanoTime();
                    t.sent(seq, r.messageId());
                } catch (SdkException e) {
                    ctx.error("SendMessage", e);
                    t.sendFailed.incrementAndGet();
                    s1 = System.nanoTime();
                }
                Received rv;
                try {
                    rv = f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ctx.error("ReceiveMessage(wait 20)", e);
                    f.cancel(true);
                    continue;
                }
                if (rv.messages().isEmpty()) {
                    missed++; // the long poll ended without the message: it was not woken by the send
                    for (Message m : receive(ctx, url, 10, 1)) {
                        t.receivedMessage(m.messageId(), m.body());
                        delete(ctx, url, m);
                    }
                    continue;
                }
                wake.add(rv.at() - s1);
                wakeFromSendStart.add(rv.at() - s0);
                for (Message m : rv.messages()) {
                    t.receivedMessage(m.messageId(), m.body());
                    delete(ctx, url, m);
                }
            }
        } finally {
            ex.shutdownNow();
        }
        long left = stored(url);
        deleteQueueQuietly(url);
        Result r = new Result("longpoll")
                .down("wake_p50", wake.pctMs(50), "ms")
                .down("wake_p99", wake.pctMs(99), "ms")
                .down("from_send_start_p50", wakeFromSendStart.pctMs(50), "ms")
                .down("from_send_start_p99", wakeFromSendStart.pctMs(99), "ms")
                .info("rounds", wake.count(), "count")
                .check("not_woken", missed);
        t.report(r, left);
        r.check("left_in_queue", left);
        return r.ctx(ctx);
    }

    // ---------------------------------------------------------------- 4. depth

    /** {@code filler} sends the deep queue's messages (the lean client: a million through the SDK takes long). */
    Result depth(int deepCount, int samples, Workloads filler) {
        long fillSeconds = Math.max(30, deadlineSeconds * 7 / 10);
        Ctx fill = new Ctx("depth-fill", fillSeconds, 1_000);
        String deep = createQueue("bench-deep-" + run, Map.of());
        String shallow = createQueue("bench-shallow-" + run, Map.of());
        Tracker td = new Tracker("dp" + run, deepCount, BODY);
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicInteger producersLeft = new AtomicInteger(4);
        long f0 = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            tasks.add(filler.batchProducer(fill, deep, td, nextBatch, producersLeft));
        }
        runAll(fill, tasks);
        double fillSecs = (System.nanoTime() - f0) / 1e9;
        long acked = 0;
        for (int i = 0; i < deepCount; i++) {
            if (td.sentIds.get(i) != null) {
                acked++;
            }
        }
        long before = -1;
        for (int i = 0; i < 50; i++) { // up to 10 s for the count to settle
            before = stored(deep);
            if (before == acked) {
                break;
            }
            Support.sleepMs(200);
        }

        Ctx ctx = new Ctx("depth", Math.max(30, deadlineSeconds - fillSeconds), 100);
        Tracker ts = new Tracker("sh" + run, samples + 10, BODY);
        for (int i = 0; i < 10; i++) {
            final int seq = i;
            sqs.sendMessage(b -> b.queueUrl(shallow).messageBody(ts.body(seq)));
        }
        Lat deepLat = new Lat();
        Lat shallowLat = new Lat();
        long emptyDeep = 0;
        long emptyShallow = 0;
        long deepTaken = 0;
        for (int k = 0; k < samples && !ctx.stop(); k++) {
            long a = System.nanoTime();
            List<Message> ms = receive(ctx, deep, 1, 0);
            if (ms.isEmpty()) {
                emptyDeep++;
            } else {
                delete(ctx, deep, ms.get(0));
                deepLat.add(System.nanoTime() - a);
                td.receivedMessage(ms.get(0).messageId(), ms.get(0).body());
                deepTaken++;
            }
            a = System.nanoTime();
            ms = receive(ctx, shallow, 1, 0);
            if (ms.isEmpty()) {
                emptyShallow++;
            } else {
                delete(ctx, shallow, ms.get(0));
                shallowLat.add(System.nanoTime() - a);
                ts.receivedMessage(ms.get(0).messageId(), ms.get(0).body());
            }
            final int seq = 10 + k;
            try {
                sqs.sendMessage(b -> b.queueUrl(shallow).messageBody(ts.body(seq))); // keep it at 10
            } catch (SdkException e) {
                ctx.error("SendMessage", e);
            }
        }
        long after = stored(deep);
        deleteQueueQuietly(deep);
        deleteQueueQuietly(shallow);
        double p50Deep = deepLat.pctMs(50);
        double p50Shallow = shallowLat.pctMs(50);
        Result r = new Result("depth")
                .up("fill_msgs_per_s", acked / fillSecs, "msg/s")
                .down("deep_p50", p50Deep, "ms")
                .down("deep_p99", deepLat.pctMs(99), "ms")
                .down("shallow_p50", p50Shallow, "ms")
                .down("shallow_p99", shallowLat.pctMs(99), "ms")
                .down("deep_over_shallow_p50", p50Deep / p50Shallow, "x")
                .info("depth", acked, "count")
                .info("samples", deepLat.count(), "count")
                .check("depth_short", deepCount - acked)
                .check("count_mismatch_before", Math.abs(before - acked))
                .check("count_mismatch_after", Math.abs(after - (acked - deepTaken)))
                .check("empty_receives", emptyDeep + emptyShallow)
                .check("duplicates", td.duplicates.get() + ts.duplicates.get())
                .check("corrupt", td.corrupt.get() + ts.corrupt.get())
                .check("foreign", td.foreign.get() + ts.foreign.get())
                .check("id_mismatch", td.idMismatches())
                .check("dup_sent_ids", td.duplicateSentIds())
                .check("send_failed", td.sendFailed.get());
        r.check("errors_fill", fill.errors.get());
        fill.printSummary();
        return r.ctx(ctx);
    }

    // ---------------------------------------------------------------- 5. width

    Result width(int queues) {
        Ctx ctx = new Ctx("width", deadlineSeconds, 1_000);
        Tracker t = new Tracker("wd" + run, queues, BODY);
        String[] urls = new String[queues];
        Lat recvLat = new Lat();
        AtomicLong wrongQueue = new AtomicLong();
        AtomicLong emptyFirst = new AtomicLong();
        int threads = 4;

        double createSecs = phase(ctx, threads, queues, i -> {
            try {
                urls[i] = createQueue("bench-w-" + run + "-" + i, Map.of());
            } catch (SdkException e) {
                ctx.error("CreateQueue", e);
            }
        });
        double sendSecs = phase(ctx, threads, queues, i -> {
            if (urls[i] == null) {
                return;
            }
            try {
                SendMessageResponse r = sqs.sendMessage(b -> b.queueUrl(urls[i]).messageBody(t.body(i)));
                t.sent(i, r.messageId());
            } catch (SdkException e) {
                ctx.error("SendMessage", e);
                t.sendFailed.incrementAndGet();
            }
        });
        double recvSecs = phase(ctx, threads, queues, i -> {
            if (urls[i] == null) {
                return;
            }
            for (int tries = 0; tries < 3 && !ctx.stop(); tries++) {
                long a = System.nanoTime();
                List<Message> ms = receive(ctx, urls[i], 1, tries == 0 ? 0 : 1);
                if (ms.isEmpty()) {
                    emptyFirst.incrementAndGet();
                    continue;
                }
                Message m = ms.get(0);
                delete(ctx, urls[i], m);
                recvLat.add(System.nanoTime() - a);
                if (t.receivedMessage(m.messageId(), m.body()) != i) {
                    wrongQueue.incrementAndGet();
                }
                break;
            }
        });
        double deleteSecs = phase(ctx, threads, queues, i -> deleteQueueQuietly(urls[i]));
        Result r = new Result("width")
                .up("create_queues_per_s", queues / createSecs, "queue/s")
                .up("send_per_s", queues / sendSecs, "msg/s")
                .up("receive_delete_per_s", queues / recvSecs, "msg/s")
                .down("receive_delete_p50", recvLat.pctMs(50), "ms")
                .down("receive_delete_p99", recvLat.pctMs(99), "ms")
                .info("delete_queues_per_s", queues / deleteSecs, "queue/s")
                .info("queues", queues, "count")
                .check("empty_receives", emptyFirst.get())
                .check("wrong_queue", wrongQueue.get());
        t.report(r, -1);
        return r.ctx(ctx);
    }

    interface Step {
        void run(int i);
    }

    /** Runs step(0..count-1) on the given number of threads; returns the seconds it took. */
    static double phase(Ctx ctx, int threads, int count, Step step) {
        AtomicInteger next = new AtomicInteger();
        long a = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            tasks.add(() -> {
                while (!ctx.stop()) {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        break;
                    }
                    step.run(i);
                }
            });
        }
        runAll(ctx, tasks);
        return Math.max(1, System.nanoTime() - a) / 1e9;
    }

    // ---------------------------------------------------------------- 6. FIFO

    Result fifo(int n, int groups) {
        Ctx ctx = new Ctx("fifo", deadlineSeconds, 1_000);
        String url = createQueue("bench-fifo-" + run + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        Tracker t = new Tracker("ff" + run, n, BODY);
        int producers = 4;
        int[] nextIndex = new int[groups];
        int[] lastIndex = new int[groups];
        java.util.Arrays.fill(lastIndex, -1);
        Object[] locks = new Object[groups];
        for (int g = 0; g < groups; g++) {
            locks[g] = new Object();
        }
        AtomicLong outOfOrder = new AtomicLong();
        AtomicInteger producersLeft = new AtomicInteger(producers);
        AtomicLong lastDelete = new AtomicLong();
        long start = System.nanoTime();
        List<Runnable> tasks = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int me = p;
            // Producer p owns the groups g with g % producers == p and sends their messages in order.
            tasks.add(() -> {
                try {
                    List<Integer> batch = new ArrayList<>(10);
                    for (int k = me; k < n && !ctx.stop(); k += producers) {
                        batch.add(k);
                        if (batch.size() == 10) {
                            sendFifo(ctx, url, t, batch, groups);
                            batch = new ArrayList<>(10);
                        }
                    }
                    if (!batch.isEmpty() && !ctx.stop()) {
                        sendFifo(ctx, url, t, batch, groups);
                    }
                } finally {
                    producersLeft.decrementAndGet();
                }
            });
        }
        for (int c = 0; c < 4; c++) {
            tasks.add(() -> {
                int empty = 0;
                while (!ctx.stop() && t.unique.get() < n) {
                    List<Message> ms = receive(ctx, url, 10, 1);
                    if (ms.isEmpty()) {
                        if (producersLeft.get() == 0 && ++empty >= 5 && drained(url)) {
                            break;
                        }
                        continue;
                    }
                    empty = 0;
                    // Checked before the delete: while these are in flight no later message of their
                    // groups may be handed to another consumer, so this is the order of delivery.
                    for (Message m : ms) {
                        int seq = t.receivedMessage(m.messageId(), m.body());
                        if (seq < 0) {
                            continue;
                        }
                        int g = seq % groups;
                        int idx = seq / groups;
                        synchronized (locks[g]) {
                            if (idx == nextIndex[g]) {
                                nextIndex[g]++;
                            } else if (idx != lastIndex[g]) {
                                // Anything but the next one: a gap (skipped ahead of an undelivered
                                // message) or going back to one delivered before (redelivery or reorder).
                                if (outOfOrder.incrementAndGet() <= 5) {
                                    System.err.printf("[fifo] group g%d: expected #%d after #%d, got #%d; this receive: %s%n",
                                            g, nextIndex[g], lastIndex[g], idx, describe(ms, groups));
                                }
                                nextIndex[g] = Math.max(nextIndex[g], idx + 1);
                            }
                            lastIndex[g] = idx;
                        }
                    }
                    deleteBatch(ctx, url, ms);
                    lastDelete.accumulateAndGet(System.nanoTime(), Math::max);
                }
            });
        }
        runAll(ctx, tasks);
        double secs = Math.max(1, lastDelete.get() - start) / 1e9;
        long left = stored(url);
        deleteQueueQuietly(url);
        Result r = new Result("fifo")
                .up("msgs_per_s", t.unique.get() / secs, "msg/s")
                .info("seconds", secs, "s")
                .info("messages", n, "count")
                .info("groups", groups, "count")
                // deliveries of a group's message other than its next one (redeliveries included)
                .check("out_of_order", outOfOrder.get());
        t.report(r, left);
        r.check("left_in_queue", left);
        return r.ctx(ctx);
    }

    /** "g3#12 g3#13 g7#40": group and per-group index of each message of one receive, in order. */
    private String describe(List<Message> ms, int groups) {
        StringBuilder sb = new StringBuilder();
        for (Message m : ms) {
            int seq = Support.seqOf("ff" + run, m.body());
            sb.append(sb.length() == 0 ? "" : " ").append('g').append(seq % groups).append('#').append(seq / groups);
        }
        return sb.toString();
    }

    private void sendFifo(Ctx ctx, String url, Tracker t, List<Integer> seqs, int groups) {
        sendBatch(ctx, url, t, seqs, seq -> SendMessageBatchRequestEntry.builder()
                .messageBody(t.body(seq))
                .messageGroupId("g" + (seq % groups))
                .messageDeduplicationId(run + "-" + seq));
    }
}
