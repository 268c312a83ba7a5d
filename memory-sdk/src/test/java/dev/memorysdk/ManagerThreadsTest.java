package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the manager starts, its close stops: every thread that appears with a manager is either one
 * of its own (named after it: the async executor, the replay, the cleanup, the owned pool's
 * HikariCP threads) and gone once {@code close()} returns and the thread has run out, or one a
 * library shares across the JVM and owns itself, as {@code close()}'s Javadoc lists them.
 */
class ManagerThreadsTest {

    /** Threads that libraries start once per JVM and stop themselves, not per manager. */
    private static final List<String> SHARED_BY_THE_JVM = List.of("CircuitBreakerAutoTransitionThread",
            "PostgreSQL-JDBC-SharedTimer-", "PostgreSQL-JDBC-Cleaner", "ForkJoinPool.commonPool-worker-");

    @Test
    void everyThreadTheManagerStartsIsItsOwnAndStopsOnClose() throws Exception {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER)
                        .cleanupInterval(Duration.ofMinutes(10)).nearCacheMaxBytes(1024 * 1024).build())
                .build();
        memory.async().addToMemory("threads", "q", "a").get();
        memory.getContext("threads");

        Set<Thread> started = Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
                .collect(Collectors.toSet());
        Set<Thread> own = started.stream().filter(thread -> !sharedByTheJvm(thread)).collect(Collectors.toSet());
        String name = own.stream().map(Thread::getName).filter(thread -> thread.endsWith("-replay-1"))
                .findFirst().orElseThrow().replace("-replay-1", "");
        assertThat(own).extracting(Thread::getName).allMatch(thread -> thread.startsWith(name + "-")
                || thread.startsWith(name + ":"), "named after the manager " + name);
        assertThat(own).extracting(Thread::getName).contains(name + "-async-1", name + "-replay-1",
                name + "-cleanup-1", name + ":housekeeper");

        memory.close();
        for (Thread thread : own) {
            // Bounded only so that a thread left running fails the test instead of hanging it.
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(own).filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty();
    }

    private static boolean sharedByTheJvm(Thread thread) {
        return SHARED_BY_THE_JVM.stream().anyMatch(prefix -> thread.getName().startsWith(prefix));
    }
}
