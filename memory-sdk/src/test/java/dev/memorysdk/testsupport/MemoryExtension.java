package dev.memorysdk.testsupport;

import dev.memorysdk.postgres.PostgresMemoryManager;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with the schema applied, and a {@link PostgresMemoryManager} on it, for one test
 * class. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemoryExtension MEMORY = MemoryExtension.withBuilder(b -> b.maxContextLength(3));
 * }</pre>
 */
public final class MemoryExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<PostgresMemoryManager.Builder> configuration;
    private TestDatabase database;
    private PostgresMemoryManager memory;

    private MemoryExtension(UnaryOperator<PostgresMemoryManager.Builder> configuration) {
        this.configuration = configuration;
    }

    /** A manager with default settings on the class's database, through a non-pooling data source. */
    public static MemoryExtension withDefaults() {
        return new MemoryExtension(UnaryOperator.identity());
    }

    /** A manager on the class's database, with {@code configuration} applied to its builder. */
    public static MemoryExtension withBuilder(UnaryOperator<PostgresMemoryManager.Builder> configuration) {
        return new MemoryExtension(configuration);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestPostgres.createDatabase().withSchema();
        memory = configuration.apply(PostgresMemoryManager.builder().dataSource(database.dataSource())).build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (memory != null) {
            memory.close();
        }
    }

    public TestDatabase database() {
        return database;
    }

    public PostgresMemoryManager memory() {
        return memory;
    }
}
