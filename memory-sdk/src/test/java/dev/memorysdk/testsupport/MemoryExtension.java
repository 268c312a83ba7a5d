package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
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
 * static final MemoryExtension MEMORY = MemoryExtension.withConfig(c -> c.maxContextLength(3));
 * }</pre>
 */
public final class MemoryExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<MemoryConfig.Builder> config;
    private final UnaryOperator<PostgresMemoryManager.Builder> parts;
    private TestDatabase database;
    private PostgresMemoryManager memory;

    private MemoryExtension(UnaryOperator<MemoryConfig.Builder> config, UnaryOperator<PostgresMemoryManager.Builder> parts) {
        this.config = config;
        this.parts = parts;
    }

    /** A manager with default settings on the class's database, through a non-pooling data source. */
    public static MemoryExtension withDefaults() {
        return new MemoryExtension(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** A manager on the class's database, with {@code config} applied to its settings. */
    public static MemoryExtension withConfig(UnaryOperator<MemoryConfig.Builder> config) {
        return new MemoryExtension(config, UnaryOperator.identity());
    }

    /** A manager on the class's database, with {@code parts} applied to its builder (encryption, clock, meters). */
    public static MemoryExtension withBuilder(UnaryOperator<PostgresMemoryManager.Builder> parts) {
        return new MemoryExtension(UnaryOperator.identity(), parts);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestPostgres.createDatabase().withSchema();
        memory = parts.apply(PostgresMemoryManager.builder().dataSource(database.dataSource()))
                .config(config.apply(MemoryConfig.custom()).build()).build();
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
