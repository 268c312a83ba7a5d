package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.testsupport.InThreads;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MemoryManager#updateMemory}: remove by id and append, one statement, on a real database. */
class UpdateMemoryTest {

    private static final int CAP = 200;

    @RegisterExtension
    static final MemoryExtension MEMORY = MemoryExtension.withConfig(c -> c.maxContextLength(CAP).maxPoolSize(16));

    private static String session() {
        return "update-" + UUID.randomUUID();
    }

    private static Interaction turn(String id) {
        return new Interaction(id, "q-" + id, "a-" + id, Instant.now());
    }

    private static List<String> storedIds(String session) {
        return MEMORY.database().storedTurnIds(session);
    }

    private static String rowVersion(String session) {
        return MEMORY.database().queryString("SELECT xmin::text FROM session_memory WHERE session_id = ?", session);
    }

    @Nested
    class Changes {

        @Test
        void removesTheGivenTurnsAndAppendsTheNewOnesAfterTheOthersInOrder() {
            String session = session();
            MEMORY.memory().addAllToMemory(session, List.of(turn("a"), turn("b"), turn("c")));

            int appended = MEMORY.memory().updateMemory(session, List.of("a"), List.of(turn("d"), turn("e")));

            assertThat(appended).isEqualTo(2);
            assertThat(storedIds(session)).containsExactly("b", "c", "d", "e");
            assertThat(MEMORY.memory().getContext(session, 10)).extracting(Interaction::query)
                    .containsExactly("q-b", "q-c", "q-d", "q-e");
        }

        @Test
        void createsTheSessionWithTheAppendedTurns() {
            String session = session();
            assertThat(MEMORY.memory().updateMemory(session, List.of("unknown"), List.of(turn("a")))).isEqualTo(1);
            assertThat(storedIds(session)).containsExactly("a");
            assertThat(MEMORY.memory().getAllSessions(1000)).extracting(SessionStats::sessionId).contains(session);
        }

        @Test
        void aRetriedUpdateAppendsNothingTwice() {
            String session = session();
            MEMORY.memory().addAllToMemory(session, List.of(turn("a"), turn("b")));
            MEMORY.memory().updateMemory(session, List.of("a"), List.of(turn("c")));

            assertThat(MEMORY.memory().updateMemory(session, List.of("a"), List.of(turn("c")))).isZero();
            assertThat(storedIds(session)).containsExactly("b", "c");
        }

        @Test
        void anUpdateThatChangesNothingWritesNothing() {
            String session = session();
            MEMORY.memory().addAllToMemory(session, List.of(turn("a"), turn("b")));
            String before = rowVersion(session);

            assertThat(MEMORY.memory().updateMemory(session, List.of("not-stored"), List.of(turn("b")))).isZero();
            assertThat(rowVersion(session)).isEqualTo(before);
        }

        @Test
        void removingFromAnUnknownSessionCreatesNothing() {
            String session = session();
            assertThat(MEMORY.memory().updateMemory(session, List.of("a"), List.of())).isZero();
            assertThat(MEMORY.memory().getSessionStats(session)).isEmpty();
        }

        @Test
        void removingOnlyEmptiesTheSessionButKeepsIt() {
            String session = session();
            MEMORY.memory().addAllToMemory(session, List.of(turn("a")));
            MEMORY.memory().updateMemory(session, List.of("a"), List.of());
            assertThat(storedIds(session)).isEmpty();
            assertThat(MEMORY.memory().getSessionStats(session)).get().extracting(SessionStats::historyLength).isEqualTo(0);
        }

        @Test
        void keepsOnlyTheLastMaxContextLengthTurns() {
            String session = session();
            List<Interaction> many = new ArrayList<>();
            for (int i = 0; i < CAP + 5; i++) {
                many.add(turn("t" + i));
            }
            MEMORY.memory().updateMemory(session, List.of(), many.subList(0, CAP));
            MEMORY.memory().updateMemory(session, List.of("t3"), many.subList(CAP, CAP + 5));

            List<String> stored = storedIds(session);
            assertThat(stored).hasSize(CAP).doesNotContain("t0", "t3").endsWith("t" + (CAP + 4));
        }

        @Test
        void aHistoryThatIsNotAnArrayIsReplacedByTheAppendedTurns() {
            String session = session();
            MEMORY.database().update("INSERT INTO session_memory (session_id, history) VALUES (?, '{\"not\": \"an array\"}'::jsonb)",
                    session);
            MEMORY.memory().updateMemory(session, List.of("x"), List.of(turn("a")));
            assertThat(storedIds(session)).containsExactly("a");
        }
    }

    @Test
    void sixteenThreadsUpdatingOneSessionLoseNoAppendedTurn() throws Exception {
        String session = session();
        int threads = 16;
        int perThread = 10;
        InThreads.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                List<String> remove = i == 0 ? List.of() : List.of("drop-" + thread + "-" + (i - 1));
                MEMORY.memory().updateMemory(session, remove,
                        List.of(turn("keep-" + thread + "-" + i), turn("drop-" + thread + "-" + i)));
            }
        });
        List<String> stored = storedIds(session);
        assertThat(stored.stream().filter(id -> id.startsWith("keep-"))).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(stored.stream().filter(id -> id.startsWith("drop-")))
                .as("each thread's last one only").hasSize(threads);
    }

    @Nested
    class InvalidInput {

        @Test
        void isRejectedNamingTheProblemAndNothingIsStored() {
            String session = session();
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(session, null, List.of(turn("a"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removeTurnIds");
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(session, List.of(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interactions");
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(session, Collections.singletonList(null), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removeTurnIds");
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(session, Set.of(" "), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(session, List.of("a"), List.of(turn("a"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both to remove and to append");
            assertThatThrownBy(() -> MEMORY.memory().updateMemory(" ", List.of(), List.of(turn("a"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionId");
            assertThat(MEMORY.memory().getSessionStats(session)).isEmpty();
        }
    }
}
