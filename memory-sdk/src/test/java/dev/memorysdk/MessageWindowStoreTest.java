package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Windows written after a read, as frameworks write them, or without one, on a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageWindowStoreTest {

    /** A message of a framework whose messages are equal by content but distinct objects. */
    static final class Note {
        final String text;

        Note(String text) {
            this.text = text;
        }
    }

    /** Stores a note as a turn's query; a query/answer turn reads as two notes. */
    static final class NoteCodec implements MessageCodec<Note> {
        @Override
        public Interaction toTurn(Note note) {
            return new Interaction(UUID.randomUUID().toString(), note.text, "", Instant.now(), Map.of());
        }

        @Override
        public List<Note> fromTurn(Interaction turn) {
            return turn.answer().isEmpty() ? List.of(new Note(turn.query()))
                    : List.of(new Note(turn.query()), new Note(turn.answer()));
        }

        @Override
        public String contentKey(Note note) {
            return note.text;
        }
    }

    private PostgresMemoryManager memory;
    private MessageWindowStore<Note> notes;

    @BeforeAll
    void start() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        memory = PostgresMemoryManager.builder().dataSource(database.dataSource()).build();
        notes = MessageWindowStore.of(memory, new NoteCodec());
    }

    @AfterAll
    void stop() {
        memory.close();
    }

    private List<String> stored(String conversation) {
        return memory.getContext(conversation, 100).stream().map(Interaction::query).toList();
    }

    private static List<Note> window(List<Note> kept, String... added) {
        List<Note> window = new ArrayList<>(kept);
        for (String text : added) {
            window.add(new Note(text));
        }
        return window;
    }

    @Test
    void theMessagesOfTheReadPlusNewOnesAppendOnlyTheNewOnes() {
        notes.write("appends", window(List.of(), "a", "b"));
        List<Note> read = notes.read("appends");

        notes.write("appends", window(read, "c"));

        assertThat(stored("appends")).containsExactly("a", "b", "c");
    }

    @Test
    void messagesOfTheReadLeftOutOfTheWindowAreRemoved() {
        notes.write("drops", window(List.of(), "a", "b", "c"));
        List<Note> read = notes.read("drops");

        notes.write("drops", window(read.subList(1, 3), "d"));

        assertThat(stored("drops")).containsExactly("b", "c", "d");
    }

    @Test
    void twoWritersThatReadTheSameMessagesBothKeepWhatTheyAdded() {
        notes.write("two-writers", window(List.of(), "a"));
        List<Note> first = notes.read("two-writers");
        List<Note> second = new ArrayList<>(first);

        notes.write("two-writers", window(first, "from first"));
        notes.write("two-writers", window(second, "from second"));

        assertThat(stored("two-writers")).containsExactly("a", "from first", "from second");
    }

    @Test
    void aWindowOfEqualCopiesRatherThanTheReadsObjectsIsAlignedByContentAndStoresNothingTwice() {
        notes.write("copies", window(List.of(), "a", "b"));
        notes.read("copies");

        notes.write("copies", window(List.of(), "a", "b", "c"));

        assertThat(stored("copies")).containsExactly("a", "b", "c");
    }

    @Test
    void aWindowWrittenWithoutARecentReadIsAlignedOnAFreshRead() {
        notes.write("no-read", window(List.of(), "a", "b"));

        notes.write("no-read", window(List.of(), "b", "c"));

        assertThat(stored("no-read")).containsExactly("b", "c");
    }

    @Test
    void anEmptyWindowAfterAReadEmptiesTheConversation() {
        notes.write("emptied", window(List.of(), "a", "b"));
        notes.read("emptied");

        notes.write("emptied", List.of());

        assertThat(stored("emptied")).isEmpty();
    }

    @Test
    void anUnrelatedWindowAfterAReadReplacesTheConversation() {
        notes.write("replaced", window(List.of(), "a", "b"));
        notes.read("replaced");

        notes.write("replaced", window(List.of(), "x", "y"));

        assertThat(stored("replaced")).containsExactly("x", "y");
    }

    @Test
    void aNewFirstMessageBeforeTheReadOnesStoresTheWindowInItsOrder() {
        notes.write("new-first", window(List.of(), "u"));
        List<Note> read = notes.read("new-first");

        List<Note> window = new ArrayList<>(List.of(new Note("s")));
        window.addAll(read);
        notes.write("new-first", window);

        assertThat(stored("new-first")).containsExactly("s", "u");
    }

    @Test
    void aMessageTheWindowMovesIsStoredAtItsNewPlace() {
        notes.write("moved", window(List.of(), "a", "b", "c"));
        List<Note> read = notes.read("moved");

        notes.write("moved", List.of(read.get(0), read.get(2), read.get(1)));

        assertThat(stored("moved")).containsExactly("a", "c", "b");
    }

    @Test
    void aReadMessageWrittenTwiceIsStoredTwice() {
        notes.write("twice", window(List.of(), "a"));
        List<Note> read = notes.read("twice");

        notes.write("twice", List.of(read.get(0), read.get(0)));

        assertThat(stored("twice")).containsExactly("a", "a");
    }

    @Test
    void keepingOneMessageOfAQueryAnswerTurnRewritesItAsItsOwnTurn() {
        memory.addToMemory("half-turn", "question", "answer");
        List<Note> read = notes.read("half-turn");

        notes.write("half-turn", window(read.subList(1, 2), "next"));

        assertThat(notes.read("half-turn")).extracting(note -> note.text).containsExactly("answer", "next");
    }

    @Test
    void aWindowBuiltOnTheLastWriteAppendsOnlyWhatItAdds() {
        notes.write("rewritten", window(List.of(), "a"));
        List<Note> first = window(notes.read("rewritten"), "b");
        notes.write("rewritten", first);

        notes.write("rewritten", window(first, "c"));

        assertThat(stored("rewritten")).containsExactly("a", "b", "c");
    }

    /** What the writer read, when it read on another thread or never read. */
    @Nested
    class WithoutARead {

        @Test
        void aFirstWriteStoresTheWindow() {
            notes.write("first", window(List.of(), "a", "b"));

            assertThat(stored("first")).containsExactly("a", "b");
        }

        @Test
        void aWindowWrittenRightAfterAnEmptyReadOnTheSameThreadKeepsWhatOthersAppendedMeanwhile() {
            assertThat(notes.read("read-empty")).isEmpty();
            memory.addToMemory("read-empty", "from another request", "");

            notes.write("read-empty", window(List.of(), "mine"));

            assertThat(stored("read-empty")).containsExactly("from another request", "mine");
        }

        @Test
        void aWindowOfNewMessagesReplacesWhatIsStoredWhenWritten() throws Exception {
            notes.write("from-scratch", window(List.of(), "a", "b"));

            onAnotherThread(() -> notes.write("from-scratch", window(List.of(), "c")));

            assertThat(stored("from-scratch")).containsExactly("c");
        }

        @Test
        void aWindowReadOnOneThreadAndWrittenOnAnotherKeepsWhatOthersAppendedMeanwhile() throws Exception {
            notes.write("handed-over", window(List.of(), "a", "b"));
            List<Note> read = notes.read("handed-over");
            memory.addToMemory("handed-over", "from another request", "");

            onAnotherThread(() -> notes.write("handed-over", window(read.subList(1, 2), "c")));

            assertThat(stored("handed-over")).containsExactly("b", "from another request", "c");
        }

        @Test
        void aReadOfAnotherConversationDoesNotCountAsRead() {
            notes.write("other", window(List.of(), "a"));
            notes.write("this", window(List.of(), "x"));
            List<Note> other = notes.read("other");

            notes.write("this", window(other, "b"));

            assertThat(stored("this")).containsExactly("a", "b");
            assertThat(stored("other")).containsExactly("a");
        }
    }

    private static void onAnotherThread(Runnable work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.submit(work).get();
        } finally {
            thread.shutdownNow();
        }
    }
}
