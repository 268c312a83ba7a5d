package dev.memorysdk.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK directly on the primary's plain table against the same SDK on a hash-partitioned copy of
 * the table, through a pooler and with reads on a streaming replica, side by side in one run on one
 * database: the pooler and the replica are other routes to the run's database
 * ({@code --pgbouncer-url}, {@code --replica-url}), measured when given. Reads use a session set
 * that no scenario writes, so a caught-up replica holds every session's current version.
 */
public final class ScalingComparison {

    /** Schema of the scaling group's table. */
    static final String SCHEMA = "bench_scaling";
    /** Schema of the same table partitioned by hash of the session id. */
    static final String PARTITIONED_SCHEMA = "bench_scaling_partitioned";

    /** The statement the SDK's replica route sends to the primary. */
    private static final String VERSION_PROBE = SdkStatementText.of("readVersion", Map.of()).sql();

    private final BenchContext bench;
    private final BenchSettings settings;

    public ScalingComparison(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    /** Runs the context and append scenarios on the partitioned table and on every route given. */
    public void run() throws SQLException {
        String pgbouncerUrl = settings.pgbouncerUrl();
        String replicaUrl = settings.replicaUrl();
        if (pgbouncerUrl == null && replicaUrl == null) {
            bench.report().addFinding("scaling: pooler and replica not measured, give --pgbouncer-url and/or "
                    + "--replica-url");
        }
        bench.database().recreateSchema(SCHEMA, SchemaVariant.tuned().scripts());
        bench.database().recreateSchema(PARTITIONED_SCHEMA, SchemaVariant.partitioned().scripts());
        for (String schema : List.of(SCHEMA, PARTITIONED_SCHEMA)) {
            bench.prefill().sessionMemory(schema, "read-", settings.sessions(), settings.historyTurns());
            bench.prefill().sessionMemory(schema, "append-", settings.sessions(), settings.historyTurns());
        }
        if (replicaUrl != null) {
            awaitReplay(replicaUrl);
        }
        LoadRunner.sleep(BenchContext.SETTLE);
        List<PostgresMemoryManager> managers = new ArrayList<>();
        PostgresMemoryManager replicaReads = null;
        try (HikariDataSource primaryPool = bench.database().pool(SCHEMA, settings.threads())) {
            PostgresMemoryManager primary = manager(managers, bench.database().jdbcUrl(SCHEMA), null);
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            scenarios.put("primary-context", context(primary));
            scenarios.put("primary-append", append(primary));
            compareWithPrimary(scenarios, "partitioned", "on a hash-partitioned table",
                    manager(managers, bench.database().jdbcUrl(PARTITIONED_SCHEMA), null));
            if (replicaUrl != null) {
                replicaReads = manager(managers, bench.database().jdbcUrl(SCHEMA),
                        withSchema(replicaUrl));
                scenarios.put("replica-context", context(replicaReads));
                scenarios.put("primary-version-probe", versionProbe(primaryPool));
                bench.report().addRatio(Ratio.info("getContext, reads on a replica / on the primary",
                        "replica-context", "primary-context"));
                bench.report().addRatio(Ratio.info("primary: version probes / context reads it can serve",
                        "primary-version-probe", "primary-context"));
            }
            if (pgbouncerUrl != null) {
                compareWithPrimary(scenarios, "pgbouncer", "through PgBouncer",
                        manager(managers, withSchema(pgbouncerUrl), null));
            }
            bench.runner().runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
            if (replicaReads != null) {
                Map<String, Object> details = replicaReads.healthCheck().details();
                bench.report().addFinding(String.format("scaling: of the replica route's reads the replica served "
                                + "%s, the primary %s (replica behind) and %s (replica unavailable)",
                        details.get("readReplica.served"), details.get("readReplica.behind"),
                        details.get("readReplica.unavailable")));
            }
        } finally {
            managers.forEach(PostgresMemoryManager::close);
            if (!bench.database().isEmbedded()) {
                bench.database().dropSchema(SCHEMA);
                bench.database().dropSchema(PARTITIONED_SCHEMA);
            }
        }
    }

    /** Adds {@code route}'s context and append scenarios and their ratios to the direct ones on the plain table. */
    private void compareWithPrimary(Map<String, Operation> scenarios, String route, String description,
                                    PostgresMemoryManager memory) {
        scenarios.put(route + "-context", context(memory));
        scenarios.put(route + "-append", append(memory));
        bench.report().addRatio(Ratio.info("getContext " + description + " / direct on the plain table",
                route + "-context", "primary-context"));
        bench.report().addRatio(Ratio.info("append " + description + " / direct on the plain table",
                route + "-append", "primary-append"));
    }

    private PostgresMemoryManager manager(List<PostgresMemoryManager> managers, String jdbcUrl, String readJdbcUrl) {
        MemoryConfig.Builder builder = MemoryConfig.custom()
                .jdbcUrl(jdbcUrl)
                .maxPoolSize(settings.threads())
                .maxContextLength(settings.maxContextLength())
                .fallbackPolicy(FallbackPolicy.FAIL);
        if (readJdbcUrl != null) {
            builder.readJdbcUrl(readJdbcUrl);
        }
        if (bench.database().user() != null) {
            builder.username(bench.database().user());
        }
        if (bench.database().password() != null) {
            builder.password(bench.database().password());
        }
        PostgresMemoryManager manager = PostgresMemoryManager.builder().config(builder.build()).build();
        managers.add(manager);
        return manager;
    }

    private Operation context(PostgresMemoryManager memory) {
        return bench.contextReads(memory, "read-");
    }

    private Operation append(PostgresMemoryManager memory) {
        return bench.appends(memory, "append-");
    }

    /** The primary's whole part of a read the replica serves: the SDK's version probe, over raw JDBC. */
    private Operation versionProbe(HikariDataSource pool) {
        return random -> {
            try (Connection connection = pool.getConnection();
                 PreparedStatement probe = connection.prepareStatement(VERSION_PROBE)) {
                probe.setString(1, BenchContext.randomSession("read-", settings.sessions(), random));
                try (ResultSet row = probe.executeQuery()) {
                    row.next();
                }
            }
        };
    }

    private static String withSchema(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    /** Waits until the replica has replayed what the primary has written, so it holds the prefill. */
    private void awaitReplay(String replicaUrl) throws SQLException {
        String written;
        try (Connection primary = bench.database().connect("public");
             ResultSet row = primary.createStatement().executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            row.next();
            written = row.getString(1);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Connection replica = DriverManager.getConnection(replicaUrl, bench.database().user(),
                bench.database().password());
             PreparedStatement replayed = replica.prepareStatement(
                     "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            replayed.setString(1, written);
            while (true) {
                try (ResultSet row = replayed.executeQuery()) {
                    if (row.next() && row.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replica did not replay up to " + written + " within 60 s");
                }
                LoadRunner.sleep(Duration.ofMillis(100));
            }
        }
    }
}
