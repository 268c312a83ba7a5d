package dev.memorysdk.bench;

import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures that decide the schema: the SDK's append on the seed's table with one change at a
 * time, and the growth of the append's cost with the history length, with the cap and without.
 */
public final class SchemaTuning {

    /** History lengths of the growth curve. */
    static final List<Integer> GROWTH_HISTORY_TURNS = List.of(10, 20, 50, 100, 1000);

    private final BenchContext bench;
    private final BenchSettings settings;
    private final LoadRunner runner;

    public SchemaTuning(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
        this.runner = bench.runner();
    }

    /** The SDK's append on each candidate schema, taking turns, with the share of HOT updates each got. */
    public void candidates() {
        List<SchemaVariant> variants = new ArrayList<>();
        Map<String, TableActivity> before = new LinkedHashMap<>();
        for (SchemaVariant variant : SchemaVariant.candidates()) {
            String schema = variant.schema("schema");
            try {
                bench.database().recreateSchema(schema, variant.scripts());
            } catch (IllegalStateException unsupported) {
                bench.report().addFinding("schema:" + variant.name() + " not measured: " + unsupported.getMessage().replace('\n', ' '));
                bench.database().dropSchema(schema);
                continue;
            }
            variants.add(variant);
            bench.prefill().sessionMemory(schema, "s-", settings.sessions(), settings.historyTurns());
        }
        LoadRunner.sleep(BenchContext.SETTLE);
        variants.forEach(variant -> before.put(variant.name(),
                TableActivity.of(bench.database(), variant.schema("schema"))));
        List<PostgresMemoryManager> managers = new ArrayList<>();
        try {
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            for (SchemaVariant variant : variants) {
                PostgresMemoryManager sdk = bench.sdk(variant.schema("schema"), settings.maxContextLength(),
                        Durability.STRICT);
                managers.add(sdk);
                scenarios.put("schema:" + variant.name(), random -> sdk.addToMemory(
                        BenchContext.randomSession("s-", settings.sessions(), random), bench.text().interaction(random)));
            }
            runner.runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
        } finally {
            managers.forEach(PostgresMemoryManager::close);
        }
        LoadRunner.sleep(BenchContext.SETTLE);
        for (SchemaVariant variant : variants) {
            String name = "schema:" + variant.name();
            TableActivity written = TableActivity.of(bench.database(), variant.schema("schema"))
                    .since(before.get(variant.name()));
            bench.report().addFinding(String.format(Locale.ROOT, "%s: %.0f%% of updates HOT (%d of %d)", name,
                    written.hotPercent(), written.hotUpdated(), written.updated()));
            if (!"seed".equals(variant.name())) {
                bench.report().addRatio(Ratio.info("schema " + variant.name() + " / seed, SDK append", name,
                        "schema:seed"));
            }
            bench.database().dropSchema(variant.schema("schema"));
        }
    }

    /**
     * The SDK's append at each history length: with the configured cap (sessions that saw that many
     * turns store at most the cap), and with the cap set to the length (the steady cost of a history
     * that long: every append adds one turn and drops one, so the length stays put during the run).
     */
    public void growth() {
        int cap = settings.maxContextLength();
        String schema = "bench_growth";
        bench.database().recreateSchema(schema, SchemaVariant.tuned().scripts());
        Map<String, int[]> curve = new LinkedHashMap<>();
        for (int turns : GROWTH_HISTORY_TURNS) {
            curve.put("growth:cap" + cap + ":h" + turns, new int[] {Math.min(turns, cap), cap});
        }
        for (int turns : GROWTH_HISTORY_TURNS) {
            curve.put("growth:capN:h" + turns, new int[] {turns, turns});
        }
        List<PostgresMemoryManager> managers = new ArrayList<>();
        try {
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> point : curve.entrySet()) {
                String prefix = point.getKey().replace(':', '-') + "-";
                bench.prefill().sessionMemory(schema, prefix, settings.growthSessions(), point.getValue()[0]);
                PostgresMemoryManager sdk = bench.sdk(schema, point.getValue()[1], Durability.STRICT);
                managers.add(sdk);
                scenarios.put(point.getKey(), random -> sdk.addToMemory(
                        BenchContext.randomSession(prefix, settings.growthSessions(), random),
                        bench.text().interaction(random)));
            }
            LoadRunner.sleep(BenchContext.SETTLE);
            runner.runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
        } finally {
            managers.forEach(PostgresMemoryManager::close);
        }
        int longest = GROWTH_HISTORY_TURNS.get(GROWTH_HISTORY_TURNS.size() - 1);
        bench.report().addRatio(Ratio.target("append at " + longest + " turns / at " + cap + " turns, cap " + cap
                + " (flat)", "growth:cap" + cap + ":h" + longest, "growth:cap" + cap + ":h" + cap, 0.80));
        bench.report().addRatio(Ratio.info("append at " + longest + " stored turns / at 10 stored turns",
                "growth:capN:h" + longest, "growth:capN:h10"));
        bench.database().dropSchema(schema);
    }
}
