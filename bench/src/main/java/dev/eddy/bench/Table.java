package dev.eddy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the collected results as one Markdown table: a row per figure, a column per system, each
 * cell the absolute value and, in parentheses, its ratio to the best system in that row.
 *
 * <p>Input lines (tab-separated): {@code system workload metric value unit kind}, as bench/run
 * writes them, plus {@code NOTE system text} lines shown under the table.
 */
final class Table {
    private Table() {
    }

    record Row(String workload, String metric, String unit, String kind) {
    }

    static String render(Path file, List<String> systemOrder) throws IOException {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>(); // row key -> system -> value
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> checks = new LinkedHashMap<>(); // workload -> system -> findings
        Set<String> systems = new LinkedHashSet<>();
        Map<String, Set<String>> ran = new LinkedHashMap<>(); // workload -> systems that reported it
        List<String> notes = new ArrayList<>();

        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length >= 3 && f[0].equals("NOTE")) {
                notes.add(f[1] + ": " + f[2]);
                continue;
            }
            if (f.length < 6) {
                continue;
            }
            String system = f[0];
            String workload = f[1];
            String metric = f[2];
            double v;
            try {
                v = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                continue;
            }
            String unit = f[4];
            String kind = f[5];
            systems.add(system);
            ran.computeIfAbsent(workload, k -> new LinkedHashSet<>()).add(system);
            if (kind.equals("info") && metric.equals("loadgen_cpu_share")) {
                // The client's own share of the machine, shown (without ratios) next to each workload's figures.
                kind = "share";
            }
            switch (kind) {
                case "up", "down", "share" -> {
                    String key = workload + "\u0000" + metric;
                    rows.putIfAbsent(key, new Row(workload, metric, unit, kind));
                    values.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(system, v);
                }
                case "check" -> {
                    List<String> l = checks.computeIfAbsent(workload, k -> new LinkedHashMap<>())
                            .computeIfAbsent(system, k -> new ArrayList<>());
                    if (v != 0) {
                        l.add(metric + "=" + Result.fmt(v));
                    }
                }
                default -> {
                }
            }
        }
        List<String> cols = new ArrayList<>();
        if (systemOrder != null) {
            for (String s : systemOrder) {
                if (systems.contains(s)) {
                    cols.add(s);
                }
            }
        }
        for (String s : systems) {
            if (!cols.contains(s)) {
                cols.add(s);
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("| workload | figure |");
        for (String s : cols) {
            out.append(' ').append(s).append(" |");
        }
        out.append('\n').append("|---|---|");
        for (int i = 0; i < cols.size(); i++) {
            out.append("---:|");
        }
        out.append('\n');

        // Rows grouped by workload, workloads in the order they first appeared.
        List<Map.Entry<String, Row>> ordered = new ArrayList<>(rows.entrySet());
        List<String> workloadOrder = new ArrayList<>(ran.keySet());
        ordered.sort(java.util.Comparator.comparingInt(e -> workloadOrder.indexOf(e.getValue().workload())));
        String lastWorkload = null;
        for (Map.Entry<String, Row> e : ordered) {
            Row row = e.getValue();
            if (lastWorkload != null && !lastWorkload.equals(row.workload())) {
                appendChecks(out, lastWorkload, cols, checks, ran);
            }
            lastWorkload = row.workload();
            Map<String, Double> vs = values.get(e.getKey());
            boolean up = row.kind().equals("up");
            boolean share = row.kind().equals("share");
            Double best = null;
            for (double v : vs.values()) {
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                if (best == null || (up ? v > best : v < best)) {
                    best = v;
                }
            }
            out.append("| ").append(row.workload()).append(" | ").append(row.metric())
                    .append(" (").append(row.unit()).append(share ? "" : up ? ", ↑" : ", ↓").append(") |");
            for (String s : cols) {
                Double v = vs.get(s);
                out.append(' ');
                if (v == null || Double.isNaN(v) || Double.isInfinite(v)) {
                    out.append('—');
                } else {
                    out.append(value(v, row.unit()));
                    if (!share && best != null && best > 0 && v > 0) {
                        out.append(String.format(Locale.ROOT, " (%.2f)", v / best));
                    }
                }
                out.append(" |");
            }
            out.append('\n');
        }
        if (lastWorkload != null) {
            appendChecks(out, lastWorkload, cols, checks, ran);
        }
        for (String w : checks.keySet()) { // workloads that reported only checks (e.g. failed)
            boolean shown = rows.values().stream().anyMatch(r -> r.workload().equals(w));
            if (!shown) {
                appendChecks(out, w, cols, checks, ran);
            }
        }
        out.append('\n')
                .append("Ratio in parentheses = value ÷ best value in its row (↑ higher is better: best = 1.00, others < 1; ")
                .append("↓ lower is better: best = 1.00, others > 1). \"checks\" rows: ok = every message accounted for, ")
                .append("no errors; otherwise the non-zero counters. — = not measured.\n");
        for (String n : notes) {
            out.append("\n- ").append(n);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendChecks(StringBuilder out, String workload, List<String> cols,
                                     Map<String, Map<String, List<String>>> checks, Map<String, Set<String>> ran) {
        Map<String, List<String>> c = checks.get(workload);
        if (c == null) {
            return;
        }
        out.append("| ").append(workload).append(" | checks |");
        for (String s : cols) {
            out.append(' ');
            List<String> l = c.get(s);
            if (l == null) {
                out.append(ran.getOrDefault(workload, Set.of()).contains(s) ? "ok" : "—");
            } else {
                out.append(l.isEmpty() ? "ok" : String.join(" ", l));
            }
            out.append(" |");
        }
        out.append('\n');
    }

    static String value(double v, String unit) {
        double a = Math.abs(v);
        if (unit.equals("x")) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
