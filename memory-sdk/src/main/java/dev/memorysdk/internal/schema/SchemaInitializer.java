package dev.memorysdk.internal.schema;

import dev.memorysdk.MemoryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations of {@code sql/} (packaged under {@value #RESOURCE_DIRECTORY}) in order, in
 * one transaction under an advisory lock, so instances starting together do not race. Every
 * script is idempotent, so applying them to an up-to-date database changes nothing.
 */
public final class SchemaInitializer {

    /** Where the build packages the migrations. */
    public static final String RESOURCE_DIRECTORY = "dev/memorysdk/sql/";

    /** The migrations, in the order they apply. A new file in {@code sql/} is added here. */
    public static final List<String> MIGRATIONS = List.of(
            "V1__create_session_memory.sql",
            "V2__add_session_ttl.sql");

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
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
                for (String migration : MIGRATIONS) {
                    statement.execute(script(migration));
                }
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            LOG.info("Schema up to date: applied {}", MIGRATIONS);
        } catch (SQLException failure) {
            throw new MemoryException("applying the session_memory schema failed: " + failure.getMessage(), failure);
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
