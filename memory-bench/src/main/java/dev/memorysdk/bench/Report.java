package dev.memorysdk.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the results, ratios and findings of a run and renders them as Markdown tables. Not
 * thread-safe: filled by the run's main thread.
 */
public final class Report {

    private final Map<String, ScenarioResult> results = new LinkedHashMap<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    /** Adds a scenario's result, printing its line at once so progress is visible. */
    public ScenarioResult add(ScenarioResult result) {
        results.put(result.name(), result);
        System.err.println(row(result));
        return result;
    }

    public void addRatio(Ratio ratio) {
        ratios.add(ratio);
    }

    /** A measured fact that is not a throughput (a count, a duration, a check). */
    public void addFinding(String finding) {
        findings.add(finding);
        System.err.println("  " + finding);
    }

    public ScenarioResult result(String name) {
        return results.get(name);
    }

    public List<String> findings() {
        return List.copyOf(findings);
    }

    /** The ratio's value, or NaN when one of its scenarios did not run. */
    public double value(Ratio ratio) {
        ScenarioResult top = results.get(ratio.numerator());
        ScenarioResult bottom = results.get(ratio.denominator());
        return top == null || bottom == null ? Double.NaN : ratio.value(top, bottom);
    }

    /** The whole report as Markdown. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | ops/s | p50 ms | p99 ms | p99.9 ms | client CPU µs/op | server CPU µs/op | ops | errors |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        results.values().forEach(result -> out.append(row(result)).append('\n'));
        out.append("\n| ratio | value | rounds (min–max) | spread | target | met |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        for (Ratio ratio : ratios) {
            double value = value(ratio);
            if (Double.isNaN(value)) {
                continue;
            }
            List<Double> rounds = ratio.roundValues(results.get(ratio.numerator()), results.get(ratio.denominator()));
            double min = rounds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double max = rounds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            double spread = rounds.isEmpty() || min <= 0 ? Double.NaN : max / min - 1;
            out.append(String.format(Locale.ROOT, "| %s | %.2f× | %s | %s | %s | %s |%n", ratio.label(), value,
                    rounds.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f–%.2f×", min, max),
                    Double.isNaN(spread) ? "" : String.format(Locale.ROOT, "%.0f %%%s", spread * 100,
                            spread > Ratio.UNSTEADY_SPREAD ? " **unsteady**" : ""),
                    ratio.hasTarget() ? String.format(Locale.ROOT, "≥ %.2f×", ratio.target()) : "",
                    ratio.hasTarget() ? (value >= ratio.target() ? "yes" : "no") : ""));
        }
        if (!findings.isEmpty()) {
            out.append('\n');
            findings.forEach(finding -> out.append("- ").append(finding).append('\n'));
        }
        return out.toString();
    }

    /** One table line for a result. */
    static String row(ScenarioResult result) {
        double server = result.serverCpuMicrosPerOperation();
        return String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.0f | %s | %d | %d |", result.name(),
                result.throughputPerSecond(), result.latencyMillis(50), result.latencyMillis(99),
                result.latencyMillis(99.9), result.clientCpuMicrosPerOperation(),
                Double.isNaN(server) ? "–" : String.format(Locale.ROOT, "%.0f", server), result.operations(),
                result.errors());
    }
}
