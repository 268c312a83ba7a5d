package dev.memorysdk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time counters from {@code /proc/stat}: how much of the time the hypervisor gave
 * the cores to other machines ("steal"). On a shared virtual machine that share moves every figure of
 * a run, and moves the rounds apart, without anything in the run changing.
 *
 * @param total every state's time, in clock ticks
 * @param steal the time stolen by the host, in clock ticks
 */
record StolenCpu(long total, long steal) {

    /** The counters now; null where {@code /proc/stat} cannot be read (not Linux). */
    static StolenCpu now() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException unavailable) {
            return null;
        }
    }

    /**
     * The counters of {@code /proc/stat}'s first line: {@code cpu user nice system idle iowait irq
     * softirq steal ...} (guest time is already counted in user time).
     *
     * @throws IllegalArgumentException if the line is not the all-CPU line
     */
    static StolenCpu parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (!"cpu".equals(fields[0]) || fields.length < 9) {
            throw new IllegalArgumentException("not the all-CPU line of /proc/stat: " + line);
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new StolenCpu(total, Long.parseLong(fields[8]));
    }

    /** The share of the time since {@code before} that the host took, in percent. */
    double percentSince(StolenCpu before) {
        long elapsed = total - before.total;
        return elapsed <= 0 ? 0 : 100.0 * (steal - before.steal) / elapsed;
    }
}
