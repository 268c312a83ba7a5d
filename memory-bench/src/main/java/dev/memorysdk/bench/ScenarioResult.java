package dev.memorysdk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured: calls completed inside the measurement window, failures, the window's
 * length and the latency of every completed call.
 *
 * @param name          the scenario's name
 * @param operations    calls completed inside the window
 * @param errors        calls that failed inside the window
 * @param elapsedNanos  the measurement window
 * @param latencyNanos  the latency of each completed call, in nanoseconds
 * @param clientCpuNanos CPU time the whole load-tool process used during the window (callers, driver, GC)
 * @param serverCpuNanos CPU time the database server used during the window (all its processes); -1 when
 *                       unknown (a server on another machine)
 * @param roundThroughputs the throughput of each window this result adds up, in order (one for a
 *                       single window): what a ratio's spread over rounds is computed from
 */
public record ScenarioResult(String name, long operations, long errors, long elapsedNanos, Histogram latencyNanos,
                             long clientCpuNanos, long serverCpuNanos, List<Double> roundThroughputs) {

    public ScenarioResult {
        roundThroughputs = List.copyOf(roundThroughputs);
    }

    /** The result of one window. */
    public ScenarioResult(String name, long operations, long errors, long elapsedNanos, Histogram latencyNanos,
                          long clientCpuNanos, long serverCpuNanos) {
        this(name, operations, errors, elapsedNanos, latencyNanos, clientCpuNanos, serverCpuNanos,
                List.of(throughput(operations, elapsedNanos)));
    }

    /** The results of several windows of one scenario, as one; each window stays a round. */
    public ScenarioResult plus(ScenarioResult other) {
        Histogram merged = latencyNanos.copy();
        merged.add(other.latencyNanos);
        List<Double> rounds = new ArrayList<>(roundThroughputs);
        rounds.addAll(other.roundThroughputs);
        return new ScenarioResult(name, operations + other.operations, errors + other.errors,
                elapsedNanos + other.elapsedNanos, merged, clientCpuNanos + other.clientCpuNanos,
                serverCpuNanos < 0 || other.serverCpuNanos < 0 ? -1 : serverCpuNanos + other.serverCpuNanos, rounds);
    }

    private static double throughput(long operations, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : operations * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
    }

    /** Client CPU per completed call, in microseconds: the cost of the client code, whatever the load. */
    public double clientCpuMicrosPerOperation() {
        return operations == 0 ? 0 : clientCpuNanos / 1e3 / operations;
    }

    /**
     * Server CPU per completed call, in microseconds: what the statements cost the database, all its
     * processes counted; NaN when unknown.
     */
    public double serverCpuMicrosPerOperation() {
        return serverCpuNanos < 0 ? Double.NaN : operations == 0 ? 0 : serverCpuNanos / 1e3 / operations;
    }

    /** Completed calls per second over the window; 0 for an empty window. */
    public double throughputPerSecond() {
        return throughput(operations, elapsedNanos);
    }

    /** The latency at {@code percentile} (0 to 100), in milliseconds; 0 when nothing was recorded. */
    public double latencyMillis(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }
}
