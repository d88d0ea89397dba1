package dev.eddy.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Workload 8: an SQS event source mapping delivering to a no-op HTTP function that the load
 * generator serves itself. Drain rate with BatchSize 10 and 100 (a backlog sent first, then the
 * mapping created), and the time from a send's return to the function receiving the message on an
 * idle mapping. Every message is accounted for. Needs Lambda's API on the endpoint (Eddy); a system
 * without it is reported as skipped.
 */
final class Mappings {
    private static final Pattern BODY = Pattern.compile("\"body\":\"([^\"]*)\"");
    private static final int LATENCY_ROUNDS = 100;

    private final SqsClient sqs;
    private final Workloads workloads;
    private final String endpoint;
    private final String run;
    private final long deadlineSeconds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Mappings(SqsClient sqs, Workloads workloads, String endpoint, String run, long deadlineSeconds) {
        this.sqs = sqs;
        this.workloads = workloads;
        this.endpoint = endpoint;
        this.run = run;
        this.deadlineSeconds = deadlineSeconds;
    }

    /** What the no-op function saw: deliveries per sequence number of the current tag, and when. */
    private static final class Function {
        volatile String tag = "";
        volatile AtomicIntegerArray deliveries = new AtomicIntegerArray(0);
        volatile AtomicLongArray firstArrival = new AtomicLongArray(0);
        final AtomicLong lastArrival = new AtomicLong();
        final AtomicInteger invocations = new AtomicInteger();
        final AtomicInteger records = new AtomicInteger();
        final AtomicInteger foreign = new AtomicInteger();

        void expect(String newTag, int n) {
            deliveries = new AtomicIntegerArray(n);
            firstArrival = new AtomicLongArray(n);
            tag = newTag;
            invocations.set(0);
            records.set(0);
            foreign.set(0);
        }

        void received(String event) {
            long now = System.nanoTime();
            invocations.incrementAndGet();
            Matcher m = BODY.matcher(event);
            while (m.find()) {
                records.incrementAndGet();
                int seq = Support.seqOf(tag, m.group(1));
                AtomicIntegerArray counts = deliveries;
                if (seq < 0 || seq >= counts.length()) {
                    foreign.incrementAndGet();
                    continue;
                }
                firstArrival.compareAndSet(seq, 0, now);
                counts.getAndIncrement(seq);
                lastArrival.set(now);
            }
        }

        int unique() {
            int unique = 0;
            for (int i = 0; i < deliveries.length(); i++) {
                unique += deliveries.get(i) > 0 ? 1 : 0;
            }
            return unique;
        }

        int duplicates() {
            int duplicates = 0;
            for (int i = 0; i < deliveries.length(); i++) {
                duplicates += Math.max(0, deliveries.get(i) - 1);
            }
            return duplicates;
        }
    }

    Result esm(int n) {
        Result r = new Result("esm");
        Function function = new Function();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/noop", exchange -> {
            function.received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String name = "bench-noop-" + run;
        try {
            int status = call("POST", "/2015-03-31/functions", "{\"FunctionName\":\"" + name + "\",\"Runtime\":\"java17\","
                    + "\"Role\":\"arn:aws:iam::000000000000:role/bench\",\"Handler\":\"noop\",\"Code\":{\"ZipFile\":\"UEs=\"},"
                    + "\"Environment\":{\"Variables\":{\"EDDY_FUNCTION_URL\":\"http://127.0.0.1:"
                    + server.getAddress().getPort() + "/noop\"}}}").statusCode();
            if (status != 201) {
                return r.info("skipped_no_lambda_api", 1, "count");
            }
            for (int batch : new int[] {10, 100}) {
                drain(r, function, name, n, batch);
            }
            latency(r, function, name);
            call("DELETE", "/2015-03-31/functions/" + name, null);
        } finally {
            server.stop(0);
        }
        return r;
    }

