package dev.memorysdk.bench;

import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK on a Citus cluster ({@code --citus-url}: the coordinator's database, {@code session_memory}
 * distributed by {@code session_id} as docs/scaling.md says) against the same SDK on the run's plain
 * PostgreSQL, side by side in one run, the context and append scenarios taking turns. Both tables get
 * the same migrations and the same pre-filled sessions.
 */
public final class CitusComparison {

    /** Schema of the compared table, on both databases. */
    static final String SCHEMA = "bench_citus";

    private final BenchContext bench;
    private final BenchSettings settings;

    public CitusComparison(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    /** Runs the group; without {@code --citus-url} it only says so in the report. */
    public void run() {
        if (settings.citusUrl() == null) {
            bench.report().addFinding("citus: not measured, give --citus-url (a Citus coordinator's database)");
            return;
        }
        BenchDatabase plain = bench.database();
        try (BenchDatabase citus = BenchDatabase.external(settings.citusUrl(), plain.user(), plain.password())) {
            plain.recreateSchema(SCHEMA, SchemaVariant.tuned().scripts());
            citus.recreateSchema(SCHEMA, SchemaVariant.tuned().scripts());
            citus.execute(SCHEMA, "SELECT create_distributed_table('" + SCHEMA + ".session_memory', 'session_id')");
            Prefill citusPrefill = new Prefill(citus, settings.payloadBytes());
            for (String prefix : List.of("read-", "append-")) {
                bench.prefill().sessionMemory(SCHEMA, prefix, settings.sessions(), settings.historyTurns());
                citusPrefill.sessionMemory(SCHEMA, prefix, settings.sessions(), settings.historyTurns());
            }
            LoadRunner.sleep(BenchContext.SETTLE);
            List<PostgresMemoryManager> managers = new ArrayList<>();
            try {
                PostgresMemoryManager onPlain = bench.sdk(SCHEMA, settings.maxContextLength(), Durability.STRICT);
                managers.add(onPlain);
                PostgresMemoryManager onCitus = PostgresMemoryManager.builder()
                        .config(bench.sdkConfig(SCHEMA, settings.maxContextLength(), Durability.STRICT)
                        .jdbcUrl(citus.jdbcUrl(SCHEMA)).build()).build();
                managers.add(onCitus);
                Map<String, Operation> scenarios = new LinkedHashMap<>();
                scenarios.put("plain-context", bench.contextReads(onPlain, "read-"));
                scenarios.put("citus-context", bench.contextReads(onCitus, "read-"));
                scenarios.put("plain-append", bench.appends(onPlain, "append-"));
                scenarios.put("citus-append", bench.appends(onCitus, "append-"));
                bench.report().addRatio(Ratio.info("getContext on Citus / on plain PostgreSQL", "citus-context",
                        "plain-context"));
                bench.report().addRatio(Ratio.info("append on Citus / on plain PostgreSQL", "citus-append",
                        "plain-append"));
                bench.runner().runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
            } finally {
                managers.forEach(PostgresMemoryManager::close);
                citus.dropSchema(SCHEMA);
                if (!plain.isEmbedded()) {
                    plain.dropSchema(SCHEMA);
                }
            }
        }
    }
}
