package dev.memorysdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test cluster is what docs/scaling.md describes: two workers, the table distributed by session. */
class CitusClusterTest {

    @Test
    void distributesSessionMemoryBySessionIdOverTwoWorkers() {
        TestDatabase database = CitusCluster.coordinator();

        assertThat(database.queryString("SELECT distribution_column FROM citus_tables "
                + "WHERE table_name = 'session_memory'::regclass")).isEqualTo("session_id");
        assertThat(database.queryLong("SELECT count(DISTINCT nodeport) FROM pg_dist_shard_placement p "
                + "JOIN pg_dist_shard s USING (shardid) WHERE s.logicalrelid = 'session_memory'::regclass"))
                .as("worker ports holding shards").isEqualTo(2);
        assertThat(CitusCluster.workerJdbcUrls(database)).hasSize(2);
    }
}
