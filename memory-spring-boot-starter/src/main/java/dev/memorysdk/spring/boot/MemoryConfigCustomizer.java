package dev.memorysdk.spring.boot;

import dev.memorysdk.MemoryConfig;

/**
 * Adjusts the {@link MemoryConfig} of the auto-configured manager after the {@code memory.*}
 * properties are applied: define beans of this type to change a setting that no property reaches,
 * or to compute one. Applied in {@code @Order}, before {@link MemoryManagerBuilderCustomizer}s.
 */
@FunctionalInterface
public interface MemoryConfigCustomizer {

    /**
     * Changes settings of {@code config}, which holds the properties' values; its setters check each
     * value at once.
     *
     * @throws IllegalArgumentException from a setter given a value out of its range
     */
    void customize(MemoryConfig.Builder config);
}
