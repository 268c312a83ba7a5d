package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the database refuses a turn, its error's detail ("Failing row contains (...)") would quote
 * the stored text: on the SDK's own pool the driver leaves that detail out, so no stored text
 * reaches an exception message or a log line (user text is only ever logged at DEBUG).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedTurnTextTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    /**
     * Text the test's constraint refuses, and the secret beside it that must not be quoted (one
     * short word: the server shortens each value it quotes to a few dozen characters).
     */
    private static final String REFUSED_MARK = "refused-by-check";
    private static final String SECRET = "Nightjar";

    @BeforeEach
    void refuseTurnsHoldingTheMark() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        PROXIED.database().execute("ALTER TABLE session_memory ADD CONSTRAINT refuse_marked_turns "
                + "CHECK (history::text NOT LIKE '%" + REFUSED_MARK + "%')");
    }

    @AfterEach
    void dropTheConstraint() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        PROXIED.database().execute("ALTER TABLE session_memory DROP CONSTRAINT refuse_marked_turns");
    }

    private static Interaction refusedTurn() {
        return new Interaction("refused-turn", REFUSED_MARK + " " + SECRET + " launch code", SECRET, Instant.now());
    }

    private static List<String> messagesOf(Throwable thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            messages.add(cause.toString());
        }
        return messages;
    }

    @Test
    void aRefusedWriteQuotesNoStoredTextInItsExceptionOrTheLog() {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))
                .fallbackPolicy(FallbackPolicy.FAIL).build()).build();
             LogCapture log = LogCapture.everything()) {

            assertThatThrownBy(() -> memory.addToMemory("refused-direct", refusedTurn()))
                    .isInstanceOfSatisfying(MemoryException.class, refused -> assertThat(messagesOf(refused))
                            .as("the exception and its causes").isNotEmpty().noneMatch(text -> text.contains(SECRET))
                            .anyMatch(text -> text.contains("refuse_marked_turns")));
            assertThatThrownBy(() -> memory.updateMemory("refused-direct", List.of(), List.of(refusedTurn())))
                    .isInstanceOfSatisfying(MemoryException.class, refused -> assertThat(messagesOf(refused))
                            .noneMatch(text -> text.contains(SECRET)));
            assertThat(log.allText()).noneMatch(text -> text.contains(SECRET));
        }
    }

    @Test
    void aBufferedTurnRefusedOnReplayAndOnCloseIsLoggedWithoutItsText() {
        PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))
                .fallbackPolicy(FallbackPolicy.BUFFER).build()).build();
        try (LogCapture log = LogCapture.everything()) {
            PROXIED.proxy().setMode(Mode.DROP);
            assertThat(memory.addToMemory("refused-buffered", refusedTurn())).isTrue();
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(1);
            PROXIED.proxy().setMode(Mode.FORWARD);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> log.allText().stream().anyMatch(text -> text.contains("refuse_marked_turns")));
            memory.close();

            assertThat(log.allText()).as("the log").anyMatch(text -> text.contains("refuse_marked_turns"))
                    .noneMatch(text -> text.contains(SECRET));
        } finally {
            memory.close();
        }
        assertThat(PROXIED.database().queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'refused-buffered'"))
                .isZero();
    }
}
