package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole memory contract on {@code session_memory} partitioned by hash of the session id, as
 * {@code sql/optional/partition_session_memory_by_hash.sql} makes it from a table that already holds
 * sessions.
 */
class PartitionedTableTest extends PostgresMemoryManagerTest {

    static final Path PARTITION_SCRIPT = Path.of("../sql/optional/partition_session_memory_by_hash.sql");

    private TestDatabase partitioned;

    @Override
    PostgresMemoryManager.Builder builder(TestDatabase database) {
        if (partitioned == null) {
            partitioned = database.withSchema();
            database.update("INSERT INTO session_memory (session_id, history) VALUES ('before-the-move', "
                    + "'[{\"id\": \"t1\", \"query\": \"q\", \"answer\": \"a\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]')");
            partition(database);
            partition(database);
            assertThat(database.queryString("SELECT history -> 0 ->> 'id' FROM session_memory "
                    + "WHERE session_id = 'before-the-move'")).as("a row copied by the move").isEqualTo("t1");
        }
        return super.builder(database);
    }

    static void partition(TestDatabase database) {
        try {
            database.execute(Files.readString(PARTITION_SCRIPT));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    @Nested
    class TheMove {

        @Test
        void keepsTheRowsAndIndexesAndTheOldTableForComparison() {
            assertThat(partitioned.queryLong("SELECT count(*) FROM pg_partitioned_table "
                    + "WHERE partrelid = 'session_memory'::regclass")).isEqualTo(1);
            assertThat(partitioned.queryLong("SELECT count(*) FROM pg_inherits "
                    + "WHERE inhparent = 'session_memory'::regclass")).isEqualTo(16);
            assertThat(partitioned.queryLong("SELECT count(*) FROM session_memory_unpartitioned")).isEqualTo(1);
            assertThat(partitioned.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'session_memory_p0'"))
                    .as("primary key, updated_at and own-TTL indexes on each partition").isEqualTo(3);
        }
    }
}
