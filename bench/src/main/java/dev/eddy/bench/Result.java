package dev.eddy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one workload. Printed one per line, tab-separated, so scripts can read them:
 *
 * <pre>RESULT  workload  metric  value  unit  kind</pre>
 *
 * kind is {@code up} (higher is better), {@code down} (lower is better), {@code check} (a count of
 * things that went wrong: anything but 0 is a finding) or {@code info}.
 */
final class Result {
    record Metric(String name, double value, String unit, String kind) {
    }

    String workload;
    final List<Metric> metrics = new ArrayList<>();

    Result(String workload) {
        this.workload = workload;
    }

    /** The same figures under another workload name (a workload run with the lean client). */
    Result renamed(String name) {
        this.workload = name;
        return this;
    }

    Result up(String name, double value, String unit) {
        metrics.add(new Metric(name, value, unit, "up"));
        return this;
    }

    Result down(String name, double value, String unit) {
        metrics.add(new Metric(name, value, unit, "down"));
        return this;
    }

    Result check(String name, double value) {
        metrics.add(new Metric(name, value, "count", "check"));
        return this;
    }

    Result info(String name, double value, String unit) {
        metrics.add(new Metric(name, value, unit, "info"));
        return this;
    }

    Result ctx(Support.Ctx ctx) {
        ctx.printSummary();
        check("errors", ctx.errors.get());
        check("aborted", ctx.aborted.get() ? 1 : 0);
        check("deadline_hit", ctx.deadlineHit.get() ? 1 : 0);
        return this;
    }

    /**
     * One result for several runs of a workload: each figure the median of its runs (the lower middle
     * one for an even count), each check the sum, so a problem in any run stays visible. The runs'
     * own figures go to stderr.
     */
    static Result median(List<Result> runs) {
        Result first = runs.get(0);
        if (runs.size() == 1) {
            return first;
        }
        Result merged = new Result(first.workload);
        // Every figure any run reported, in the order of the run that reported the most (a run that
        // failed early reports only its failure).
        java.util.Map<String, Metric> names = new java.util.LinkedHashMap<>();
        runs.stream().sorted(java.util.Comparator.comparingInt((Result r) -> -r.metrics.size()))
                .forEach(r -> r.metrics.forEach(m -> names.putIfAbsent(m.name(), m)));
        for (Metric m : names.values()) {
            double[] values = runs.stream().flatMap(r -> r.metrics.stream())
                    .filter(o -> o.name().equals(m.name())).mapToDouble(Metric::value).toArray();
            double value;
            if (m.kind().equals("check")) {
                value = java.util.Arrays.stream(values).sum();
            } else {
                double[] sorted = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
                value = sorted.length == 0 ? Double.NaN : sorted[(sorted.length - 1) / 2];
                System.err.printf(Locale.ROOT, "[%s] %s per run: %s -> %s%n", first.workload, m.name(),
                        java.util.Arrays.stream(values).mapToObj(Result::fmt).toList(), fmt(value));
            }
            merged.metrics.add(new Metric(m.name(), value, m.unit(), m.kind()));
        }
        return merged;
    }

    void print() {
        for (Metric m : metrics) {
            System.out.println(line(workload, m));
        }
        System.out.flush();
    }

    static String line(String workload, Metric m) {
        return String.join("\t", "RESULT", workload, m.name(), fmt(m.value()), m.unit(), m.kind());
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
