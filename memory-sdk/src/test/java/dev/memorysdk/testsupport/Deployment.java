package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * Where one run of the memory contract keeps its table and how the SDK reaches it: directly, through
 * a pooler, with a read replica, on a partitioned or distributed table. Each run takes a fresh
 * database of its own, with the migrations applied, from a server shared by the test JVM. Not
 * thread-safe: drive it from the test thread.
 */
public interface Deployment extends AutoCloseable {

    /** The run's database as its owner reaches it directly (the primary, the coordinator): for setup and checks. */
    TestDatabase database();

    /**
     * The settings whose connections reach the run's database the way this deployment routes them,
     * logged in as {@code role} (the owner {@link TestDatabase#USER} or an application role).
     */
    MemoryConfig.Builder connect(String role);

    /** Blocks until every server the SDK may read from holds what the owner has written so far. */
    default void awaitReplicated() {
    }

    /** Empties the table between tests. */
    default void emptyTable() {
        database().execute("TRUNCATE session_memory");
    }

    /** Stops what this deployment started for the run alone; shared servers stay up for the JVM. */
    @Override
    default void close() {
    }
}
