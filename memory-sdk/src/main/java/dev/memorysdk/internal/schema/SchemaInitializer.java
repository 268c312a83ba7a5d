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
    private static final String RECORD_APPLIED = "INSERT INTO " + APPLIED_TABLE
            + " (script) VALUES (?) ON CONFLICT (script) DO UPDATE SET applied_at = now()";

    /** Arbitrary but fixed: the advisory lock key shared by every instance applying the schema. */
    private static final long ADVISORY_LOCK_KEY = 0x6d656d6f727953L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaInitializer.class);

    private SchemaInitializer() {
    }

    /**
     * Applies every migration.
     *
     * @throws MemoryException if a script is missing or fails
     */
    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
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
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            LOG.info("Schema up to date: applied {}", appliedNow.isEmpty() ? "nothing new" : appliedNow);
        } catch (SQLException failure) {
            throw new MemoryException("applying the session_memory schema failed: " + failure.getMessage(), failure);
        }
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
