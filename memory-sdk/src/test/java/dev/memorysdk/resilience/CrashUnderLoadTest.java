package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The server crashes ({@code kill -9} of the postmaster and its backends) under a 16-thread append
 * load, then comes back through crash recovery: every append that returned {@code true} is stored
 * exactly once, in its thread's order. The figures of each run are logged ("Crash run").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashUnderLoadTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashUnderLoadTest.class);
    private static final int THREADS = 16;
    private static final int TURNS_PER_SESSION = 100;
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
    void everyAcknowledgedAppendSurvivesAKill9OfTheServerExactlyOnceInOrder() {
        Set<String> acknowledged;
        int notAcknowledged;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(postgres.jdbcUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(50_000).build()).build()) {
            AppendLoad load = AppendLoad.start(memory, "crash", THREADS, TURNS_PER_SESSION, PAUSE);
            try (load) {
                load.awaitRecovered();
                postgres.killServer();
                await().atMost(Duration.ofSeconds(20)).until(() -> FaultTestSettings.bufferedInteractions(memory) >= 100);
                postgres.startServer();
                load.awaitRecovered();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
            acknowledged = load.acknowledged();
            notAcknowledged = load.notAcknowledged();
        }
        Map<String, List<String>> stored = FaultTestSettings.storedIds(database);
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(distinctStored);
        LOG.info("Crash run: acknowledged {}, not acknowledged {}, stored {}, lost {}, duplicated {}",
                acknowledged.size(), notAcknowledged, distinctStored.size(), lost.size(),
                allStored.size() - distinctStored.size());

        assertThat(lost).as("acknowledged but not stored").isEmpty();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        stored.forEach((session, ids) -> assertThat(ids).as("order of " + session)
                .isSortedAccordingTo(FaultTestSettings::bySequence));
    }
}
