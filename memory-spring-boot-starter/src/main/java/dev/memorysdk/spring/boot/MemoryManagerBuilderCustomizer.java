package dev.memorysdk.spring.boot;

import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * Adjusts the builder of the auto-configured {@link PostgresMemoryManager}: define beans of this
 * type to give it the objects that properties do not reach (a read replica's {@code DataSource}, a
 * clock, a key provider). Settings are changed by a {@link MemoryConfigCustomizer}. Applied in
 * {@code @Order}, after the configuration is complete.
 */
@FunctionalInterface
public interface MemoryManagerBuilderCustomizer {

    /** Gives {@code builder} objects; the configuration is already set on it. */
    void customize(PostgresMemoryManager.Builder builder);
}
