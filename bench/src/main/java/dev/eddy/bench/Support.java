package dev.eddy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Small shared pieces: message bodies, the accounting of what was received, latencies, limits. */
final class Support {
    private Support() {
    }

    /**
     * A message body of exactly {@code size} characters: {@code tag|seq|} then filler derived from
     * seq, so a receiver can tell which message it is and whether the body arrived intact.
     */
    static String body(String tag, int seq, int size) {
        StringBuilder sb = new StringBuilder(size);
        sb.append(tag).append('|').append(seq).append('|');
        int i = 0;
        while (sb.length() < size) {
            sb.append((char) ('a' + (seq + i++) % 26));
        }
        return sb.toString();
    }

    /** The sequence number in a body made by {@link #body}, or -1 if it is not one of ours. */
    static int seqOf(String tag, String body) {
        if (body == null || !body.startsWith(tag + "|")) {
            return -1;
        }
        int from = tag.length() + 1;
        int to = body.indexOf('|', from);
        if (to < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(body, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Accounts for n messages numbered 0..n-1: how often each was received, whether its body was
     * intact, and whether the id it arrived with is the id its send returned.
     */
    static final class Tracker {
        final String tag;
        final int n;
        final int size;
        final AtomicIntegerArray received;
        final AtomicReferenceArray<String> sentIds;
        final AtomicReferenceArray<String> receivedIds;
        final AtomicInteger unique = new AtomicInteger();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong corrupt = new AtomicLong();
        final AtomicLong foreign = new AtomicLong();
        final AtomicLong sendFailed = new AtomicLong();

        Tracker(String tag, int n, int size) {
            this.tag = tag;
            this.n = n;
            this.size = size;
            this.received = new AtomicIntegerArray(n);
            this.sentIds = new AtomicReferenceArray<>(n);
            this.receivedIds = new AtomicReferenceArray<>(n);
        }

        String body(int seq) {
            return Support.body(tag, seq, size);
        }

        void sent(int seq, String messageId) {
            sentIds.set(seq, messageId);
        }

        /** Records one received message; returns its seq, or -1 when it is not one of ours. */
        int receivedMessage(String messageId, String body) {
            int seq = seqOf(tag, body);
            if (seq < 0 || seq >= n) {
                foreign.incrementAndGet();
                return -1;
            }
            if (!body.equals(body(seq))) {
                corrupt.incrementAndGet();
            }
            if (received.incrementAndGet(seq) == 1) {
                receivedIds.set(seq, messageId);
                unique.incrementAndGet();
            } else {
                duplicates.incrementAndGet();
            }
            return seq;
        }

        /** Messages whose send was acknowledged but that never arrived (by the end of the workload). */
        int notReceived() {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (sentIds.get(i) != null && received.get(i) == 0) {
                    k++;
                }
            }
            return k;
        }

        /** Messages never acknowledged (send failed, or never tried: deadline or abort) and never received. */
        int notSent() {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (sentIds.get(i) == null && received.get(i) == 0) {
                    k++;
                }
            }
            return k;
        }

        /** Messages whose received id differs from the id that their send returned. */
        long idMismatches() {
            long bad = 0;
            for (int i = 0; i < n; i++) {
                String s = sentIds.get(i);
                String r = receivedIds.get(i);
                if (s != null && r != null && !s.equals(r)) {
                    bad++;
                }
            }
            return bad;
        }

        /** Send responses that repeated a message id already given to another message. */
        long duplicateSentIds() {
            String[] ids = new String[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                String s = sentIds.get(i);
                if (s != null) {
                    ids[k++] = s;
                }
            }
            Arrays.sort(ids, 0, k);
            long dups = 0;
            for (int i = 1; i < k; i++) {
                if (ids[i].equals(ids[i - 1])) {
                    dups++;
                }
            }
            return dups;
        }

        /**
         * The checks. {@code stillStored} is what the queue reported holding at the end (-1: not
         * asked): acknowledged messages that never arrived count as missing (lost) only beyond that,
         * since a workload stopped by its deadline leaves messages in the queue that are not lost.
         */
        void report(Result r, long stillStored) {
            int notReceived = notReceived();
            r.check("missing", Math.max(0, notReceived - Math.max(0, stillStored)));
            r.check("not_received_but_stored", Math.min(notReceived, Math.max(0, stillStored)));
            r.check("not_sent", notSent());
            r.check("duplicates", duplicates.get());
            r.check("corrupt", corrupt.get());
            r.check("foreign", foreign.get());
            r.check("id_mismatch", idMismatches());
            r.check("dup_sent_ids", duplicateSentIds());
            r.check("send_failed", sendFailed.get());
        }
    }

    /** A growable list of latencies in nanoseconds. */
    static final class Lat {
        private long[] v = new long[1024];
        private int n;

        synchronized void add(long nanos) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = nanos;
        }

        synchronized long[] sorted() {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return s;
        }

        synchronized int count() {
            return n;
        }

        /** Nearest-rank percentile in milliseconds, NaN when empty. */
        double pctMs(double p) {
            long[] s = sorted();
            if (s.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
        }
    }

    /** Limits of one workload: a deadline, an error budget, and the first errors for the log. */
    static final class Ctx {
        final String workload;
        final long deadline;
        final long errorBudget;
        final AtomicLong errors = new AtomicLong();
        final AtomicBoolean aborted = new AtomicBoolean();
        final AtomicBoolean deadlineHit = new AtomicBoolean();

        Ctx(String workload, long seconds, long errorBudget) {
            this.workload = workload;
            this.deadline = System.nanoTime() + seconds * 1_000_000_000L;
            this.errorBudget = errorBudget;
        }

        /** True when the workload must stop: past its deadline or over its error budget. */
        boolean stop() {
            if (aborted.get()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                deadlineHit.set(true);
                return true;
            }
            return false;
        }

        /** Errors by kind: operation and message (request ids removed), for the summary. */
        final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> kinds = new java.util.concurrent.ConcurrentHashMap<>();

        void error(String op, Throwable e) {
            long k = errors.incrementAndGet();
            String kind = op + ": " + oneLine(e).replaceAll("Request ID: [^,)]*", "Request ID: …");
            kinds.computeIfAbsent(kind.length() > 200 ? kind.substring(0, 200) : kind, x -> new AtomicLong()).incrementAndGet();
            if (k <= 10) {
                System.err.printf("[%s] %s failed: %s%n", workload, op, oneLine(e));
            }
            if (k > errorBudget && aborted.compareAndSet(false, true)) {
                System.err.printf("[%s] aborted: more than %d errors%n", workload, errorBudget);
            }
        }

        void error(String op, String message) {
            error(op, new RuntimeException(message));
        }

        void printSummary() {
            kinds.forEach((kind, count) -> System.err.printf("[%s] %d x %s%n", workload, count.get(), kind));
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ').replace('\t', ' ');
    }

    /** VmRSS of a process in MiB, or NaN if it cannot be read. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable
        }
        return Double.NaN;
    }

    /** CPU time this process has used (all threads), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int scaled(double base, double scale, int min) {
        return Math.max(min, (int) Math.round(base * scale));
    }
}
