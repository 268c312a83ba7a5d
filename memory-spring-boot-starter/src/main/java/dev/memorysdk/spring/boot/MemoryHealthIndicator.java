package dev.memorysdk.spring.boot;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The memory store's health: {@code UP} when the database answers and nothing is pending,
 * {@code DEGRADED} (an UP-like status the application can map) while the breaker is not closed or
 * turns are buffered, {@code DOWN} when the database cannot be reached. Details are the SDK's
 * figures (no user text, URL credentials or passwords).
 */
public class MemoryHealthIndicator implements HealthIndicator {

    /** Memory works, not at full strength. Map it in {@code management.endpoint.health.status.order}. */
    public static final Status DEGRADED = new Status("DEGRADED");

    private final MemoryManager memory;

    public MemoryHealthIndicator(MemoryManager memory) {
        this.memory = memory;
    }

    @Override
    public Health health() {
        HealthStatus health = memory.healthCheck();
        Status status = switch (health.status()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> Status.DOWN;
        };
        return Health.status(status).withDetails(health.details())
                .withDetail("totalSessions", health.totalSessions()).build();
    }
}
