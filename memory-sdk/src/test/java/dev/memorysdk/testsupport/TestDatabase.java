package dev.memorysdk.testsupport;

import dev.memorysdk.internal.schema.SchemaInitializer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of the shared test server, with helpers for test setup and for checking what is
 * stored directly in SQL.
 *
 * @param name    the database name
 * @param jdbcUrl its JDBC URL (user {@code postgres}, no password)
 */
public record TestDatabase(String name, String jdbcUrl) {

    /** The user of the embedded server. */
    public static final String USER = "postgres";

    /** A non-pooling data source for the database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(USER);
        return dataSource;
    }

    /** The URL of this database as another role (the embedded server's URL names its user). */
    public String jdbcUrlAs(String user) {
        return jdbcUrl.replaceFirst("([?&])user=[^&]*", "$1user=" + user);
    }

    /**
     * This database with {@code name} set to {@code value} for every connection it opens (the
     * server's {@code options} start-up parameter).
     */
    public TestDatabase withSetting(String name, String value) {
        String option = URLEncoder.encode("-c " + name + "=" + value, StandardCharsets.UTF_8).replace("+", "%20");
        return new TestDatabase(this.name, jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "options=" + option);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, USER, null);
    }

    /** Opens a transaction that holds the session's row lock until it is rolled back. */
    public Connection lockSessionRow(String sessionId) throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT 1 FROM session_memory WHERE session_id = ? FOR UPDATE")) {
            lock.setString(1, sessionId);
            lock.executeQuery().close();
        }
        return connection;
    }

    /**
     * A connection whose open transaction holds {@code session_memory} in ACCESS EXCLUSIVE mode (as a
     * migration altering the table would): every statement on the table waits until it ends.
     */
    public Connection lockTable() throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (java.sql.Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE session_memory IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    /** The SQLStates along {@code failure}'s cause chain, outermost first. */
    public static List<String> sqlStates(Throwable failure) {
        List<String> states = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                states.add(sql.getSQLState());
            }
        }
        return states;
    }

    /** Applies the bundled migrations. */
    public TestDatabase withSchema() {
        SchemaInitializer.apply(dataSource());
        return this;
    }

    /** Runs statements without results. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("test SQL failed: " + sql, failure);
        }
    }

    /** Runs a query with bound parameters; the first column of the first row as a long, 0 without rows. */
    public long queryLong(String sql, Object... parameters) {
        return withStatement(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        });
    }

    /** Runs a query with bound parameters; the first column of the first row as text, null without rows. */
    public String queryString(String sql, Object... parameters) {
        return withStatement(sql, parameters, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }

    /** The ids of the turns stored for {@code sessionId}, in stored order; empty without a row. */
    public List<String> storedTurnIds(String sessionId) {
        return turnIdsBySession("WHERE session_id = ?", sessionId).getOrDefault(sessionId, List.of());
    }

    /** The ids of every session's stored turns, in stored order, by session (empty for an empty history): one query. */
    public Map<String, List<String>> storedTurnIdsBySession() {
        return turnIdsBySession("");
    }

    private Map<String, List<String>> turnIdsBySession(String where, Object... parameters) {
        String sql = "SELECT session_id, string_agg(e ->> 'id', ',' ORDER BY ord) FROM session_memory "
                + "LEFT JOIN LATERAL jsonb_array_elements(history) WITH ORDINALITY AS t(e, ord) ON true "
                + where + " GROUP BY session_id";
        return withStatement(sql, parameters, statement -> {
            Map<String, List<String>> ids = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String stored = rows.getString(2);
                    ids.put(rows.getString(1), stored == null ? List.of() : List.of(stored.split(",")));
                }
            }
            return ids;
        });
    }

    /** Runs an update with bound parameters and returns the rows changed. */
    public int update(String sql, Object... parameters) {
        return withStatement(sql, parameters, PreparedStatement::executeUpdate);
    }

    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T withStatement(String sql, Object[] parameters, StatementWork<T> work) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return work.run(statement);
        } catch (SQLException failure) {
            throw new IllegalStateException("test SQL failed: " + sql, failure);
        }
    }
}
