package dev.memorysdk.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.Durability;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The side-by-side figures: the SDK against raw JDBC of its own statements, against itself on the
 * seed's schema and with relaxed durability, and against the rewrite-all and row-per-message stores;
 * each scenario on a session set of its own, all in one database.
 */
public final class StoreComparison {

    /** Schema of the SDK's tables as its migrations create them. */
    static final String TUNED = "bench_tuned";
    /** Schema of the seed's untuned table. */
    static final String SEED = "bench_seed";
    /** Schema of the SDK's tables with the history stored uncompressed (sql/optional/store_history_uncompressed.sql). */
    static final String UNCOMPRESSED = "bench_uncompressed";
    /** Schema of the comparison stores' tables. */
    static final String OTHERS = "bench_other_stores";

    private final BenchContext bench;
    private final BenchSettings settings;
    private final LoadRunner runner;

    public StoreComparison(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
        this.runner = bench.runner();
    }

    /** Creates the three schemas, empty. */
    public void createSchemas() throws SQLException {
        bench.database().recreateSchema(TUNED, SchemaVariant.tuned().scripts());
        bench.database().recreateSchema(SEED, SchemaVariant.seed().scripts());
        bench.database().recreateSchema(UNCOMPRESSED, SchemaVariant.uncompressed().scripts());
        bench.database().recreateSchema(OTHERS, List.of(RewriteAllStore.CREATE_TABLE, RowPerMessageStore.CREATE_TABLE));
        declareRatios(bench.report());
    }

    /** The near cache of the {@code sdk-context-near-cache} scenario: room for every session's window. */
    static final long NEAR_CACHE_BYTES = 512L * 1024 * 1024;

    /**
     * getContext against the same read through raw JDBC, release 0.1's read and the other stores'
     * reads, and with the near cache on over a warm working set; checks it writes nothing.
     */
    public void context() {
        int limit = settings.contextLimit();
        bench.prefill().sessionMemory(TUNED, "ctx-", settings.sessions(), settings.historyTurns());
        bench.prefill().rewriteAll(OTHERS, "ctx-", settings.sessions(), settings.historyTurns());
        bench.prefill().rowPerMessage(OTHERS, "ctx-", settings.sessions(), settings.historyTurns());
        LoadRunner.sleep(BenchContext.SETTLE);
        TableActivity before = TableActivity.of(bench.database(), TUNED);
        try (PostgresMemoryManager sdk = bench.sdk(TUNED, settings.maxContextLength(), Durability.STRICT);
             PostgresMemoryManager cached = PostgresMemoryManager.builder()
                     .config(bench.sdkConfig(TUNED, settings.maxContextLength(), Durability.STRICT)
                     .nearCacheMaxBytes(NEAR_CACHE_BYTES).build()).build();
             HikariDataSource tunedPool = bench.database().pool(TUNED, settings.threads());
             HikariDataSource othersPool = bench.database().pool(OTHERS, settings.threads())) {
            RawJdbcMemory raw = new RawJdbcMemory(tunedPool, settings.maxContextLength(), false);
            RawJdbcMemory v01 = RawJdbcMemory.v01(tunedPool, settings.maxContextLength());
            for (int i = 1; i <= settings.sessions(); i++) {
                cached.getContext("ctx-" + i, limit);
            }
            RewriteAllStore rewriteAll = new RewriteAllStore(othersPool, settings.maxContextLength());
            RowPerMessageStore rows = new RowPerMessageStore(othersPool);
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            scenarios.put("sdk-context", random -> sdk.getContext(session("ctx-", random), limit));
            scenarios.put("raw-context", random -> raw.readRecent(session("ctx-", random), limit));
            scenarios.put("raw-context-decoded", random -> raw.readRecentDecoded(session("ctx-", random), limit));
            scenarios.put("v0.1-context", random -> v01.readRecent(session("ctx-", random), limit));
            scenarios.put("raw-context-set-config", random -> raw.readRecentAfterSetConfig(session("ctx-", random), limit));
            scenarios.put("sdk-context-near-cache", random -> cached.getContext(session("ctx-", random), limit));
            scenarios.put("rewrite-all-context", random -> rewriteAll.lastMessages(session("ctx-", random), limit));
            scenarios.put("row-per-message-context", random -> rows.lastMessages(session("ctx-", random), limit));
            runInterleaved(scenarios);
        }
        LoadRunner.sleep(BenchContext.SETTLE);
        TableActivity written = TableActivity.of(bench.database(), TUNED).since(before);
        bench.report().addFinding(String.format("getContext with nothing expired (and the raw reads): %d row writes "
                        + "(n_tup_ins+n_tup_upd+n_tup_del; %d HOT), xmin sum %s, over %d SDK reads, %d with the near "
                        + "cache and %d raw",
                written.writes(), written.hotUpdated(), written.xminSum() == before.xminSum() ? "unchanged" : "CHANGED",
                bench.report().result("sdk-context").operations(),
                bench.report().result("sdk-context-near-cache").operations(),
                bench.report().result("raw-context").operations() + bench.report().result("raw-context-decoded").operations()
                        + bench.report().result("v0.1-context").operations()));
    }

