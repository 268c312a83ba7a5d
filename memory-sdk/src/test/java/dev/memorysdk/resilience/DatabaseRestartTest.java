package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.RestartablePostgres;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault test 1: the database is restarted three times under a 16-thread append load. Every turn
 * the SDK acknowledged (stored or buffered) must be in the table afterwards, exactly once, in the
 * order its session's thread appended it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestartTest.class);
    private static final int THREADS = 16;
    private static final int TURNS_PER_SESSION = 100;
    private static final int RESTARTS = 3;
    /** Pause between two appends of one thread: about 5,000 appends a second in all. */
    private static final Duration PAUSE = Duration.ofMillis(3);

    private RestartablePostgres postgres;
    private TestDatabase database;

    @BeforeAll
    void startDatabase() {
        postgres = RestartablePostgres.start();
        database = postgres.database().withSchema();
    }

    @AfterAll
    void stopDatabase() {
        postgres.close();
    }

    @Test
    void everyAcknowledgedAppendIsStoredExactlyOnceAfterThreeRestarts() throws Exception {
        Set<String> acknowledged;
        int notAcknowledged;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(postgres.jdbcUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(50_000).build()).build()) {
            try (AppendLoad load = AppendLoad.start(memory, "restart", THREADS, TURNS_PER_SESSION, PAUSE)) {
                for (int restart = 1; restart <= RESTARTS; restart++) {
                    load.awaitRecovered();
                    long stoppedAt = System.nanoTime();
                    postgres.stopServer();
                    // Stay down until the outage has been noticed: the breaker opened and appends are buffered.
                    await().atMost(Duration.ofSeconds(20)).until(() ->
                            FaultTestSettings.bufferedInteractions(memory) >= 100);
                    int buffered = FaultTestSettings.bufferedInteractions(memory);
                    postgres.startServer();
                    LOG.info("Restart {}: database down for {} ms, {} turns buffered", restart,
                            Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis(), buffered);
                }
                load.awaitRecovered();
                acknowledged = load.acknowledged();
                notAcknowledged = load.notAcknowledged();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(memory.healthCheck().status()).isEqualTo(HealthStatus.Status.UP));
            assertThat(memory.healthCheck().details()).containsEntry("refusedWhenFull", 0L);
        }

        Map<String, List<String>> stored = FaultTestSettings.storedIds(database);
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        LOG.info("Acknowledged {} appends, {} not acknowledged; found {} stored turns ({} distinct)",
                acknowledged.size(), notAcknowledged, allStored.size(), distinctStored.size());

        assertThat(notAcknowledged).as("appends answered false under BUFFER").isZero();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(FaultTestSettings.missing(distinctStored, acknowledged)).as("every acknowledged turn stored")
                .isEmpty();
        stored.forEach((session, ids) -> assertThat(ids).as("order of " + session)
                .isSortedAccordingTo(FaultTestSettings::bySequence));
    }
}
