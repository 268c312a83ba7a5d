package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutomaticCleanupTest {

    @Test
    void aManagerWithACleanupIntervalRemovesExpiredSessionsByItself() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(database.dataSource())
                .config(MemoryConfig.custom()
                .ttl(Duration.ofHours(1)).cleanupInterval(Duration.ofSeconds(1)).build()).build()) {
            memory.addToMemory("expired", "q", "a");
            memory.addToMemory("fresh", "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours' WHERE session_id = ?",
                    "expired");

            await().atMost(Duration.ofSeconds(30)).until(() -> memory.getSessionStats("expired").isEmpty());

            assertThat(memory.getSessionStats("fresh")).isPresent();
            assertThat(database.queryString("SELECT holder FROM session_memory_lease WHERE name = 'cleanup'"))
                    .startsWith("memory-sdk-");
        }
    }

    @Test
    void withoutACleanupIntervalNothingIsScheduled() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(database.dataSource()).build()) {
            memory.addToMemory("s", "q", "a");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().contains("-cleanup"));
        }
    }
}