    /** Every store's append, each on a fresh session set of the configured history length, taking turns. */
    public void append() {
        int cap = settings.maxContextLength();
        TurnText text = bench.text();
        for (String set : List.of("sdk-append", "raw-append", "v01-append", "sdk-append-relaxed", "raw-append-relaxed",
                "sdk-append-batch")) {
            bench.prefill().sessionMemory(TUNED, set + "-", settings.sessions(), settings.historyTurns());
        }
        bench.prefill().sessionMemory(SEED, "seed-append-", settings.sessions(), settings.historyTurns());
        bench.prefill().sessionMemory(UNCOMPRESSED, "uncompressed-append-", settings.sessions(), settings.historyTurns());
        bench.prefill().rewriteAll(OTHERS, "rewrite-", settings.sessions(), settings.historyTurns());
        bench.prefill().rowPerMessage(OTHERS, "rows-", settings.sessions(), settings.historyTurns());
        LoadRunner.sleep(BenchContext.SETTLE);
        try (PostgresMemoryManager sdk = bench.sdk(TUNED, cap, Durability.STRICT);
             PostgresMemoryManager relaxed = bench.sdk(TUNED, cap, Durability.RELAXED);
             PostgresMemoryManager seed = bench.sdk(SEED, cap, Durability.STRICT);
             PostgresMemoryManager uncompressed = bench.sdk(UNCOMPRESSED, cap, Durability.STRICT);
             HikariDataSource tunedPool = bench.database().pool(TUNED, settings.threads());
             HikariDataSource othersPool = bench.database().pool(OTHERS, settings.threads())) {
            RawJdbcMemory raw = new RawJdbcMemory(tunedPool, cap, false);
            RawJdbcMemory rawRelaxed = new RawJdbcMemory(tunedPool, cap, true);
            RawJdbcMemory v01 = RawJdbcMemory.v01(tunedPool, cap);
            RewriteAllStore rewriteAll = new RewriteAllStore(othersPool, cap);
            RowPerMessageStore rows = new RowPerMessageStore(othersPool);
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            scenarios.put("sdk-append", sdkAppend(sdk, "sdk-append-"));
            scenarios.put("raw-append", rawAppend(raw, "raw-append-"));
            scenarios.put("v0.1-append", rawAppend(v01, "v01-append-"));
            scenarios.put("sdk-append-relaxed", sdkAppend(relaxed, "sdk-append-relaxed-"));
            scenarios.put("raw-append-relaxed", rawAppend(rawRelaxed, "raw-append-relaxed-"));
            scenarios.put("seed-append", sdkAppend(seed, "seed-append-"));
            scenarios.put("sdk-append-uncompressed", sdkAppend(uncompressed, "uncompressed-append-"));
            scenarios.put("sdk-append-batch", random -> sdk.addAllToMemory(session("sdk-append-batch-", random),
                    batch(text, random)));
            scenarios.put("rewrite-all-append", random -> rewriteAll.append(session("rewrite-", random),
                    text.encodedTurn(random).json()));
            scenarios.put("row-per-message-append", random -> rows.append(session("rows-", random),
                    text.encodedTurn(random).json()));
            runInterleaved(scenarios);
        }
    }

    /** Many callers appending to one session at once: the SDK keeps every turn, rewrite-all does not. */
    public void lostUpdates() throws Exception {
        int perThread = 25;
        int expected = settings.threads() * perThread;
        int unbounded = expected * 2;
        try (PostgresMemoryManager sdk = bench.sdk(TUNED, unbounded, Durability.STRICT)) {
            ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(settings.threads(), perThread,
                    random -> sdk.addToMemory("lost-updates", bench.text().interaction(random)));
            int stored = sdk.getSessionStats("lost-updates").orElseThrow().historyLength();
            bench.report().addFinding(String.format("concurrent appends to one session (%d threads x %d): "
                    + "SDK stored %d of %d%s", settings.threads(), perThread, stored, expected, outcome.describe()));
        }
        try (HikariDataSource pool = bench.database().pool(OTHERS, settings.threads())) {
            RewriteAllStore rewriteAll = new RewriteAllStore(pool, unbounded);
            ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(settings.threads(), perThread,
                    random -> rewriteAll.append("lost-updates", bench.text().encodedTurn(random).json()));
            List<String> stored = rewriteAll.lastMessages("lost-updates", unbounded * settings.threads());
            bench.report().addFinding(String.format("concurrent appends to one session (%d threads x %d): "
                    + "rewrite-all kept %d distinct of %d turns (%d rows)%s", settings.threads(), perThread,
                    RewriteAllStore.distinctIds(stored), expected, stored.size(), outcome.describe()));
        }
    }

