package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault test 5: with the database gone (a proxy dropping every connection) each fallback policy
 * does exactly what {@link FallbackPolicy} documents; input errors are never subject to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FallbackPolicyTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();
    private PostgresMemoryManager memory;

    @AfterEach
    void closeMemory() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        memory.close();
    }

    /** A manager with the policy, one stored turn in {@code session}, and then the database gone. */
    private PostgresMemoryManager memoryWithDatabaseGone(FallbackPolicy policy, String session) {
        PROXIED.proxy().setMode(Mode.FORWARD);
        memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name())).fallbackPolicy(policy).build()).build();
        assertThat(memory.addToMemory(session, FaultTestSettings.turn(session + "-stored"))).isTrue();
        PROXIED.proxy().setMode(Mode.DROP);
        return memory;
    }

    @Nested
    class Fail {

        @Test
        void everyOperationThrowsMemoryUnavailableExceptionNamingOperationAndSession() {
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.FAIL, "fail-session");
            assertThatThrownBy(() -> memory.addToMemory("fail-session", FaultTestSettings.turn("f1")))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("append for session fail-session");
            assertThatThrownBy(() -> memory.addAllToMemory("fail-session", List.of(FaultTestSettings.turn("f2"))))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("appendAll for session fail-session");
            assertThatThrownBy(() -> memory.getContext("fail-session"))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("getContext for session fail-session");
            assertThatThrownBy(() -> memory.clearMemory("fail-session"))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("clearMemory for session fail-session");
            assertThatThrownBy(() -> memory.getSessionStats("fail-session"))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("getSessionStats for session fail-session");
            assertThatThrownBy(() -> memory.setSessionTtl("fail-session", Duration.ofHours(1)))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("setSessionTtl for session fail-session");
            assertThatThrownBy(memory::cleanupExpiredSessions)
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("cleanupExpiredSessions");
            assertThatThrownBy(() -> memory.getAllSessions(10))
                    .isInstanceOf(MemoryUnavailableException.class)
                    .hasMessageContaining("getAllSessions");
            assertThat(memory.healthCheck().details()).containsEntry("bufferedInteractions", 0);
        }

        @Test
        void nothingThrownIsStoredOnceTheDatabaseIsBack() {
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.FAIL, "fail-nothing-kept");
            assertThatThrownBy(() -> memory.addToMemory("fail-nothing-kept", FaultTestSettings.turn("lost")))
                    .isInstanceOf(MemoryUnavailableException.class);
            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(memory.getContext("fail-nothing-kept")).extracting(Interaction::id)
                    .containsExactly("fail-nothing-kept-stored");
        }
    }

    @Nested
    class Skip {

        @Test
        void appendsReturnFalseReadsReturnEmptyAndNothingIsBuffered() {
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.SKIP, "skip-session");
            assertThat(memory.addToMemory("skip-session", FaultTestSettings.turn("s1"))).isFalse();
            assertThat(memory.addToMemory("skip-session", "q", "a")).isFalse();
            assertThat(memory.addAllToMemory("skip-session", List.of(FaultTestSettings.turn("s2")))).isZero();
            assertThat(memory.getContext("skip-session")).isEmpty();
            assertThat(memory.getSessionStats("skip-session")).isEmpty();
            assertThat(memory.getAllSessions(10)).isEmpty();
            assertThatThrownBy(() -> memory.clearMemory("skip-session"))
                    .as("a delete that could not happen is never reported as done")
                    .isInstanceOf(MemoryUnavailableException.class);
            assertThat(memory.cleanupExpiredSessions()).isZero();
            assertThatThrownBy(() -> memory.setSessionTtl("skip-session", Duration.ofHours(1)))
                    .as("setSessionTtl has nothing to return: it throws under every policy")
                    .isInstanceOf(MemoryUnavailableException.class);
            HealthStatus health = memory.healthCheck();
            assertThat(health.status()).isEqualTo(HealthStatus.Status.DOWN);
            assertThat(health.details()).containsEntry("bufferedInteractions", 0);

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(memory.getContext("skip-session", 10)).extracting(Interaction::id)
                    .as("skipped turns are not kept").containsExactly("skip-session-stored");
        }
    }

    @Nested
    class Buffer {

        @Test
        void appendsAreAcknowledgedAndServedByReadsTogetherWithWhatTheDatabaseReturns() {
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.BUFFER, "buffer-session");
            assertThat(memory.addToMemory("buffer-session", FaultTestSettings.turn("b1"))).isTrue();
            assertThat(memory.addAllToMemory("buffer-session",
                    List.of(FaultTestSettings.turn("b2"), FaultTestSettings.turn("b3")))).isEqualTo(2);
            assertThat(memory.getContext("buffer-session", 10)).extracting(Interaction::id)
                    .as("only the buffered turns while the database is gone").containsExactly("b1", "b2", "b3");
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(3);

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(memory.getContext("buffer-session", 10)).extracting(Interaction::id)
                            .as("stored and buffered turns, oldest first, whether replayed yet or not")
                            .containsExactly("buffer-session-stored", "b1", "b2", "b3"));
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(PROXIED.database().queryString("SELECT string_agg(e ->> 'id', ',' ORDER BY ord) FROM session_memory, "
                    + "jsonb_array_elements(history) WITH ORDINALITY AS t(e, ord) WHERE session_id = 'buffer-session'"))
                    .isEqualTo("buffer-session-stored,b1,b2,b3");
        }
    }

    /** {@code updateMemory}: appended turns follow the policy; removals are not buffered. */
    @Nested
    class UpdateMemory {

        private List<String> storedIds(String session) {
            return PROXIED.database().storedTurnIds(session);
        }

        @Test
        void underBufferTheAppendedTurnsAreReplayedAndTheTurnsToRemoveStay() {
            String session = "update-buffer";
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.BUFFER, session);

            assertThat(memory.updateMemory(session, List.of(session + "-stored"),
                    List.of(FaultTestSettings.turn("new")))).isEqualTo(1);
            assertThat(memory.getContext(session, 10)).extracting(Interaction::id).containsExactly("new");

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(storedIds(session)).containsExactly(session + "-stored", "new");
        }

        @Test
        void underSkipNothingChanges() {
            String session = "update-skip";
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.SKIP, session);

            assertThat(memory.updateMemory(session, List.of(session + "-stored"),
                    List.of(FaultTestSettings.turn("new")))).isZero();

            PROXIED.proxy().setMode(Mode.FORWARD);
            assertThat(storedIds(session)).containsExactly(session + "-stored");
        }
    }

    @Nested
    class InvalidInput {

        @Test
        void isRejectedWithIllegalArgumentExceptionWhateverThePolicyAndTheDatabase() {
            PostgresMemoryManager memory = memoryWithDatabaseGone(FallbackPolicy.SKIP, "invalid-input");
            assertThatThrownBy(() -> memory.addToMemory(" ", FaultTestSettings.turn("x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> memory.getContext("invalid-input", 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
