package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every thread a manager starts (docs/architecture.md names them: the async executor, the replay,
 * the cleanup, the pool's HikariCP threads) has ended once {@code close()} returns.
 */
class ThreadsStopOnCloseTest {

    @Test
    void everyThreadTheManagerStartedHasEndedAfterClose() throws Exception {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        List<Thread> started;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl()).fallbackPolicy(FallbackPolicy.BUFFER)
                .cleanupInterval(Duration.ofHours(1)).build()).build()) {
            memory.addToMemory("s", "q", "a");
            assertThat(memory.async().getContext("s").join()).hasSize(1);
            started = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && thread.getName().startsWith("memory-sdk-"))
                    .toList();
            assertThat(started).extracting(Thread::getName)
                    .anyMatch(name -> name.contains("-async-"))
                    .anyMatch(name -> name.contains("-replay-"))
                    .anyMatch(name -> name.contains("-cleanup-"))
                    .anyMatch(name -> name.endsWith(":housekeeper"));
        }

        for (Thread thread : started) {
            // An executor reports itself terminated just before its last worker thread exits.
            thread.join(Duration.ofSeconds(10).toMillis());
        }
        assertThat(started).filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty();
    }
}
