package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncMemoryManagerTest {

    private TestDatabase database;
    private PostgresMemoryManager memory;

    @BeforeAll
    void start() {
        database = TestPostgres.createDatabase().withSchema();
        memory = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER).build()).build();
    }

    @AfterAll
    void stop() {
        memory.close();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyOperationCompletesWithWhatTheBlockingOneReturns() throws Exception {
        AsyncMemoryManager async = memory.async();
        assertThat(await(async.addToMemory("async", "q1", "a1"))).isTrue();
        Interaction second = Interaction.of("q2", "a2");
        assertThat(await(async.addToMemory("async", second))).isTrue();
        assertThat(await(async.addAllToMemory("async", List.of(Interaction.of("q3", "a3"))))).isEqualTo(1);
        assertThat(await(async.getContext("async"))).extracting(Interaction::query).containsExactly("q1", "q2", "q3");
        assertThat(await(async.getContext("async", 1))).containsExactlyElementsOf(memory.getContext("async", 1));
        assertThat(await(async.getSessionStats("async"))).map(SessionStats::historyLength).contains(3);
        assertThat(await(async.getAllSessions(10))).extracting(SessionStats::sessionId).contains("async");
        assertThat(await(async.healthCheck()).status()).isEqualTo(HealthStatus.Status.UP);
        assertThat(await(async.cleanupExpiredSessions())).isZero();
        assertThat(await(async.cleanupExpiredSessions(Duration.ofDays(1)))).isZero();
        assertThat(await(async.clearMemory("async"))).isTrue();
        assertThat(await(async.getContext("async"))).isEmpty();
    }

    @Test
    void aTimestampedTurnKeepsItsTimestamp() throws Exception {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(await(memory.async().addToMemory("async-timestamped", "q", "a", anHourAgo))).isTrue();
        assertThat(memory.getContext("async-timestamped", 5)).extracting(Interaction::timestamp)
                .containsExactly(anHourAgo);
    }

    @Test
    void anUpdateRemovesAndAppendsAsTheBlockingOneDoes() throws Exception {
        Interaction kept = Interaction.of("kept", "a");
        Interaction dropped = Interaction.of("dropped", "a");
        memory.addAllToMemory("async-update", List.of(kept, dropped));
        Interaction added = Interaction.of("added", "a");
        assertThat(await(memory.async().updateMemory("async-update", List.of(dropped.id()), List.of(added, added))))
                .isEqualTo(1);
        assertThat(memory.getContext("async-update", 5)).extracting(Interaction::query).containsExactly("kept", "added");
    }

    @Test
    void aSessionTtlIsSetAndReturnedToTheDefault() throws Exception {
        assertThat(await(memory.async().setSessionTtl("async-ttl", Duration.ofMinutes(2)))).isNull();
        assertThat(database.queryLong("SELECT ttl_seconds FROM session_memory WHERE session_id = ?", "async-ttl"))
                .isEqualTo(120);
        await(memory.async().setSessionTtl("async-ttl", null));
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = ? AND ttl_seconds IS NULL",
                "async-ttl")).isEqualTo(1);
    }

    @Test
    void invalidArgumentsOfTheUpdateTtlAndTimestampedCallsFailOnTheCallingThread() {
        Interaction turn = Interaction.of("q", "a");
        assertThatThrownBy(() -> memory.async().updateMemory("s", List.of(turn.id()), List.of(turn)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both to remove and to append");
        assertThatThrownBy(() -> memory.async().updateMemory("s", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removeTurnIds");
        assertThatThrownBy(() -> memory.async().setSessionTtl("s", Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> memory.async().setSessionTtl(" ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memory.async().addToMemory("s", "q", "a", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 's'")).isZero();
    }

    @Test
    void invalidArgumentsFailOnTheCallingThread() {
        assertThatThrownBy(() -> memory.async().getContext("s", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memory.async().addToMemory(" ", "q", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memory.async().addToMemory("s", null, "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsAfterCloseFailFastWithIllegalState() {
        TestDatabase other = TestPostgres.createDatabase().withSchema();
        PostgresMemoryManager closed = PostgresMemoryManager.builder().dataSource(other.dataSource()).build();
        closed.close();
        assertThatThrownBy(() -> closed.async().getContext("s")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> closed.addToMemory("s", "q", "a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> closed.getContext("s")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(closed::healthCheck).isInstanceOf(IllegalStateException.class);
        closed.close();
    }

    @Test
    void closeCompletesEveryQueuedFuture() throws Exception {
        TestDatabase other = TestPostgres.createDatabase().withSchema();
        PostgresMemoryManager closing = PostgresMemoryManager.builder().dataSource(other.dataSource())
                .config(MemoryConfig.custom().asyncThreads(1).statementTimeout(Duration.ofSeconds(1)).build()).build();
        closing.addToMemory("locked", "q", "a");
        List<CompletableFuture<?>> futures = new ArrayList<>();
        try (Connection lock = other.lockSessionRow("locked")) {
            futures.add(closing.async().addToMemory("locked", "blocked on the row lock", "a"));
            for (int i = 0; i < 5; i++) {
                futures.add(closing.async().getContext("queued-" + i));
            }
            closing.close();
            lock.rollback();
        }
        for (CompletableFuture<?> future : futures) {
            assertThat(future).as("completed, normally or not, once close() returned").isDone();
        }
        assertThat(futures.subList(1, futures.size())).allSatisfy(queued -> assertThatThrownBy(queued::join)
                .hasCauseInstanceOf(IllegalStateException.class));
    }
}
