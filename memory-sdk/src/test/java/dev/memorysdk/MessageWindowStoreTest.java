package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Windows written right after a read, as frameworks write them, on a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageWindowStoreTest {

    /** A message of a framework whose messages are equal by content but distinct objects. */
    static final class Note {
        final String text;

        Note(String text) {
            this.text = text;
        }
    }

    /** Stores a note as a turn's query. */
    static final class NoteCodec implements MessageCodec<Note> {
        @Override
        public Interaction toTurn(Note note) {
            return new Interaction(UUID.randomUUID().toString(), note.text, "", Instant.now(), Map.of());
        }

        @Override
        public List<Note> fromTurn(Interaction turn) {
            return List.of(new Note(turn.query()));
        }

        @Override
        public String contentKey(Note note) {
            return note.text;
        }

        @Override
        public boolean isPinned(Note note) {
            return false;
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
}
