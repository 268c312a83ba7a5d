package dev.memorysdk.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.ExceptionFactory;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.session.Configuration;
import org.postgresql.util.PGobject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements of the two hot paths run on JDBC directly: the context read ({@code readVersion},
 * {@code readRecent}) and the single append ({@code appendOne}, {@code appendOneRelaxed}). Their text
 * stays in the mapper XML beside the reason for its shape; MyBatis hands it and the order of its
 * parameters over once, here. Each call then costs what a plain prepared statement costs, without
 * MyBatis's per-call session, executor, mapper proxy, parameter and result mapping. The statement
 * timeout and the tenant apply as on MyBatis's statements (see {@link MapperCalls#configuration}).
 * Failures are wrapped as MyBatis wraps them. Thread-safe.
 */
final class DirectStatements {

    private static final String NAMESPACE = SessionMemoryMapper.class.getName() + '.';

    private final DataSource dataSource;
    /** The driver's timeout in whole seconds, or 0 when the data source's statements carry it. */
    private final int timeoutSeconds;
    private final Statement readVersion;
    private final Statement readRecent;
    private final Statement appendOne;
    private final Statement appendOneRelaxed;

    /**
     * One statement's text and, for each placeholder, which of the call's values is bound there; its
     * log is the one MyBatis writes the statement to (its text at DEBUG, as MyBatis does; never the
     * values).
     *
     * @param slots for each placeholder, the index of its value among the call's values
     */
    private record Statement(String name, String sql, int[] slots, Logger log) {

        /**
         * The mapped statement {@code name}, whose call's values are {@code valueNames}, in that order.
         *
         * @throws IllegalStateException if the statement binds a parameter that is not among them
         */
        static Statement of(Configuration configuration, String name, List<String> valueNames) {
            Map<String, Object> example = new HashMap<>();
            valueNames.forEach(value -> example.put(value, ""));
            BoundSql bound = configuration.getMappedStatement(NAMESPACE + name).getBoundSql(example);
            int[] slots = bound.getParameterMappings().stream().map(ParameterMapping::getProperty)
                    .mapToInt(valueNames::indexOf).toArray();
            if (Arrays.stream(slots).anyMatch(slot -> slot < 0)) {
                throw new IllegalStateException(name + " binds a parameter other than " + valueNames);
            }
            return new Statement(name, bound.getSql(), slots, LoggerFactory.getLogger(NAMESPACE + name));
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

        /** Binds each placeholder to its value: a String, an Integer, or {@link Jsonb} as jsonb. */
        void bind(PreparedStatement statement, Object... values) throws SQLException {
            for (int i = 0; i < slots.length; i++) {
                Object value = values[slots[i]];
                if (value instanceof String text) {
                    statement.setString(i + 1, text);
                } else if (value instanceof Integer number) {
                    statement.setInt(i + 1, number);
                } else {
                    PGobject jsonb = new PGobject();
                    jsonb.setType("jsonb");
                    jsonb.setValue(((Jsonb) value).json());
                    statement.setObject(i + 1, jsonb);
                }
            }
        }
    }

    private static final List<String> READ_VALUES = List.of("sessionId", "limit");
    private static final List<String> APPEND_VALUES = List.of("sessionId", "turns", "idProbe", "maxLength", "keepLast");

    /**
     * The statements of {@code configuration}, on its data source, with its default statement timeout
     * (the driver's) when it has one.
     */
    DirectStatements(Configuration configuration) {
        this.dataSource = configuration.getEnvironment().getDataSource();
        Integer driverTimeout = configuration.getDefaultStatementTimeout();
        this.timeoutSeconds = driverTimeout == null ? 0 : driverTimeout;
        this.readVersion = Statement.of(configuration, "readVersion", READ_VALUES);
        this.readRecent = Statement.of(configuration, "readRecent", READ_VALUES);
        this.appendOne = Statement.of(configuration, "appendOne", APPEND_VALUES);
        this.appendOneRelaxed = Statement.of(configuration, "appendOneRelaxed", APPEND_VALUES);
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
                int ttlSeconds = row.getInt(3);
                Integer ttl = row.wasNull() ? null : ttlSeconds;
                return new RecentTurns(jsonb(row.getString(1)), jsonb(row.getString(2)), ttl, row.getString(4));
            }
        } catch (SQLException failure) {
            throw ExceptionFactory.wrapException("Error querying database (readRecent)", failure);
        }
    }

    /**
     * As {@link SessionMemoryMapper#appendOne} or, with {@code relaxed}, {@link SessionMemoryMapper#appendOneRelaxed};
     * returns the rows changed.
     */
    int appendOne(boolean relaxed, String sessionId, Jsonb turns, Jsonb idProbe, int maxLength, Jsonb keepLast) {
        Statement append = relaxed ? appendOneRelaxed : appendOne;
        try (Connection connection = connection();
             PreparedStatement statement = append.prepare(connection, timeoutSeconds)) {
            append.bind(statement, sessionId, turns, idProbe, maxLength, keepLast);
            // execute and the update count, as MyBatis ran it: what wrappers of the statement (the
            // tenant's, a failure's in tests) expect of an update.
            statement.execute();
            return statement.getUpdateCount();
        } catch (SQLException failure) {
            throw ExceptionFactory.wrapException("Error updating database (" + append.name() + ")", failure);
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
