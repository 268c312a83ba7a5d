package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
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
    private static final long PAUSE_NANOS = Duration.ofMillis(3).toNanos();
    private static final String TERMINATE_POOL = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE application_name = 'memory-sdk' AND datname = current_database()";

    @Test
    void poolRecoversByItselfAndLosesNothingAcknowledged() throws Exception {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger notAcknowledged = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> terminated = new ArrayList<>();
        try (PostgresMemoryManager memory = FaultTestSettings.builder(database.jdbcUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(50_000).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread appender = new Thread(() -> {
                    awaitQuietly(start);
                    for (int seq = 0; !stop.get(); seq++) {
                        String id = "t" + thread + "-" + seq;
                        String session = "terminate-t" + thread + "-s" + (seq / TURNS_PER_SESSION);
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

            for (int round = 0; round < 3; round++) {
                awaitRecoveredUnderLoad(memory, acknowledged);
                terminated.add(database.queryLong(TERMINATE_POOL));
            }
            awaitRecoveredUnderLoad(memory, acknowledged);
            stop.set(true);
            for (Thread appender : appenders) {
                appender.join(Duration.ofSeconds(30).toMillis());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            HealthStatus health = memory.healthCheck();
            assertThat(health.details()).containsEntry("circuitBreaker", "CLOSED")
                    .containsEntry("bufferedInteractions", 0)
                    .containsEntry("droppedInteractions", 0L);
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
                terminated, acknowledged.size(), notAcknowledged.get(), allStored.size(), distinctStored.size());

        assertThat(terminated).as("connections terminated per round").allMatch(count -> count > 0);
        assertThat(notAcknowledged.get()).isZero();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(distinctStored).as("every acknowledged turn stored").containsAll(acknowledged);
    }

    /** Waits until the SDK is back to normal (breaker closed, nothing buffered) and 300 more appends went through. */
    private static void awaitRecoveredUnderLoad(PostgresMemoryManager memory, Set<String> acknowledged) {
        await().atMost(Duration.ofSeconds(20)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= before + 300);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
