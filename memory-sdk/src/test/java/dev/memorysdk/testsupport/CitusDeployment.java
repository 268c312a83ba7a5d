package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * A database of the JVM's Citus cluster ({@link CitusCluster}: a coordinator and two workers), with
 * {@code session_memory} distributed by {@code session_id}, the SDK connected to the coordinator.
 * Skips the run (JUnit assumption) when PostgreSQL 15's server or Citus is not installed.
 */
public final class CitusDeployment implements Deployment {

    private final TestDatabase coordinator;

    private CitusDeployment(TestDatabase coordinator) {
        this.coordinator = coordinator;
    }

    /** A fresh distributed database with the migrations applied. */
    public static CitusDeployment create() {
        return new CitusDeployment(CitusCluster.createDatabase());
    }

    @Override
    public TestDatabase database() {
        return coordinator;
    }

    @Override
    public MemoryConfig.Builder connect(String role) {
        return MemoryConfig.custom().jdbcUrl(coordinator.jdbcUrl()).username(role);
    }
}
