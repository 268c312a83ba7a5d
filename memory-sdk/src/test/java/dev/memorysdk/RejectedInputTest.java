package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rejected input fails with an IllegalArgumentException naming the problem, and stores nothing. */
class RejectedInputTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    private final TestDatabase database = FIXTURE.database();
    private final PostgresMemoryManager memory = FIXTURE.memory();

    @AfterEach
    void nothingWasStored() {
        assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isZero();
    }

    private static void rejected(Executable call, String messagePart) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }

    @Nested
    class SessionIds {

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", " ", "\t\n"})
        void nullOrBlankSessionIdsAreRejectedByEveryOperation(String sessionId) {
            rejected(() -> memory.addToMemory(sessionId, "q", "a"), "sessionId");
            rejected(() -> memory.addToMemory(sessionId, Interaction.of("q", "a")), "sessionId");
            rejected(() -> memory.addAllToMemory(sessionId, List.of(Interaction.of("q", "a"))), "sessionId");
            rejected(() -> memory.getContext(sessionId), "sessionId");
            rejected(() -> memory.clearMemory(sessionId), "sessionId");
            rejected(() -> memory.setSessionTtl(sessionId, Duration.ofHours(1)), "sessionId");
            rejected(() -> memory.getSessionStats(sessionId), "sessionId");
            rejected(() -> memory.async().addToMemory(sessionId, "q", "a"), "sessionId");
        }

        @Test
        void sessionIdsOver255CharactersAreRejected() {
            rejected(() -> memory.addToMemory("s".repeat(256), "q", "a"), "at most 255 characters, was 256");
        }

        @Test
        void aSessionIdOf255CharactersIsAccepted() {
            String longest = "s".repeat(255);
            assertThat(memory.addToMemory(longest, "q", "a")).isTrue();
            assertThat(memory.clearMemory(longest)).isTrue();
        }

        @Test
        void lengthIsCountedInCharactersAsTheColumnCountsThem() {
            String emoji = "\uD83D\uDE00";
            String longest = emoji.repeat(255);
            assertThat(memory.addToMemory(longest, "q", "a")).isTrue();
            assertThat(memory.getContext(longest)).extracting(Interaction::query).containsExactly("q");
            rejected(() -> memory.addToMemory(emoji.repeat(256), "q", "a"), "at most 255 characters, was 256");
            assertThat(memory.clearMemory(longest)).isTrue();
        }

        @Test
        void aSessionIdWithNulIsRejected() {
            rejected(() -> memory.addToMemory("a\u0000b", "q", "a"), "NUL");
        }
    }

    @Nested
    class Interactions {

        @Test
        void nullQueryOrAnswerIsRejected() {
            rejected(() -> memory.addToMemory("s", null, "a"), "query must not be null");
            rejected(() -> memory.addToMemory("s", "q", null), "answer must not be null");
        }

        @Test
        void aNullInteractionIsRejected() {
            rejected(() -> memory.addToMemory("s", (Interaction) null), "interaction must not be null");
        }

        @Test
        void interactionsWithoutIdOrTimestampCannotBeMade() {
            rejected(() -> new Interaction(" ", "q", "a", Instant.now()), "interaction id");
            rejected(() -> new Interaction("id", "q", "a", null), "timestamp");
            rejected(() -> new Interaction("i".repeat(256), "q", "a", Instant.now()), "at most 255");
        }

        @Test
        void metadataThatIsNotJsonIsRejected() {
            Interaction withThread = new Interaction("id", "q", "a", Instant.now(), Map.of("x", new Object()));
            rejected(() -> memory.addToMemory("s", withThread), "metadata");
        }

        @Test
        void theSizeLimitIsConfigurable() {
            try (PostgresMemoryManager small = PostgresMemoryManager.builder()
                    .dataSource(database.dataSource()).config(MemoryConfig.custom().maxInteractionBytes(2048).build()).build()) {
                rejected(() -> small.addToMemory("s", "q", "é".repeat(1024)), "maxInteractionBytes (2048)");
            }
        }
    }

    @Nested
    class Batches {

        @Test
        void aNullListIsRejected() {
            rejected(() -> memory.addAllToMemory("s", null), "interactions must not be null");
        }

        @Test
        void aNullElementRejectsTheWholeBatch() {
            List<Interaction> batch = Arrays.asList(Interaction.of("q", "a"), null);
            rejected(() -> memory.addAllToMemory("s", batch), "interactions[1]");
        }

        @Test
        void oneInvalidTurnRejectsTheWholeBatch() {
            List<Interaction> batch = List.of(Interaction.of("fine", "a"), Interaction.of("nul \u0000", "a"));
            rejected(() -> memory.addAllToMemory("s", batch), "query");
        }

        @Test
        void aBatchOverTheMaximumIsRejected() {
            List<Interaction> batch = new ArrayList<>();
            for (int i = 0; i <= 10_000; i++) {
                batch.add(new Interaction("id" + i, "q", "a", Instant.EPOCH));
            }
            rejected(() -> memory.addAllToMemory("s", batch), "at most 10000");
        }
    }

    @Nested
    class Arguments {

        @ParameterizedTest
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        void limitsBelowOneAreRejected(int limit) {
            rejected(() -> memory.getContext("s", limit), "limit must be at least 1, was " + limit);
            rejected(() -> memory.getAllSessions(limit), "limit must be at least 1");
        }

        @Test
        void cleanupNeedsAPositiveAge() {
            rejected(() -> memory.cleanupExpiredSessions(null), "maxAge");
            rejected(() -> memory.cleanupExpiredSessions(Duration.ZERO), "maxAge");
            rejected(() -> memory.cleanupExpiredSessions(Duration.ofSeconds(-5)), "maxAge");
        }

        @Test
        void aSessionTtlBelowOneSecondIsRejected() {
            rejected(() -> memory.setSessionTtl("s", Duration.ofMillis(500)), "ttl");
            rejected(() -> memory.setSessionTtl("s", Duration.ofSeconds(-1)), "ttl");
        }
    }
}
