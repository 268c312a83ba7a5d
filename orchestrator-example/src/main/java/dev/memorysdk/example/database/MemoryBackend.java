package dev.memorysdk.example.database;

import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryEnvironment;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.example.RedactedUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The memory the app runs on: a {@link PostgresMemoryManager} on the database named by
 * {@code DATABASE_URL}, or on an {@link EmbeddedDatabase} when that variable is not set. Either way
 * the SDK applies its migrations at start ({@code initializeSchema(true)}, idempotent), unless
 * {@code MEMORY_INITIALIZE_SCHEMA=false} says the schema is managed elsewhere. The SDK's other
 * variables ({@link MemoryEnvironment}: TTL, context length, fallback policy, ...) apply on both.
 *
 * <p>Closing closes the manager, then stops the embedded server if there is one. A shutdown hook
 * does the same when the JVM is stopped by a signal (Ctrl-C). Thread-safe; close is idempotent.
 */
public final class MemoryBackend implements AutoCloseable {

    /** The environment variable naming an external database. */
    public static final String DATABASE_URL = "DATABASE_URL";

    private final PostgresMemoryManager memory;
    private final EmbeddedDatabase embedded;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "memory-backend-shutdown");

    private MemoryBackend(PostgresMemoryManager memory, EmbeddedDatabase embedded, String description) {
        this.memory = memory;
        this.embedded = embedded;
        this.description = description;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Connects to {@code DATABASE_URL} from {@code env} if set, otherwise starts an embedded server
     * on {@code dataDirectory}. Blocks until memory is ready.
     *
     * @param meters where the SDK publishes its metrics, or null for none
     * @throws IllegalArgumentException if {@code DATABASE_URL} or another of the SDK's variables (see
     *     {@link MemoryEnvironment}) is malformed (the message names it)
     * @throws DatabaseStartException   if the database cannot be started or reached
     */
    public static MemoryBackend open(Map<String, String> env, Path dataDirectory, MeterRegistry meters) {
        String url = env.get(DATABASE_URL);
        if (url != null && !url.isBlank()) {
            MemoryConfig config;
            try {
                config = MemoryConfig.from(MemoryEnvironment.parse(withSchemaByDefault(env))).build();
            } catch (IllegalArgumentException malformed) {
                throw malformed.getMessage().startsWith(DATABASE_URL)
                        ? new IllegalArgumentException(DATABASE_URL + " is not usable: " + malformed.getMessage(), malformed)
                        : malformed;
            }
            PostgresMemoryManager memory = build(PostgresMemoryManager.builder().config(config), meters, redact(url));
            return new MemoryBackend(memory, null, "PostgreSQL at " + redact(url) + " (from DATABASE_URL)");
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDirectory);
        try {
            Map<String, String> onEmbedded = withSchemaByDefault(env);
            onEmbedded.put(DATABASE_URL, embedded.jdbcUrl());
            MemoryConfig config = MemoryConfig.from(MemoryEnvironment.parse(onEmbedded))
                    .username(EmbeddedDatabase.USER).build();
            PostgresMemoryManager memory = build(PostgresMemoryManager.builder().config(config), meters,
                    embedded.jdbcUrl());
            return new MemoryBackend(memory, embedded, "embedded PostgreSQL, data in " + embedded.dataDirectory()
                    + (embedded.created() ? " (created now)" : " (reused)"));
        } catch (RuntimeException failure) {
            embedded.close();
            throw failure;
        }
    }

    /** The memory manager, open until {@link #close()}. */
    public MemoryManager memory() {
        return memory;
    }

    /** The analytics over the same store, open until {@link #close()}. */
    public MemoryAnalytics analytics() {
        return memory.analytics();
    }

    /** Where memory is kept, for a start-up line: the database (without credentials) or the data directory. */
    public String description() {
        return description;
    }

    /** Closes the memory manager, then stops the embedded server if there is one. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already running as (or alongside) the hook: nothing to remove.
        }
        try {
            memory.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static PostgresMemoryManager build(PostgresMemoryManager.Builder builder, MeterRegistry meters, String where) {
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        try {
            return builder.build();
        } catch (MemoryException unreachable) {
            throw new DatabaseStartException("could not open memory on " + where + ": " + unreachable.getMessage(),
                    unreachable);
        }
    }

    // The example applies the schema unless the user says not to; the SDK's own default is not to.
    private static Map<String, String> withSchemaByDefault(Map<String, String> env) {
        Map<String, String> settings = new HashMap<>(env);
        String initialize = settings.get(MemoryEnvironment.ENV_INITIALIZE_SCHEMA);
        if (initialize == null || initialize.isBlank()) {
            settings.put(MemoryEnvironment.ENV_INITIALIZE_SCHEMA, "true");
        }
        return settings;
    }

    // Credentials in a URL must not reach a terminal or a log.
    static String redact(String url) {
        return RedactedUrl.of(url);
    }
}