    private Operation sdkAppend(PostgresMemoryManager sdk, String prefix) {
        return random -> sdk.addToMemory(session(prefix, random), bench.text().interaction(random));
    }

    private Operation rawAppend(RawJdbcMemory raw, String prefix) {
        return random -> {
            TurnText.EncodedTurn turn = bench.text().encodedTurn(random);
            raw.append(session(prefix, random), turn.id(), turn.json());
        };
    }

    private List<Interaction> batch(TurnText text, SplittableRandom random) {
        List<Interaction> turns = new ArrayList<>(settings.batchSize());
        for (int i = 0; i < settings.batchSize(); i++) {
            turns.add(text.interaction(random));
        }
        return turns;
    }

    private String session(String prefix, SplittableRandom random) {
        return BenchContext.randomSession(prefix, settings.sessions(), random);
    }

    private void runInterleaved(Map<String, Operation> scenarios) {
        runner.runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
    }

    private void declareRatios(Report report) {
        report.addRatio(Ratio.target("SDK append / v0.1 append statement", "sdk-append", "v0.1-append", 1.2));
        report.addRatio(Ratio.target("SDK append / raw JDBC append (same statement)", "sdk-append", "raw-append", 0.95));
        report.addRatio(Ratio.info("raw JDBC append / v0.1 append statement", "raw-append", "v0.1-append"));
        report.addRatio(Ratio.target("SDK getContext / raw JDBC read (same statement)", "sdk-context", "raw-context",
                0.95));
        report.addRatio(Ratio.target("SDK getContext / raw JDBC read decoding the window", "sdk-context",
                "raw-context-decoded", 0.95));
        report.addRatio(Ratio.info("raw JDBC read decoding the window / raw JDBC read", "raw-context-decoded",
                "raw-context"));
        report.addRatio(Ratio.target("SDK getContext / v0.1 read statement", "sdk-context", "v0.1-context", 1.3));
        report.addRatio(Ratio.info("raw JDBC read / v0.1 read statement", "raw-context", "v0.1-context"));
        report.addRatio(Ratio.info("raw JDBC read behind set_config (as with a tenant) / raw JDBC read",
                "raw-context-set-config", "raw-context"));
        report.addRatio(Ratio.info("SDK getContext, near cache warm / v0.1 read statement", "sdk-context-near-cache",
                "v0.1-context"));
        report.addRatio(Ratio.target("SDK getContext, near cache warm / row-per-message read", "sdk-context-near-cache",
                "row-per-message-context", 1.0));
        report.addRatio(Ratio.target("SDK append / row-per-message append", "sdk-append", "row-per-message-append",
                0.6));
        report.addRatio(Ratio.info("SDK append, history uncompressed / v0.1 append statement", "sdk-append-uncompressed",
                "v0.1-append"));
        report.addRatio(Ratio.info("SDK append, history uncompressed / row-per-message append", "sdk-append-uncompressed",
                "row-per-message-append"));
        report.addRatio(Ratio.info("SDK append, history uncompressed / tuned table", "sdk-append-uncompressed",
                "sdk-append"));
        report.addRatio(Ratio.target("tuned schema / seed schema, SDK append", "sdk-append", "seed-append", 1.4));
        report.addRatio(Ratio.target("SDK append / rewrite-all append", "sdk-append", "rewrite-all-append", 1.5));
        report.addRatio(Ratio.info("SDK append RELAXED / STRICT", "sdk-append-relaxed", "sdk-append"));
        report.addRatio(Ratio.info("raw append RELAXED / STRICT", "raw-append-relaxed", "raw-append"));
        report.addRatio(new Ratio("SDK batch append turns/s / single append turns/s", "sdk-append-batch", "sdk-append",
                settings.batchSize(), Double.NaN));
        report.addRatio(Ratio.info("SDK getContext / rewrite-all read", "sdk-context", "rewrite-all-context"));
        report.addRatio(Ratio.info("SDK getContext / row-per-message read", "sdk-context", "row-per-message-context"));
    }
}
