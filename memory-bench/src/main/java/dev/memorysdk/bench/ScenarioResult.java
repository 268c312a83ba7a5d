package dev.memorysdk.bench;

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
 */
public record ScenarioResult(String name, long operations, long errors, long elapsedNanos, Histogram latencyNanos,
                             long clientCpuNanos) {

    /** The results of several windows of one scenario, as one. */
    public ScenarioResult plus(ScenarioResult other) {
        Histogram merged = latencyNanos.copy();
        merged.add(other.latencyNanos);
        return new ScenarioResult(name, operations + other.operations, errors + other.errors,
                elapsedNanos + other.elapsedNanos, merged, clientCpuNanos + other.clientCpuNanos);
    }

    /** Client CPU per completed call, in microseconds: the cost of the client code, whatever the load. */
    public double clientCpuMicrosPerOperation() {
        return operations == 0 ? 0 : clientCpuNanos / 1e3 / operations;
    }

    /** Completed calls per second over the window; 0 for an empty window. */
    public double throughputPerSecond() {
        return elapsedNanos <= 0 ? 0 : operations * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
    }

    /** The latency at {@code percentile} (0 to 100), in milliseconds; 0 when nothing was recorded. */
    public double latencyMillis(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }
}
