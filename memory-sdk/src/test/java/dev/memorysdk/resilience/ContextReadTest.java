package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.ContextRead;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A read says whether the database answered or the fallback did, and a read that a replay overtakes
 * still returns the session's newest turns in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextReadTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();
    private PostgresMemoryManager memory;

    @AfterEach
    void closeMemory() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        if (memory != null) {
            memory.close();
        }
    }

    private PostgresMemoryManager memoryUnder(FallbackPolicy policy) {
        PROXIED.proxy().setMode(Mode.FORWARD);
        return FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()),
                config -> config.fallbackPolicy(policy)).build();
    }

    @Test
    void anEmptyReadFromTheDatabaseIsNotFromTheFallback() {
        memory = memoryUnder(FallbackPolicy.SKIP);
        ContextRead read = memory.readContext("read-unknown", 5);
        assertThat(read.turns()).isEmpty();
        assertThat(read.fromFallback()).isFalse();
    }

    @Test
    void aReadTheDatabaseCannotAnswerUnderSkipSaysTheFallbackAnswered() {
        memory = memoryUnder(FallbackPolicy.SKIP);
        assertThat(memory.addToMemory("read-skip", FaultTestSettings.turn("read-skip-1"))).isTrue();
        PROXIED.proxy().setMode(Mode.DROP);
        ContextRead read = memory.readContext("read-skip", 5);
        assertThat(read.turns()).isEmpty();
        assertThat(read.fromFallback()).isTrue();
        assertThat(memory.getContext("read-skip", 5)).isEmpty();
    }

    @Test
    void aReadTheDatabaseCannotAnswerUnderBufferGivesTheBufferedTurnsFromTheFallback() throws Exception {
        memory = memoryUnder(FallbackPolicy.BUFFER);
        PROXIED.proxy().setMode(Mode.DROP);
        assertThat(memory.addToMemory("read-buffer", FaultTestSettings.turn("read-buffer-1"))).isTrue();
        ContextRead read = memory.async().readContext("read-buffer", 5).get(30, TimeUnit.SECONDS);
        assertThat(read.turns()).extracting(Interaction::id).containsExactly("read-buffer-1");
        assertThat(read.fromFallback()).isTrue();
    }

    @Test
    void aReadOvertakenByTheReplayReturnsTheNewestTurnsInOrder() throws Exception {
        Thread[] reader = new Thread[1];
        CountDownLatch readerConnecting = new CountDownLatch(1);
        CountDownLatch mayRead = new CountDownLatch(1);
        DelegatingDataSource heldForTheReader = new DelegatingDataSource(
                FaultTestSettings.unpooled(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))) {
            @Override
            public Connection getConnection() throws SQLException {
                if (Thread.currentThread() == reader[0]) {
                    readerConnecting.countDown();
                    awaitQuietly(mayRead);
                }
                return super.getConnection();
            }
        };
        PROXIED.proxy().setMode(Mode.FORWARD);
        memory = FaultTestSettings.builderOn(heldForTheReader, config -> config
                // The breaker stays closed, so the read does go to the database.
                .circuitBreakerSlidingWindowSize(1_000).circuitBreakerMinimumNumberOfCalls(1_000)
                .fallbackPolicy(FallbackPolicy.BUFFER)).build();
        PROXIED.proxy().setMode(Mode.DROP);
        for (int i = 1; i <= 10; i++) {
            assertThat(memory.addToMemory("read-replay", FaultTestSettings.turn("read-replay-" + i))).isTrue();
        }
        AtomicReference<List<Interaction>> read = new AtomicReference<>();
        CompletableFuture<Void> reading = new CompletableFuture<>();
        reader[0] = new Thread(() -> {
            read.set(memory.getContext("read-replay", 5));
            reading.complete(null);
        }, "reader");
        reader[0].start();
        // The reader has taken its snapshot of the buffer; now the replay stores every turn.
        assertThat(readerConnecting.await(30, TimeUnit.SECONDS)).isTrue();
        PROXIED.proxy().setMode(Mode.FORWARD);
        await().atMost(Duration.ofSeconds(30)).until(() -> PROXIED.database().queryLong(
                "SELECT coalesce(sum(jsonb_array_length(history)), 0) FROM session_memory WHERE session_id = 'read-replay'")
                == 10);
        mayRead.countDown();
        reading.get(30, TimeUnit.SECONDS);
        assertThat(read.get()).extracting(Interaction::id)
                .containsExactly("read-replay-6", "read-replay-7", "read-replay-8", "read-replay-9", "read-replay-10");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
