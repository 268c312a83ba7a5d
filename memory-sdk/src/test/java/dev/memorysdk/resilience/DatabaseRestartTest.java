package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.testsupport.RestartablePostgres;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
    private static final long PAUSE_NANOS = Duration.ofMillis(3).toNanos();

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
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger notAcknowledged = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> appenders = new ArrayList<>();
        try (PostgresMemoryManager memory = FaultTestSettings.builder(postgres.jdbcUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(50_000).build()) {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread appender = new Thread(() -> {
                    awaitQuietly(start);
                    for (int seq = 0; !stop.get(); seq++) {
                        String id = "t" + thread + "-" + seq;
                        String session = "restart-t" + thread + "-s" + (seq / TURNS_PER_SESSION);
                        if (memory.addToMemory(session, FaultTestSettings.turn(id))) {
                            acknowledged.add(id);
                        } else {
                            notAcknowledged.incrementAndGet();
                        }
                        LockSupport.parkNanos(PAUSE_NANOS);
                    }
                }, "appender-" + t);
                appender.start();
                appenders.add(appender);
            }
            start.countDown();

            for (int restart = 1; restart <= RESTARTS; restart++) {
                awaitAppendsStoredDirectly(memory, acknowledged);
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
            awaitAppendsStoredDirectly(memory, acknowledged);
            stop.set(true);
            for (Thread appender : appenders) {
                appender.join(Duration.ofSeconds(30).toMillis());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(memory.healthCheck().status()).isEqualTo(HealthStatus.Status.UP));
            assertThat(memory.healthCheck().details()).containsEntry("droppedInteractions", 0L);
        }

        Map<String, List<String>> stored = FaultTestSettings.storedIds(database);
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        LOG.info("Acknowledged {} appends, {} not acknowledged; found {} stored turns ({} distinct)",
                acknowledged.size(), notAcknowledged.get(), allStored.size(), distinctStored.size());

        assertThat(notAcknowledged.get()).as("appends answered false under BUFFER").isZero();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(distinctStored).as("every acknowledged turn stored").containsAll(acknowledged);
        stored.forEach((session, ids) -> assertThat(ids).as("order of " + session)
                .isSortedAccordingTo(DatabaseRestartTest::bySequence));
    }

    /** Waits until the SDK has recovered (breaker closed, buffer empty) and 300 more appends went through. */
    private static void awaitAppendsStoredDirectly(PostgresMemoryManager memory, Set<String> acknowledged) {
        await().atMost(Duration.ofSeconds(30)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 300);
    }

    private static int bySequence(String left, String right) {
        return Integer.compare(sequence(left), sequence(right));
    }

    private static int sequence(String id) {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
