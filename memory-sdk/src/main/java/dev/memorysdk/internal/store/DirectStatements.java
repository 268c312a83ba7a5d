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
 * The statements of the hot paths run on JDBC directly: the context read ({@code readVersion},
 * {@code readRecent}), the single append ({@code appendOne}, {@code appendOneRelaxed}) and the batch
 * or update of a few turns ({@code appendMany}, {@code appendManyRelaxed}). Their text
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
    private final Statement appendMany;
    private final Statement appendManyRelaxed;

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
    private static final List<String> APPEND_MANY_VALUES =
            List.of("sessionId", "turns", "count", "maxLength", "removeCount", "vars");

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
        this.appendMany = Statement.of(configuration, "appendMany", APPEND_MANY_VALUES);
        this.appendManyRelaxed = Statement.of(configuration, "appendManyRelaxed", APPEND_MANY_VALUES);
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
        return update(relaxed ? appendOneRelaxed : appendOne, sessionId, turns, idProbe, maxLength, keepLast);
    }

    /**
     * The mapper XML's {@code appendMany} or, with {@code relaxed}, {@code appendManyRelaxed}; returns
     * the rows changed: 0 when one of the turns' ids is stored.
     *
     * @param turns       the turns to append, as one array
     * @param count       how many turns {@code turns} holds
     * @param removeCount how many ids {@code vars} names to remove
     * @param vars        the jsonpath variables {@code {"n": maxLength, "ids": [...], "remove": [...]}}
     */
    int appendMany(boolean relaxed, String sessionId, Jsonb turns, int count, int maxLength, int removeCount,
                   Jsonb vars) {
        return update(relaxed ? appendManyRelaxed : appendMany, sessionId, turns, count, maxLength, removeCount, vars);
    }

    private int update(Statement update, Object... values) {
        try (Connection connection = connection();
             PreparedStatement statement = update.prepare(connection, timeoutSeconds)) {
            update.bind(statement, values);
            // execute and the update count, as MyBatis ran it: what wrappers of the statement (the
            // tenant's, a failure's in tests) expect of an update.
            statement.execute();
            return statement.getUpdateCount();
        } catch (SQLException failure) {
            throw ExceptionFactory.wrapException("Error updating database (" + update.name() + ")", failure);
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
