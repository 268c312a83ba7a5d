package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a window's message objects are traced to the read or write they came from. */
class ReadOriginsTest {

    private final ReadOrigins origins = new ReadOrigins(1_000, 3);

    private static List<Object> messages(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Object()).toList();
    }

    private static List<String> turns(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static List<Object> window(List<Object> kept, int added) {
        List<Object> window = new LinkedList<>(kept);
        window.addAll(messages(added));
        return window;
    }

    @Test
    void aWindowOfAReadsObjectsIsKeyedByTheirPlaceInThatRead() {
        List<Object> read = messages(3);
        origins.rememberRead("c", read, turns("t", 3));

        ReadOrigins.WindowOnRead base = origins.windowOnRead("c", window(read.subList(1, 3), 1));

        assertThat(base.readTurnIds()).containsExactly("t0", "t1", "t2");
        assertThat(base.readKeys()).containsExactly("#0", "#1", "#2");
        assertThat(base.writtenKeys()).containsExactly("#1", "#2", "new");
    }

    @Test
    void equalObjectsThatWereNotHandedOutAreNotRecognised() {
        origins.rememberRead("c", List.of("a", "b"), turns("t", 2));

        assertThat(origins.windowOnRead("c", List.of(new String("a"), new String("b")))).isNull();
        assertThat(origins.windowOnRead("other", List.of("a", "b"))).isNull();
    }

    /** Two messages remembered as a read of conversation "c", stored in turns t0 and t1. */
    private List<Object> readOfTwo() {
        List<Object> read = messages(2);
        origins.rememberRead("c", read, turns("t", 2));
        return read;
    }

    /** Remembers {@code window} as written to "c", keeping the read messages at {@code kept} and appending one turn. */
    private List<Object> written(List<Object> window, List<Integer> kept, String newTurn) {
        origins.rememberWrite("c", window, origins.windowOnRead("c", window), kept, List.of(newTurn));
        return window;
    }

    @Test
    void aWindowBuiltOnAWriteIsKeyedOnWhatThatWriteLeftStored() {
        List<Object> written = written(window(readOfTwo().subList(1, 2), 1), List.of(1), "new-turn");

        ReadOrigins.WindowOnRead next = origins.windowOnRead("c", window(written, 1));

        assertThat(next.readTurnIds()).containsExactly("t1", "new-turn");
        assertThat(next.writtenKeys()).containsExactly("#0", "#1", "new");
    }

    @Test
    void aWindowHoldingNoneOfAWritesNewMessagesIsKeyedOnTheReadThatWriteWasBuiltOn() {
        List<Object> read = readOfTwo();
        written(window(read, 1), List.of(0, 1), "first-turn");

        ReadOrigins.WindowOnRead second = origins.windowOnRead("c", window(read, 1));

        assertThat(second.readTurnIds()).containsExactly("t0", "t1");
        assertThat(second.writtenKeys()).containsExactly("#0", "#1", "new");
    }

    @Test
    void theSameObjectsHandedOutForTwoConversationsAreRecognisedInEach() {
        List<Object> shared = messages(2);
        origins.rememberRead("a", shared, turns("a", 2));
        origins.rememberRead("b", shared, turns("b", 2));

        assertThat(origins.windowOnRead("a", shared).readTurnIds()).containsExactly("a0", "a1");
        assertThat(origins.windowOnRead("b", shared).readTurnIds()).containsExactly("b0", "b1");
    }

    @Test
    void onlyAConversationsNewestReadsAndWritesAreRemembered() {
        List<Object> oldest = messages(2);
        origins.rememberRead("c", oldest, turns("old", 2));
        List<List<Object>> newer = new ArrayList<>();
        for (int read = 0; read < 3; read++) {
            List<Object> messages = messages(2);
            origins.rememberRead("c", messages, turns("r" + read, 2));
            newer.add(messages);
        }

        assertThat(origins.windowOnRead("c", oldest)).isNull();
        assertThat(newer).allSatisfy(read -> assertThat(origins.windowOnRead("c", read)).isNotNull());
    }

    @Test
    void atMostTheGivenNumberOfMessagesIsRemembered() {
        ReadOrigins small = new ReadOrigins(10, 3);
        List<List<Object>> reads = new ArrayList<>();
        for (int conversation = 0; conversation < 6; conversation++) {
            List<Object> messages = messages(4);
            small.rememberRead("c" + conversation, messages, turns("t", 4));
            reads.add(messages);
        }

        long recognised = IntStream.range(0, reads.size())
                .filter(i -> small.windowOnRead("c" + i, reads.get(i)) != null).count();

        assertThat(recognised).isBetween(1L, 2L);
    }
}
