package dev.memorysdk.bench;

import dev.memorysdk.Durability;
import dev.memorysdk.PostgresMemoryManager;
import java.util.List;

/**
 * The figures that decide the schema: the SDK's append on the seed's table with one change at a
 * time, and the growth of the append's cost with the history length, with the cap and without.
 */
public final class SchemaTuning {

    /** History lengths of the growth curve. */
    static final List<Integer> GROWTH_HISTORY_TURNS = List.of(10, 20, 50, 100, 1000);
    /** A cap no history of the curve reaches. */
    static final int UNCAPPED = 10_000;

    private final BenchContext bench;
    private final BenchSettings settings;
    private final LoadRunner runner;

    public SchemaTuning(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
        this.runner = settings.runner();
    }

    /** The SDK's append on each candidate schema, with the share of HOT updates it got. */
    public void candidates() {
        for (SchemaVariant variant : SchemaVariant.candidates()) {
            String schema = variant.schema("schema");
            String name = "schema:" + variant.name();
            bench.database().recreateSchema(schema, variant.scripts());
            bench.prefill().sessionMemory(schema, "s-", settings.sessions(), settings.historyTurns());
            LoadRunner.sleep(BenchContext.SETTLE);
            TableActivity before = TableActivity.of(bench.database(), schema);
            try (PostgresMemoryManager sdk = bench.sdk(schema, settings.maxContextLength(), Durability.STRICT)) {
                bench.report().add(runner.run(name, random -> sdk.addToMemory(
                        BenchContext.randomSession("s-", settings.sessions(), random), bench.text().interaction(random))));
            }
            LoadRunner.sleep(BenchContext.SETTLE);
            TableActivity written = TableActivity.of(bench.database(), schema).since(before);
            bench.report().addFinding(String.format("%s: %.0f%% of updates HOT (%d of %d)", name,
                    written.hotPercent(), written.hotUpdated(), written.updated()));
            if (!"seed".equals(variant.name())) {
                bench.report().addRatio(Ratio.info("schema " + variant.name() + " / seed, SDK append", name,
                        "schema:seed"));
            }
            bench.database().dropSchema(schema);
        }
    }

    /** The SDK's append at each history length, with the configured cap and with a cap never reached. */
    public void growth() {
        int cap = settings.maxContextLength();
        String schema = "bench_growth";
        bench.database().recreateSchema(schema, SchemaVariant.tuned().scripts());
        for (int turns : GROWTH_HISTORY_TURNS) {
            grow(schema, "growth:cap" + cap + ":h" + turns, Math.min(turns, cap), cap);
            grow(schema, "growth:uncapped:h" + turns, turns, UNCAPPED);
        }
        int longest = GROWTH_HISTORY_TURNS.get(GROWTH_HISTORY_TURNS.size() - 1);
        bench.report().addRatio(Ratio.target("append at " + longest + " turns / at " + cap + " turns, cap " + cap
                + " (flat)", "growth:cap" + cap + ":h" + longest, "growth:cap" + cap + ":h" + cap, 0.80));
        bench.report().addRatio(Ratio.info("append at " + longest + " turns / at 10 turns, no cap",
                "growth:uncapped:h" + longest, "growth:uncapped:h10"));
        bench.database().dropSchema(schema);
    }

    private void grow(String schema, String name, int storedTurns, int cap) {
        String prefix = name.replace(':', '-') + "-";
        bench.prefill().sessionMemory(schema, prefix, settings.growthSessions(), storedTurns);
        LoadRunner.sleep(BenchContext.SETTLE);
        try (PostgresMemoryManager sdk = bench.sdk(schema, cap, Durability.STRICT)) {
            bench.report().add(runner.run(name, random -> sdk.addToMemory(
                    BenchContext.randomSession(prefix, settings.growthSessions(), random),
                    bench.text().interaction(random))));
        }
    }
}
