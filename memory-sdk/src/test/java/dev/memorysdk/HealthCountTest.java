package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.CitusCluster;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Health counts sessions exactly only on a small table: above 100,000 by the planner's estimate, it
 * answers the estimate, also where the table's own statistics describe no rows (a hash-partitioned
 * parent keeps reltuples -1, a Citus coordinator holds an empty shell), so a probe never reads a
 * large table.
 */
class HealthCountTest {

    private static final int SESSIONS = 120_000;

    /** Health after {@value #SESSIONS} sessions were stored and {@code analyze} ran. */
    private static HealthStatus healthOf(TestDatabase database, String analyze) {
        database.execute("INSERT INTO session_memory (session_id) SELECT 'bulk-' || g FROM generate_series(1, "
                + SESSIONS + ") AS g");
        database.execute(analyze);
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl())
                .username(TestDatabase.USER).build()).build()) {
            return memory.healthCheck();
        }
    }

    private static void assertEstimated(HealthStatus health) {
        assertThat(health.details()).containsEntry("totalSessionsExact", false);
        assertThat(health.totalSessions()).isBetween(SESSIONS * 9L / 10, SESSIONS * 11L / 10);
    }

    @Test
    void aHashPartitionedTableIsEstimatedFromItsPartitions() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        PartitionedTableTest.partition(database);

        // As autovacuum does: it analyses the partitions, never the partitioned parent.
        assertEstimated(healthOf(database, "DO $$ DECLARE p regclass; BEGIN FOR p IN SELECT inhrelid::regclass "
                + "FROM pg_inherits WHERE inhparent = 'session_memory'::regclass LOOP EXECUTE 'ANALYZE ' || p; "
                + "END LOOP; END $$"));
    }

    @Test
    void aTableCitusDistributesIsEstimatedFromItsShards() {
        // Citus runs it on every shard.
        assertEstimated(healthOf(CitusCluster.createDatabase(), "ANALYZE session_memory"));
    }
}
