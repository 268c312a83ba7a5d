package dev.memorysdk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** One run of the load tool: the chosen scenario groups in order, then the report. */
public final class BenchRun {

    private final BenchDatabase database;
    private final BenchSettings settings;
    private final String commandLine;

    public BenchRun(BenchDatabase database, BenchSettings settings, String commandLine) {
        this.database = database;
        this.settings = settings;
        this.commandLine = commandLine;
    }

    /** Runs every chosen group and returns the report as Markdown. */
    public String run() throws Exception {
        String loadBefore = loadAverage();
        StolenCpu cpuBefore = StolenCpu.now();
        long start = System.nanoTime();
        Report report = new Report();
        BenchContext bench = new BenchContext(database, settings, new TurnText(settings.payloadBytes(), 42),
                new Prefill(database, settings.payloadBytes()), report);
        StoreComparison stores = new StoreComparison(bench);
        if (settings.groups().contains("context") || settings.groups().contains("append")
                || settings.groups().contains("lost-updates")) {
            stores.createSchemas();
        }
        if (settings.groups().contains("context")) {
            stores.context();
        }
        if (settings.groups().contains("append")) {
            stores.append();
        }
        if (settings.groups().contains("lost-updates")) {
            stores.lostUpdates();
        }
        SchemaTuning tuning = new SchemaTuning(bench);
        if (settings.groups().contains("schema")) {
            tuning.candidates();
        }
        if (settings.groups().contains("growth")) {
            tuning.growth();
        }
        if (settings.groups().contains("cleanup")) {
            new CleanupAtScale(bench).run();
        }
        if (settings.groups().contains("encryption")) {
            new EncryptionComparison(bench).run();
        }
        if (settings.groups().contains("scaling")) {
            new ScalingComparison(bench).run();
        }
        if (settings.groups().contains("citus")) {
            new CitusComparison(bench).run();
        }
        if (settings.groups().contains("cost")) {
            new ClientCost(bench).run();
        }
        if (settings.groups().contains("frameworks")) {
            new FrameworkComparison(bench).run();
        }
        if (!database.isEmbedded()) {
            for (String schema : new String[] {StoreComparison.TUNED, StoreComparison.SEED, StoreComparison.OTHERS,
                    ClientCost.SCHEMA}) {
                database.dropSchema(schema);
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        StolenCpu cpuAfter = StolenCpu.now();
        String stolen = cpuBefore == null || cpuAfter == null ? "not known"
                : String.format(Locale.ROOT, "%.1f %%", cpuAfter.percentSince(cpuBefore));
        return header(loadBefore, loadAverage(), stolen, minutes) + report.render();
    }

    private String header(String loadBefore, String loadAfter, String stolen, double minutes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## memory-bench %s%n%n", Instant.now()));
        out.append("- command: `").append(commandLine).append("`\n");
        out.append(String.format(Locale.ROOT, "- machine: %d cores, %s memory; load average %s before, %s after; "
                        + "CPU time taken by the host (steal) %s; run took %.1f min%n",
                Runtime.getRuntime().availableProcessors(), totalMemory(), loadBefore, loadAfter, stolen, minutes));
        out.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", heap max ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB, ")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append('\n');
        out.append("- PostgreSQL ").append(database.isEmbedded() ? "(embedded, same machine)" : "(external)")
                .append(':');
        for (Map.Entry<String, String> setting : database.settings().entrySet()) {
            out.append(' ').append(setting.getKey()).append('=').append(setting.getValue());
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "- load: %d threads, %d sessions per scenario, %d pre-filled turns of "
                        + "%d bytes, maxContextLength %d, context limit %d, batch %d, warm-up %d s, window %d s%n%n",
                settings.threads(), settings.sessions(), settings.historyTurns(), settings.payloadBytes(),
                settings.maxContextLength(), settings.contextLimit(), settings.batchSize(),
                settings.warmup().toSeconds(), settings.measurement().toSeconds()));
        return out.toString();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            // Not Linux: fall through.
        }
        return "unknown";
    }
}
