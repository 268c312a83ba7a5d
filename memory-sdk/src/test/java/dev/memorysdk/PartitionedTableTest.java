package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.PartitionedDeployment;
import dev.memorysdk.testsupport.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The memory contract on {@code session_memory} partitioned by hash of the session id, as
 * {@code sql/optional/partition_session_memory_by_hash.sql} makes it from a table that already holds
 * sessions, every option at its default; and what the move leaves behind.
 */
class PartitionedTableTest extends MemoryContract {

    @Override
    Deployment deploy(ContractOptions options) {
        return PartitionedDeployment.create();
    }

    /** Moves {@code database}'s table (migrations applied) to hash partitions, as the script does. */
    static void partition(TestDatabase database) {
        PartitionedDeployment.partition(database);
    }

    @Nested
    class TheMove {

        @Test
        void keepsTheRowsAndIndexesAndTheOldTableForComparison() {
            assertThat(database.queryLong("SELECT count(*) FROM pg_partitioned_table "
                    + "WHERE partrelid = 'session_memory'::regclass")).isEqualTo(1);
            assertThat(database.queryLong("SELECT count(*) FROM pg_inherits "
                    + "WHERE inhparent = 'session_memory'::regclass")).isEqualTo(16);
            assertThat(database.queryLong("SELECT count(*) FROM session_memory_unpartitioned")).isEqualTo(1);
            assertThat(database.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'session_memory_p0'"))
                    .as("primary key, updated_at and own-TTL indexes on each partition, and the tenant's with one")
                    .isEqualTo(options().tenant() ? 4 : 3);
        }
    }
}
