package dev.eddy.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Load generator for SQS-compatible servers (and SNS, for the fan-out workload).
 *
 * <pre>
 * java -jar eddy-bench.jar --endpoint http://127.0.0.1:4566 [--workloads throughput,unbatched,...]
 *      [--scale 0.1] [--deadline 600] [--repeat 3] [--pids 1234,5678] [--no-warmup]
 * java -jar eddy-bench.jar --table results.tsv [--systems a,b,c]
 * </pre>
 *
 * Prints one {@code RESULT} line per figure (see {@link Result}); diagnostics go to stderr.
 */
public final class Main {
    static final List<String> ALL = List.of("throughput", "throughput-lean", "unbatched",
            "unbatched-lean", "longpoll", "depth", "width", "fifo", "fifo-lean", "sns", "esm");

    public static void main(String[] argv) throws Exception {
        // Before the first HttpURLConnection: keep enough idle connections for 16 threads, and never
        // let the JDK resend a POST by itself (that would hide errors and fake duplicates).
        System.setProperty("http.maxConnections", "64");
        System.setProperty("sun.net.http.retryPost", "false");

        Map<String, String> a = parse(argv);
        if (a.containsKey("help") || a.isEmpty()) {
            usage();
            return;
        }
        if (a.containsKey("table")) {
            List<String> systems = a.containsKey("systems") ? List.of(a.get("systems").split(",")) : null;
            System.out.print(Table.render(java.nio.file.Path.of(a.get("table")), systems));
            return;
        }
        String endpoint = a.get("endpoint");
        if (endpoint == null) {
            usage();
            System.exit(2);
        }
        double scale = Double.parseDouble(a.getOrDefault("scale", envOr("BENCH_SCALE", "1")));
        long deadline = Long.parseLong(a.getOrDefault("deadline", "600"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "3"));
        List<String> workloads = a.containsKey("workloads") ? List.of(a.get("workloads").split(",")) : ALL;
        for (String w : workloads) {
            if (!ALL.contains(w)) {
                System.err.println("unknown workload: " + w + " (known: " + String.join(",", ALL) + ")");
                System.exit(2);
            }
        }
        long[] pids = a.containsKey("pids")
                ? Arrays.stream(a.get("pids").split(",")).filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray()
                : new long[0];
        String run = UUID.randomUUID().toString().substring(0, 8);

        System.out.printf(Locale.ROOT, "# eddy-bench endpoint=%s scale=%s deadline=%ds run=%s workloads=%s%n",
                endpoint, scale, deadline, run, String.join(",", workloads));
        try (SqsClient sqs = client(endpoint); SqsClient leanClient = new LeanSqsClient(endpoint);
             SnsClient sns = snsClient(endpoint)) {
            if (!a.containsKey("no-warmup")) {
                new Workloads(sqs, run, deadline).warmUp();
            }
            for (String name : workloads) {
                List<Result> runs = new ArrayList<>();
                for (int round = 1; round <= repeat; round++) {
                    System.err.printf("[%s] starting (run %d of %d)%n", name, round, repeat);
                    // Each run has its own queues and message tags.
                    String id = run + "r" + round;
                    runs.add(runOnce(name, new Workloads(sqs, id, deadline), new Workloads(leanClient, id + "l", deadline),
                            sns, endpoint, id, scale, deadline));
                }
                Result.median(runs).print();
                if (name.equals("throughput") && pids.length > 0) {
                    double rss = 0;
                    for (long pid : pids) {
                        rss += Support.rssMiB(pid);
                    }
                    new Result("process").down("rss_after_throughput", rss, "MiB").print();
                }
            }
        }
    }

