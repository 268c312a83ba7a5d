package dev.memorysdk.internal.schema;

import dev.memorysdk.MemoryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations of {@code sql/} (packaged under {@value #RESOURCE_DIRECTORY}) in order, in
 * one transaction under an advisory lock, so instances starting together do not race. Every
 * script is idempotent; still, the scripts applied are recorded in {@value #APPLIED_TABLE} and not
 * run again while {@code session_memory} exists, because a later script may undo an earlier one
 * (V3 drops an index V1 creates, which V1 would otherwise rebuild at every start).
 */
public final class SchemaInitializer {

    /** Where the build packages the migrations. */
    public static final String RESOURCE_DIRECTORY = "dev/memorysdk/sql/";

    /** The migrations, in the order they apply. A new file in {@code sql/} is added here. */
    public static final List<String> MIGRATIONS = List.of(
            "V1__create_session_memory.sql",
            "V2__add_session_ttl.sql",
            "V3__tune_session_memory_for_appends.sql",
            "V4__add_cleanup_lease.sql");

    /** Where the applied scripts are recorded. */
    public static final String APPLIED_TABLE = "session_memory_migrations";

    private static final String CREATE_APPLIED_TABLE = "CREATE TABLE IF NOT EXISTS " + APPLIED_TABLE
            + " (script VARCHAR(255) PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
    /** Without the table, recorded scripts are stale (it was dropped): everything applies again. */
    private static final String SELECT_APPLIED = "SELECT script FROM " + APPLIED_TABLE
            + " WHERE to_regclass('session_memory') IS NOT NULL";
    /** Whether this user can read the record at all: without it the schema cannot be seen to be current. */
    private static final String APPLIED_READABLE = "SELECT to_regclass('" + APPLIED_TABLE + "') IS NOT NULL"
            + " AND has_table_privilege('" + APPLIED_TABLE + "', 'SELECT')";
    private static final String RECORD_APPLIED = "INSERT INTO " + APPLIED_TABLE
            + " (script) VALUES (?) ON CONFLICT (script) DO UPDATE SET applied_at = now()";

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** Arbitrary but fixed: the advisory lock key shared by every instance applying the schema. */
    private static final long ADVISORY_LOCK_KEY = 0x6d656d6f727953L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaInitializer.class);

    private SchemaInitializer() {
    }

    /**
     * Applies every migration not applied yet. When every one is recorded already it only reads the
     * record (no lock, no DDL), so a user with no more rights than the SDK's own statements plus
     * SELECT on {@value #APPLIED_TABLE} passes.
     *
     * @throws MemoryException if a script is missing or fails; when the user may not change the
     *     schema, the message names the migrations missing and the grant needed
     */
    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> recorded = readableRecord(connection);
            List<String> missing = new ArrayList<>(MIGRATIONS);
            if (recorded != null) {
                missing.removeAll(recorded);
                if (missing.isEmpty()) {
                    LOG.info("Schema up to date: applied nothing new");
                    return;
                }
            }
            applyMissing(connection, recorded == null ? null : missing);
        } catch (SQLException failure) {
            throw new MemoryException("applying the session_memory schema failed: " + failure.getMessage(), failure);
        }
    }

    /** The scripts recorded as applied, or null when this user cannot read the record. */
    private static Set<String> readableRecord(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet readable = statement.executeQuery(APPLIED_READABLE)) {
                if (!readable.next() || !readable.getBoolean(1)) {
                    return null;
                }
            }
            return applied(statement);
        }
    }

    /**
     * Applies the migrations not recorded, in one transaction under the advisory lock.
     *
     * @param missing what the record says is missing, or null when it could not be read
     */
    private static void applyMissing(Connection connection, List<String> missing) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        List<String> appliedNow = new ArrayList<>();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // Building an index on a large existing table may outlast the memory operations' timeout.
            statement.execute("SET LOCAL statement_timeout = 0");
            statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
            statement.execute(CREATE_APPLIED_TABLE);
            Set<String> applied = applied(statement);
            for (String migration : MIGRATIONS) {
                if (!applied.contains(migration)) {
                    statement.execute(script(migration));
                    record(connection, migration);
                    appliedNow.add(migration);
                }
            }
            connection.commit();
        } catch (SQLException failure) {
            connection.rollback();
            if (INSUFFICIENT_PRIVILEGE.equals(failure.getSQLState())) {
                throw notAllowed(missing, failure);
            }
            throw failure;
        } catch (RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        LOG.info("Schema up to date: applied {}", appliedNow.isEmpty() ? "nothing new" : appliedNow);
    }

    private static MemoryException notAllowed(List<String> missing, SQLException failure) {
        String what = missing == null
                ? "this user cannot read " + APPLIED_TABLE + " to see whether the schema is current (grant it SELECT)"
                : "the schema is not current (missing " + missing + ")";
        return new MemoryException(what + ", and this user may not change it ("
                + failure.getMessage() + "): apply sql/ as the owner of session_memory, or grant this user CREATE"
                + " on its schema, or set initializeSchema(false)", failure);
    }

    private static Set<String> applied(Statement statement) throws SQLException {
        Set<String> applied = new HashSet<>();
        try (ResultSet rows = statement.executeQuery(SELECT_APPLIED)) {
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
        }
        return applied;
    }

    private static void record(Connection connection, String migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD_APPLIED)) {
            insert.setString(1, migration);
            insert.executeUpdate();
        }
    }

    /** The text of a packaged migration. */
    public static String script(String migration) {
        try (InputStream in = SchemaInitializer.class.getClassLoader()
                .getResourceAsStream(RESOURCE_DIRECTORY + migration)) {
            if (in == null) {
                throw new MemoryException("schema script " + RESOURCE_DIRECTORY + migration + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new MemoryException("reading schema script " + migration + " failed", failure);
        }
    }
}
