package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.internal.ReplayLifecycle;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing a manager that still holds buffered turns: they get one last attempt, which bypasses a
 * breaker that has not noticed the database is back; what cannot be written is reported by count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseWhileBufferingTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    /**
     * A manager whose breaker, once open, stays open for the whole test. Unpooled, so that the
     * last replay does not depend on when a pool gets round to reconnecting.
     */
    private PostgresMemoryManager memoryWithFiveBufferedTurns(String session) {
        PROXIED.proxy().setMode(Mode.FORWARD);
        PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()),
                config -> config.circuitBreakerWaitInOpenState(Duration.ofMinutes(1))).build();
        PROXIED.proxy().setMode(Mode.DROP);
        for (int i = 0; i < 5; i++) {
            assertThat(memory.addToMemory(session, FaultTestSettings.turn(session + "-" + i))).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "OPEN".equals(memory.healthCheck().details().get("circuitBreaker")));
        assertThat(memory.healthCheck().details()).containsEntry("bufferedInteractions", 5);
        return memory;
    }

    @Test
    void closeWritesBufferedTurnsWhenTheDatabaseIsBackThoughTheBreakerIsStillOpen() {
        PostgresMemoryManager memory = memoryWithFiveBufferedTurns("close-back");
        PROXIED.proxy().setMode(Mode.FORWARD);
        try (LogCapture log = LogCapture.of(ReplayLifecycle.class)) {
            memory.close();
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
        assertThat(PROXIED.database().queryLong("SELECT jsonb_array_length(history) FROM session_memory "
                + "WHERE session_id = 'close-back'")).isEqualTo(5);
    }

    @Test
    void closeWithTheDatabaseStillGoneSaysHowManyTurnsAreLost() {
        PostgresMemoryManager memory = memoryWithFiveBufferedTurns("close-gone");
        try (LogCapture log = LogCapture.of(ReplayLifecycle.class)) {
            long started = System.nanoTime();
            memory.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FaultTestSettings.CALL_BOUND);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closing with 5 buffered turn(s) not written to the database: they are lost (")
                    .containsIgnoringCase("connection");
        } finally {
            PROXIED.proxy().setMode(Mode.FORWARD);
        }
        assertThat(PROXIED.database().queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'close-gone'"))
                .isZero();
    }
}
