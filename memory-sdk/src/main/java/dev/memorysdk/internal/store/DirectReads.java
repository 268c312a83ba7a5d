package dev.memorysdk.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.ExceptionFactory;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.session.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two statements of every context read, {@code readVersion} and {@code readRecent}, run on
 * JDBC directly. Their text and parameter order come from the mapper through MyBatis, once; each
 * call then costs what a plain prepared statement costs, without MyBatis's per-call session,
 * executor, mapper proxy and result mapping, which cost the most frequent call a quarter of its time
 * (docs/performance.md compares it with raw JDBC). The statement timeout and the tenant apply as on MyBatis's statements
 * (see {@link MyBatisSessions#configuration}). Failures are wrapped as MyBatis wraps them.
 * Thread-safe.
 */
final class DirectReads {

    private static final String NAMESPACE = SessionMemoryMapper.class.getName() + '.';

    private final DataSource dataSource;
    /** The driver's timeout in whole seconds, or 0 when the data source's statements carry it. */
    private final int timeoutSeconds;
    private final Statement readVersion;
    private final Statement readRecent;

    /**
     * One statement's text and, for each placeholder, the parameter bound there; its log is the one
     * MyBatis writes the statement to (its text at DEBUG, as MyBatis does; never the values).
     */
    private record Statement(String name, String sql, String[] parameters, Logger log) {

        static Statement of(Configuration configuration, String name, Map<String, Object> parameters) {
            BoundSql bound = configuration.getMappedStatement(NAMESPACE + name).getBoundSql(parameters);
            return new Statement(name, bound.getSql(),
                    bound.getParameterMappings().stream().map(ParameterMapping::getProperty).toArray(String[]::new),
                    LoggerFactory.getLogger(NAMESPACE + name));
        }

        PreparedStatement prepare(Connection connection, int timeoutSeconds) throws SQLException {
            if (log.isDebugEnabled()) {
                log.debug("==>  Preparing: {}", sql.replaceAll("\\s+", " ").trim());
            }
            PreparedStatement statement = connection.prepareStatement(sql);
            if (timeoutSeconds > 0) {
                statement.setQueryTimeout(timeoutSeconds);
            }
            return statement;
        }

        void bind(PreparedStatement statement, String sessionId, int limit) throws SQLException {
            for (int i = 0; i < parameters.length; i++) {
                switch (parameters[i]) {
                    case "sessionId" -> statement.setString(i + 1, sessionId);
                    case "limit" -> statement.setInt(i + 1, limit);
                    default -> throw new IllegalStateException(name + " has an unexpected parameter " + parameters[i]);
                }
            }
        }
    }

    /**
     * The statements of {@code configuration}, on its data source, with its default statement timeout
     * (the driver's) when it has one.
     */
    DirectReads(Configuration configuration) {
        this.dataSource = configuration.getEnvironment().getDataSource();
        Integer driverTimeout = configuration.getDefaultStatementTimeout();
        this.timeoutSeconds = driverTimeout == null ? 0 : driverTimeout;
        this.readVersion = Statement.of(configuration, "readVersion", Map.of("sessionId", ""));
        this.readRecent = Statement.of(configuration, "readRecent", Map.of("sessionId", "", "limit", 1));
    }

    /** As {@link SessionMemoryMapper#readVersion}. */
    String readVersion(String sessionId) {
        try (Connection connection = connection();
             PreparedStatement statement = readVersion.prepare(connection, timeoutSeconds)) {
            readVersion.bind(statement, sessionId, 0);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException failure) {
            throw ExceptionFactory.wrapException("Error querying database (readVersion)", failure);
        }
    }

    /** As {@link SessionMemoryMapper#readRecent}. */
    RecentTurns readRecent(String sessionId, int limit) {
        try (Connection connection = connection();
             PreparedStatement statement = readRecent.prepare(connection, timeoutSeconds)) {
            readRecent.bind(statement, sessionId, limit);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                int ttlSeconds = row.getInt("ttl_seconds");
                Integer ttl = row.wasNull() ? null : ttlSeconds;
                return new RecentTurns(jsonb(row.getString("recent")), jsonb(row.getString("timestamps")), ttl,
                        row.getString("version"));
            }
        } catch (SQLException failure) {
            throw ExceptionFactory.wrapException("Error querying database (readRecent)", failure);
        }
    }

    /** A connection in auto-commit mode, as MyBatis's auto-committed sessions use. */
    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException | RuntimeException failure) {
            connection.close();
            throw failure;
        }
    }

    private static Jsonb jsonb(String json) {
        return json == null ? null : new Jsonb(json);
    }
}
