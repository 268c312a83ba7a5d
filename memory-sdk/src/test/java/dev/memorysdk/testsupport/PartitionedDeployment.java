package dev.memorysdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.MemorySchema;
import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * {@code session_memory} partitioned by hash of the session id, as
 * {@code sql/optional/partition_session_memory_by_hash.sql} makes it from a table that already holds
 * a session (run twice: the script is idempotent), on the JVM's shared server, reached directly.
 */
public final class PartitionedDeployment implements Deployment {

    /** The script's name under the SDK's bundled SQL. */
    public static final String PARTITION_SCRIPT = "optional/partition_session_memory_by_hash.sql";

    private final Deployment plain;

    private PartitionedDeployment(Deployment plain) {
        this.plain = plain;
    }

    /** A fresh database with the migrations applied and the table moved to 16 hash partitions. */
    public static PartitionedDeployment create() {
        PlainDeployment plain = PlainDeployment.create();
        TestDatabase database = plain.database();
        database.update("INSERT INTO session_memory (session_id, history) VALUES ('before-the-move', "
                + "'[{\"id\": \"t1\", \"query\": \"q\", \"answer\": \"a\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]')");
        partition(database);
        partition(database);
        assertThat(database.queryString("SELECT history -> 0 ->> 'id' FROM session_memory "
                + "WHERE session_id = 'before-the-move'")).as("a row copied by the move").isEqualTo("t1");
        return new PartitionedDeployment(plain);
    }

    /** Runs {@code partition_session_memory_by_hash.sql} on {@code database} (migrations applied). */
    public static void partition(TestDatabase database) {
        database.execute(MemorySchema.script(PARTITION_SCRIPT));
    }

    @Override
    public TestDatabase database() {
        return plain.database();
    }

    @Override
    public MemoryConfig.Builder connect(String role) {
        return plain.connect(role);
    }
}
