package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault test 2: every connection of the SDK's pool is killed with {@code pg_terminate_backend} in
 * the middle of a 16-thread append load, three times. The pool replaces them by itself (the
 * manager is not restarted), and every acknowledged turn is stored exactly once.
 */
class TerminatedConnectionsTest {

    private static final Logger LOG = LoggerFactory.getLogger(TerminatedConnectionsTest.class);
    private static final int THREADS = 16;
    private static final int TURNS_PER_SESSION = 100;
    private static final Duration PAUSE = Duration.ofMillis(3);
    private static final String TERMINATE_POOL = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE application_name = 'memory-sdk' AND datname = current_database()";

    @Test
    void poolRecoversByItselfAndLosesNothingAcknowledged() throws Exception {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        List<Long> terminated = new ArrayList<>();
        Set<String> acknowledged;
        int notAcknowledged;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(database.jdbcUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(50_000).build()).build()) {
            try (AppendLoad load = AppendLoad.start(memory, "terminate", THREADS, TURNS_PER_SESSION, PAUSE)) {
                for (int round = 0; round < 3; round++) {
                    load.awaitRecovered();
                    terminated.add(database.queryLong(TERMINATE_POOL));
                }
                load.awaitRecovered();
                acknowledged = load.acknowledged();
                notAcknowledged = load.notAcknowledged();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            HealthStatus health = memory.healthCheck();
            assertThat(health.details()).containsEntry("circuitBreaker", "CLOSED")
                    .containsEntry("bufferedInteractions", 0)
                    .containsEntry("refusedWhenFull", 0L);
            assertThat(health.details()).containsKeys("pool.active", "pool.idle", "pool.waiting", "pool.total");
            assertThat((Integer) health.details().get("pool.total")).isPositive();
            assertThat(memory.addToMemory("terminate-after", FaultTestSettings.turn("after"))).isTrue();
            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'terminate-after'"))
                    .as("stored directly by the same manager after the terminations").isEqualTo(1);
        }

        Map<String, List<String>> stored = FaultTestSettings.storedIds(database);
        stored.remove("terminate-after");
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        LOG.info("Terminated {} connections; acknowledged {} appends, {} not acknowledged; found {} stored ({} distinct)",
                terminated, acknowledged.size(), notAcknowledged, allStored.size(), distinctStored.size());

        assertThat(terminated).as("connections terminated per round").allMatch(count -> count > 0);
        assertThat(notAcknowledged).isZero();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(FaultTestSettings.missing(distinctStored, acknowledged)).as("every acknowledged turn stored")
                .isEmpty();
    }
}
