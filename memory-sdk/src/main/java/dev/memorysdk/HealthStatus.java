package dev.memorysdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of {@link MemoryManager#healthCheck()}.
 *
 * <p>Immutable and thread-safe; {@code details} is an unmodifiable copy whose keys are documented
 * in {@code docs/operations.md} (for example {@code database}, {@code circuitBreaker},
 * {@code bufferedInteractions}, {@code pool.active}).
 *
 * @param status        overall status, not null
 * @param totalSessions number of stored sessions (an estimate on large tables), or -1 when unknown
 * @param details       diagnostic figures, never null
 */
public record HealthStatus(Status status, long totalSessions, Map<String, Object> details) {

    /** Overall health of the memory manager and its database. */
    public enum Status {
        /** The database answers and nothing is pending. */
        UP,
        /** Memory works, but not at full strength: the circuit breaker is not closed or turns are buffered. */
        DEGRADED,
        /** The database cannot be reached. */
        DOWN
    }

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if {@code status} is null
     */
    public HealthStatus {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