    /** A backlog of n messages, then a mapping: how fast the function gets all of them. */
    private void drain(Result r, Function function, String name, int n, int batchSize) {
        String tag = "esm" + batchSize + run;
        function.expect(tag, n);
        String url = workloads.createQueue("bench-esm-" + batchSize + "-" + run, Map.of());
        String arn = url.substring(url.lastIndexOf('/') + 1);
        for (int from = 0; from < n; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i)
                        .messageBody(Support.body(tag, i, Workloads.BODY)).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
        String queueArn = "arn:aws:sqs:us-east-1:000000000000:" + arn;
        long t0 = System.nanoTime();
        String uuid = createMapping(name, queueArn, batchSize, batchSize > 10 ? 1 : 0);
        long deadline = t0 + Duration.ofSeconds(deadlineSeconds).toNanos();
        while (function.unique() < n && System.nanoTime() < deadline) {
            Support.sleepMs(20);
        }
        double seconds = (function.lastArrival.get() - t0) / 1e9;
        int unique = function.unique();
        long left = waitUntilDeleted(url, deadline);
        call("DELETE", "/2015-03-31/event-source-mappings/" + uuid, null);
        workloads.deleteQueueQuietly(url);
        r.up("batch" + batchSize + "_msgs_per_s", unique / Math.max(seconds, 1e-9), "msg/s")
                .info("batch" + batchSize + "_invocations", function.invocations.get(), "count")
                .info("batch" + batchSize + "_mean_batch", function.records.get()
                        / (double) Math.max(1, function.invocations.get()), "count")
                .check("batch" + batchSize + "_missing", n - unique)
                .check("batch" + batchSize + "_duplicates", function.duplicates())
                .check("batch" + batchSize + "_foreign", function.foreign.get())
                .check("batch" + batchSize + "_left_in_queue", left)
                .check("batch" + batchSize + "_deadline_hit", System.nanoTime() >= deadline ? 1 : 0);
    }

    /** An idle mapping: time from each send's return to the function receiving that message. */
    private void latency(Result r, Function function, String name) {
        String tag = "esmlat" + run;
        function.expect(tag, LATENCY_ROUNDS);
        String url = workloads.createQueue("bench-esm-lat-" + run, Map.of());
        String queueArn = "arn:aws:sqs:us-east-1:000000000000:" + url.substring(url.lastIndexOf('/') + 1);
        String uuid = createMapping(name, queueArn, 10, 0);
        Support.sleepMs(1_500); // the pollers start and park in their long poll
        Support.Lat fromReturn = new Support.Lat();
        long[] sentAt = new long[LATENCY_ROUNDS];
        long deadline = System.nanoTime() + Duration.ofSeconds(deadlineSeconds).toNanos();
        for (int i = 0; i < LATENCY_ROUNDS && System.nanoTime() < deadline; i++) {
            int seq = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(Support.body(tag, seq, Workloads.BODY)));
            sentAt[i] = System.nanoTime();
            long wait = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (function.deliveries.get(i) == 0 && System.nanoTime() < wait) {
                Thread.onSpinWait();
            }
            if (function.deliveries.get(i) > 0) {
                fromReturn.add(function.firstArrival.get(i) - sentAt[i]);
            }
            Support.sleepMs(50);
        }
        long left = waitUntilDeleted(url, deadline);
        call("DELETE", "/2015-03-31/event-source-mappings/" + uuid, null);
        workloads.deleteQueueQuietly(url);
        r.down("idle_send_to_function_p50", fromReturn.pctMs(50), "ms")
                .down("idle_send_to_function_p99", fromReturn.pctMs(99), "ms")
                .check("idle_missing", LATENCY_ROUNDS - function.unique())
                .check("idle_left_in_queue", left);
    }

    private long waitUntilDeleted(String url, long deadline) {
        long left = workloads.stored(url);
        long until = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(10).toNanos());
        while (left > 0 && System.nanoTime() < until) {
            Support.sleepMs(50);
            left = workloads.stored(url);
        }
        return left;
    }

    private String createMapping(String function, String queueArn, int batchSize, int window) {
        HttpResponse<String> response = call("POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\""
                + function + "\",\"EventSourceArn\":\"" + queueArn + "\",\"BatchSize\":" + batchSize
                + ",\"MaximumBatchingWindowInSeconds\":" + window + "}");
        Matcher uuid = Pattern.compile("\"UUID\":\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 202 || !uuid.find()) {
            throw new IllegalStateException("CreateEventSourceMapping answered " + response.statusCode() + ": "
                    + response.body());
        }
        return uuid.group(1);
    }

    private HttpResponse<String> call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
                        + "SignedHeaders=host, Signature=0");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
