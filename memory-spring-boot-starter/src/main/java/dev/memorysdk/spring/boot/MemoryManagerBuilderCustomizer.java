package dev.memorysdk.spring.boot;

import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * Adjusts the builder of the auto-configured {@link PostgresMemoryManager} after the
 * {@code memory.*} properties are applied: define beans of this type to set what properties do not
 * reach (a read replica's {@code DataSource}, a clock, any setting). Applied in {@code @Order}.
 */
@FunctionalInterface
public interface MemoryManagerBuilderCustomizer {

    void customize(PostgresMemoryManager.Builder builder);
}
