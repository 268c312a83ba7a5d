package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.internal.MemoryRuntime;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Closing a manager that still holds buffered turns: they get one last attempt, which bypasses a
 * breaker that has not noticed the database is back; what cannot be written is reported by count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseWhileBufferingTest {

    private TestDatabase database;
    private TcpProxy proxy;

    @BeforeAll
    void startProxy() {
        database = TestPostgres.createDatabase().withSchema();
        proxy = TcpProxy.start("localhost", TestPostgres.server().getPort());
    }

    @AfterAll
    void stopProxy() {
        proxy.close();
    }

    /**
     * A manager whose breaker, once open, stays open for the whole test. Unpooled, so that the
     * last replay does not depend on when a pool gets round to reconnecting.
     */
    private PostgresMemoryManager memoryWithFiveBufferedTurns(String session) {
        proxy.setMode(Mode.FORWARD);
        PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(proxy.jdbcUrl(database.name()))
                .circuitBreakerWaitInOpenState(Duration.ofMinutes(1)).build();
        proxy.setMode(Mode.DROP);
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
        proxy.setMode(Mode.FORWARD);
        try (LogCapture log = LogCapture.of(MemoryRuntime.class)) {
            memory.close();
            assertThat(log.messages(Level.WARN)).isEmpty();
        }
        assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory "
                + "WHERE session_id = 'close-back'")).isEqualTo(5);
    }

    @Test
    void closeWithTheDatabaseStillGoneSaysHowManyTurnsAreLost() {
        PostgresMemoryManager memory = memoryWithFiveBufferedTurns("close-gone");
        try (LogCapture log = LogCapture.of(MemoryRuntime.class)) {
            long started = System.nanoTime();
            memory.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FaultTestSettings.CALL_BOUND);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closing with 5 buffered turn(s) not written to the database: they are lost (")
                    .containsIgnoringCase("connection");
        } finally {
            proxy.setMode(Mode.FORWARD);
        }
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'close-gone'"))
                .isZero();
    }
}
