package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.internal.buffer.BufferReplayer;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One session does not hold up the others: a session the database refuses is set aside while the
 * rest replay, and a call on one session does not wait for a replay busy with another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIsolationTest {

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

    private long stored(String session) {
        return PROXIED.database().queryLong("SELECT coalesce(sum(jsonb_array_length(history)), 0) FROM session_memory "
                + "WHERE session_id = ?", session);
    }

    @Test
    void aSessionTheDatabaseRefusesIsSetAsideKeptAndCountedWhileTheOthersReplay() {
        PROXIED.database().execute("ALTER TABLE session_memory ADD CONSTRAINT refuse_one "
                + "CHECK (session_id <> 'aside-refused') NOT VALID");
        try (LogCapture log = LogCapture.of(BufferReplayer.class)) {
            memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name())).build();
            PROXIED.proxy().setMode(Mode.DROP);
            for (int i = 0; i < 3; i++) {
                assertThat(memory.addToMemory("aside-refused", FaultTestSettings.turn("aside-refused-" + i))).isTrue();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(memory.addToMemory("aside-other-" + i, FaultTestSettings.turn("aside-other-" + i))).isTrue();
            }
            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> stored("aside-other-0") + stored("aside-other-1")
                    + stored("aside-other-2") == 3);
            assertThat(memory.healthCheck().details()).containsEntry("bufferedInteractions", 3)
                    .containsEntry("sessionsSetAside", 1);
            assertThat(stored("aside-refused")).isZero();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Replay sets session aside-refused aside: the database refuses its turns")
                    .contains("refuse_one");

            PROXIED.database().execute("ALTER TABLE session_memory DROP CONSTRAINT refuse_one");
            await().atMost(Duration.ofSeconds(10)).until(() -> stored("aside-refused") == 3);
            assertThat(memory.healthCheck().details()).containsEntry("bufferedInteractions", 0)
                    .containsEntry("sessionsSetAside", 0);
            assertThat(log.messages(Level.WARN)).as("tried again each round, warned about once").hasSize(1);
        } finally {
            PROXIED.database().execute("ALTER TABLE session_memory DROP CONSTRAINT IF EXISTS refuse_one");
        }
    }

    @Test
    void clearingOneSessionDoesNotWaitForAReplayBusyWithAnother() throws Exception {
        CountDownLatch replayConnecting = new CountDownLatch(1);
        CountDownLatch releaseReplay = new CountDownLatch(1);
        DelegatingDataSource replayHeld = new DelegatingDataSource(
                FaultTestSettings.unpooled(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))) {
            @Override
            public Connection getConnection() throws SQLException {
                if (Thread.currentThread().getName().contains("-replay") && PROXIED.proxy().mode() == Mode.FORWARD) {
                    replayConnecting.countDown();
                    try {
                        releaseReplay.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.getConnection();
            }
        };
        memory = FaultTestSettings.builderOn(replayHeld).build();
        assertThat(memory.addToMemory("busy-unrelated", FaultTestSettings.turn("busy-unrelated-1"))).isTrue();
        PROXIED.proxy().setMode(Mode.DROP);
        assertThat(memory.addToMemory("busy-replayed", FaultTestSettings.turn("busy-replayed-1"))).isTrue();
        PROXIED.proxy().setMode(Mode.FORWARD);
        try {
            // The replay is now writing busy-replayed, held before it gets its connection.
            assertThat(replayConnecting.await(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> "CLOSED".equals(
                    memory.healthCheck().details().get("circuitBreaker")));
            CompletableFuture<Boolean> clear = CompletableFuture.supplyAsync(() -> memory.clearMemory("busy-unrelated"));
            assertThat(clear.get(FaultTestSettings.CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(stored("busy-unrelated")).isZero();
        } finally {
            releaseReplay.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("busy-replayed") == 1);
    }
}
