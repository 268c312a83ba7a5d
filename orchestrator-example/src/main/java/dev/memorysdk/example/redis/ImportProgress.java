package dev.memorysdk.example.redis;

import java.io.PrintWriter;

/**
 * Counts of an import or verification, and a progress line (keys/s, turns, errors, ETA) printed at
 * most once a second: rewritten in place on a terminal, one line each 10 s otherwise.
 */
public final class ImportProgress {

    private final PrintWriter out;
    private final boolean terminal;
    private final long expectedKeys;
    private final long startedNanos = System.nanoTime();
    private long lastPrintNanos = startedNanos;
    private long keys;
    private long turns;
    private long errors;

    /** Progress printed on {@code out}; {@code expectedKeys} estimates the total for the ETA. */
    public ImportProgress(PrintWriter out, boolean terminal, long expectedKeys) {
        this.out = out;
        this.terminal = terminal;
        this.expectedKeys = expectedKeys;
    }

    /** Adds a batch's counts and prints the progress line when due. */
    public void add(long batchKeys, long batchTurns, long batchErrors) {
        keys += batchKeys;
        turns += batchTurns;
        errors += batchErrors;
        long now = System.nanoTime();
        if (now - lastPrintNanos >= (terminal ? 1_000_000_000L : 10_000_000_000L)) {
            lastPrintNanos = now;
            out.print(line() + (terminal ? "\r" : System.lineSeparator()));
            out.flush();
        }
    }

    /** Keys per second since the start. */
    public double keysPerSecond() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        return keys / seconds;
    }

    /** The current progress line. */
    public String line() {
        double rate = keysPerSecond();
        long left = Math.max(0, expectedKeys - keys);
        String eta = rate > 0 ? Math.round(left / rate) + " s" : "?";
        return String.format("keys %,d (%,.0f keys/s), turns %,d, errors %,d, ETA %s", keys, rate, turns, errors, eta);
    }

    /** Keys seen. */
    public long keys() {
        return keys;
    }

    /** Turns seen. */
    public long turns() {
        return turns;
    }

    /** Keys skipped or failed. */
    public long errors() {
        return errors;
    }
}
