package dev.memorysdk.bench;

import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code cleanupExpiredSessions} over a large number of expired sessions, timed, with appends to
 * live sessions of the same table running throughout: their latency without cleanup, then while
 * it runs.
 */
public final class CleanupAtScale {

    /** Older than the SDK's default TTL of 24 hours. */
    private static final long EXPIRED_AGE_SECONDS = Duration.ofDays(2).toSeconds();

    private final BenchContext bench;
    private final BenchSettings settings;
    private final LoadRunner runner;

    public CleanupAtScale(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
        this.runner = bench.runner();
    }

    /** Runs the cleanup on each configured schema variant. */
    public void run() {
        for (SchemaVariant variant : SchemaVariant.candidates()) {
            if (settings.cleanupVariants().contains(variant.name())) {
                run(variant);
            }
        }
    }

    private void run(SchemaVariant variant) {
        String schema = variant.schema("cleanup");
        String without = "cleanup:" + variant.name() + ":appends-without-cleanup";
        String during = "cleanup:" + variant.name() + ":appends-during-cleanup";
        try {
            bench.database().recreateSchema(schema, variant.scripts());
        } catch (IllegalStateException unsupported) {
            bench.report().addFinding("cleanup on " + variant.name() + " not measured: " + unsupported.getMessage().replace('\n', ' '));
            bench.database().dropSchema(schema);
            return;
        }
        long fillStart = System.nanoTime();
        bench.prefill().expiredSessions(schema, "old-", settings.cleanupRows(), EXPIRED_AGE_SECONDS);
        bench.prefill().sessionMemory(schema, "live-", settings.sessions(), settings.historyTurns());
        System.err.printf(Locale.ROOT, "cleanup %s: %d expired sessions inserted in %.1f s%n", variant.name(),
                settings.cleanupRows(), (System.nanoTime() - fillStart) / 1e9);
        LoadRunner.sleep(BenchContext.SETTLE);
        try (PostgresMemoryManager sdk = bench.sdk(schema, settings.maxContextLength(), Durability.STRICT)) {
            Operation append = random -> sdk.addToMemory(
                    BenchContext.randomSession("live-", settings.sessions(), random), bench.text().interaction(random));
            bench.report().add(runner.run(without, append));
            LoadRunner.RunningLoad load = runner.start(during, append);
            LoadRunner.sleep(settings.warmup());
            long start = System.nanoTime();
            int deleted = sdk.cleanupExpiredSessions();
            double seconds = (System.nanoTime() - start) / 1e9;
            bench.report().add(load.stop());
            bench.report().addFinding(String.format(Locale.ROOT,
                    "cleanupExpiredSessions on %s: deleted %d of %d expired sessions in %.2f s (%.0f rows/s) "
                            + "with %d appending threads", variant.name(), deleted, settings.cleanupRows(), seconds,
                    deleted / seconds, settings.threads()));
        }
        bench.report().addRatio(Ratio.info("append throughput during cleanup / without (" + variant.name() + ")",
                during, without));
        bench.report().addFinding(String.format(Locale.ROOT, "append p99 on %s: %.2f ms without cleanup, "
                        + "%.2f ms during cleanup", variant.name(), bench.report().result(without).latencyMillis(99),
                bench.report().result(during).latencyMillis(99)));
        bench.database().dropSchema(schema);
    }
}
