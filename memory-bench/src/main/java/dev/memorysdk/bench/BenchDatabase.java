package dev.memorysdk.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The database every scenario of a run uses: an embedded PostgreSQL started for the run, or an
 * existing server. Each table set lives in its own schema ({@code bench_...}), created fresh, so
 * stores and schema variants sit side by side on one server. Thread-safe.
 */
public final class BenchDatabase implements AutoCloseable {

    private static final Pattern LOCAL_HOST = Pattern.compile("^jdbc:postgresql://(localhost|127\\.0\\.0\\.1|\\[::1\\])[:/]");
    private static final Pattern SCHEMA_NAME = Pattern.compile("bench_[a-z0-9_]{1,40}");
    private static final List<String> REPORTED_SETTINGS = List.of("server_version", "shared_buffers", "fsync",
            "synchronous_commit", "full_page_writes", "wal_level", "max_wal_size", "default_toast_compression",
            "autovacuum", "max_connections");

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private volatile ServerCpu serverCpu;

    private BenchDatabase(EmbeddedPostgres embedded, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts an embedded server with production-like durability (fsync and synchronous commit on)
     * and room for the load's connections.
     */
    public static BenchDatabase embedded() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .start();
            return new BenchDatabase(server, server.getJdbcUrl("postgres", "postgres"), "postgres", null);
        } catch (IOException failure) {
            throw new UncheckedIOException("starting embedded PostgreSQL failed", failure);
        }
    }

    /** An existing server; its schemas named {@code bench_...} are dropped and recreated. */
    public static BenchDatabase external(String jdbcUrl, String user, String password) {
        return new BenchDatabase(null, jdbcUrl, user, password);
    }

    /** A JDBC URL whose connections resolve unqualified tables in {@code schema}. */
    public String jdbcUrl(String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + checked(schema);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A pool like the SDK's own: {@code size} connections to {@code schema}. */
    public HikariDataSource pool(String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(schema));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setPoolName("bench-" + schema);
        return new HikariDataSource(config);
    }

    /** A connection to the database (not pooled), search path {@code schema}. */
    public Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(schema), user, password);
    }

    /** Drops {@code schema} if it exists, creates it empty and runs {@code scripts} in it. */
    public void recreateSchema(String schema, List<String> scripts) {
        String name = checked(schema);
        try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            statement.execute("CREATE SCHEMA " + name);
            statement.execute("SET search_path TO " + name);
            for (String script : scripts) {
                statement.execute(script);
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("creating schema " + name + " failed: " + failure.getMessage(), failure);
        }
    }

    /** Drops {@code schema} and everything in it. */
    public void dropSchema(String schema) {
        execute("public", "DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE");
    }

    /** Runs a statement without parameters or results. */
    public void execute(String schema, String sql) {
        try (Connection connection = connect(schema); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("bench SQL failed: " + failure.getMessage(), failure);
        }
    }

    /** The server's version and the settings that shape the figures. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
            for (String setting : REPORTED_SETTINGS) {
                try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
                    settings.put(setting, row.next() ? row.getString(1) : "?");
                }
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("reading server settings failed", failure);
        }
        return settings;
    }

    /** Whether the server is the embedded one started for this run. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * The server's CPU time, for a server on this machine: the embedded one, or one reached through
     * {@code localhost}.
     */
    public ServerCpu serverCpu() {
        if (embedded == null && !LOCAL_HOST.matcher(jdbcUrl).find()) {
            return ServerCpu.UNKNOWN;
        }
        ServerCpu known = serverCpu;
        if (known == null) {
            try (Connection connection = connect("public")) {
                known = ServerCpu.of(connection);
            } catch (SQLException failure) {
                throw new IllegalStateException("reading the server's process id failed", failure);
            }
            serverCpu = known;
        }
        return known;
    }

    /** Schema names are fixed by the bench; checked anyway since they are spliced into DDL. */
    static String checked(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches() && !"public".equals(schema)) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME + ", was " + schema);
        }
        return schema;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException failure) {
                throw new UncheckedIOException("stopping embedded PostgreSQL failed", failure);
            }
        }
    }
}
