package dev.memorysdk.postgres;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryException;
import dev.memorysdk.internal.schema.SchemaInitializer;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema the SDK works on, as the migrations of {@code sql/} packaged in its jar: for tools that
 * apply them themselves (Flyway reads them from {@value #LOCATION}), and for applying them without
 * a manager. {@link MemoryConfig.Builder#initializeSchema} does the same at start.
 */
public final class MemorySchema {

    /** Where the jar holds the migrations, as a class path location. */
    public static final String LOCATION = SchemaInitializer.RESOURCE_DIRECTORY;

    private MemorySchema() {
    }

    /** The migrations, in the order they apply ({@code V1__…sql} first). */
    public static List<String> migrations() {
        return SchemaInitializer.MIGRATIONS;
    }

    /**
     * The text of a packaged script: a migration, or an optional one such as
     * {@code optional/partition_session_memory_by_hash.sql}.
     *
     * @throws MemoryException if there is no such script
     */
    public static String script(String name) {
        return SchemaInitializer.script(name);
    }

    /**
     * Applies every migration not yet applied, in one transaction under an advisory lock, so
     * instances starting together do not race. Idempotent.
     *
     * @throws MemoryException if a script fails
     */
    public static void apply(DataSource dataSource) {
        SchemaInitializer.apply(dataSource);
    }
}