    /** One run of one workload, with the load generator's own share of the CPU over it. */
    private static Result runOnce(String name, Workloads w, Workloads lean, SnsClient sns, String endpoint,
                                  String run, double scale, long deadline) {
        long t0 = System.nanoTime();
        long cpu0 = Support.processCpuNanos();
        Result r;
        try {
            r = switch (name) {
                case "throughput" -> w.throughput(Support.scaled(100_000, scale, 100));
                case "throughput-lean" -> lean.throughput(Support.scaled(100_000, scale, 100)).renamed("throughput-lean");
                case "unbatched" -> w.unbatched(Support.scaled(50_000, scale, 160), 16);
                case "unbatched-lean" -> lean.unbatched(Support.scaled(50_000, scale, 160), 16).renamed("unbatched-lean");
                case "longpoll" -> w.longPoll(200);
                case "depth" -> w.depth(Support.scaled(1_000_000, scale, 1_000), 1_000, lean);
                case "width" -> w.width(Support.scaled(10_000, scale, 10));
                case "fifo" -> w.fifo(Support.scaled(50_000, scale, 160), 16);
                case "fifo-lean" -> lean.fifo(Support.scaled(50_000, scale, 160), 16).renamed("fifo-lean");
                case "sns" -> new SnsFanOut(w, sns).run(Support.scaled(10_000, scale, 100), 100);
                case "esm" -> new Mappings(w.sqs, w, endpoint, run, deadline).esm(Support.scaled(20_000, scale, 200));
                default -> throw new IllegalStateException(name);
            };
        } catch (RuntimeException e) {
            System.err.printf("[%s] failed: %s%n", name, Support.oneLine(e));
            r = new Result(name).check("failed", 1);
        }
        // The load generator's own CPU: how much of the machine the client took from the server.
        double wall = System.nanoTime() - t0;
        r.info("loadgen_cpu_share", 100.0 * (Support.processCpuNanos() - cpu0)
                / (wall * Runtime.getRuntime().availableProcessors()), "%");
        System.err.printf(Locale.ROOT, "[%s] run done in %.1f s%n", name, wall / 1e9);
        return r;
    }

    static SqsClient client(String endpoint) {
        return configured(SqsClient.builder(), endpoint);
    }

    static SnsClient snsClient(String endpoint) {
        return configured(SnsClient.builder(), endpoint);
    }

    /** Every SDK client of the bench: loopback endpoint, fixed credentials, the JDK's HTTP client, no retries. */
    private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C configured(B builder,
                                                                                                 String endpoint) {
        return builder
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .overrideConfiguration(c -> c
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(45)))
                .build();
    }

    static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(argv));
        for (int i = 0; i < rest.size(); i++) {
            String s = rest.get(i);
            if (!s.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + s);
            }
            String k = s.substring(2);
            int eq = k.indexOf('=');
            if (eq >= 0) {
                m.put(k.substring(0, eq), k.substring(eq + 1));
            } else if (k.equals("help") || k.equals("no-warmup")) {
                m.put(k, "true");
            } else if (i + 1 < rest.size()) {
                m.put(k, rest.get(++i));
            } else {
                throw new IllegalArgumentException("missing value for --" + k);
            }
        }
        return m;
    }

    static void usage() {
        System.err.println("""
                usage: java -jar eddy-bench.jar --endpoint URL [--workloads LIST] [--scale S] [--deadline SEC]
                                                [--repeat N] [--pids PID,...] [--no-warmup]
                       java -jar eddy-bench.jar --table RESULTS.tsv [--systems a,b,...]
                workloads: throughput,throughput-lean,unbatched,unbatched-lean,longpoll,depth,width,fifo,fifo-lean,
                           sns,esm (default: all, in that order; -lean: the same workload with the lean client)
                scale: multiplies every message and queue count (default: $BENCH_SCALE or 1)
                deadline: seconds each workload may take before it stops and reports what it has (default 600)
                repeat: runs of each workload, one after another on a fresh queue; figures are the median of
                        the runs, check counts their sum (default 3)
                pids: processes whose summed VmRSS is reported right after the throughput workload
                output: lines 'RESULT<TAB>workload<TAB>metric<TAB>value<TAB>unit<TAB>kind',
                        kind = up (higher is better) | down (lower is better) | check (0 = nothing wrong) | info""");
    }
}
