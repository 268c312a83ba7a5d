package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowAlignmentTest {

    /** Messages as keys, each read message in a turn of its own. */
    private static WindowAlignment align(List<String> read, List<String> written) {
        List<String> turnIds = IntStream.range(0, read.size()).mapToObj(index -> "turn-" + index).toList();
        return WindowAlignment.of(read, turnIds, written);
    }

    @Test
    void aWindowThatOnlyAppendsDropsNothingAndAddsItsTail() {
        WindowAlignment alignment = align(List.of("a", "b", "c"), List.of("a", "b", "c", "n"));
        assertThat(alignment.dropped()).isEmpty();
        assertThat(alignment.firstNew()).isEqualTo(3);
    }

    @Test
    void aFullWindowDropsTheOldestAndAddsItsTail() {
        WindowAlignment alignment = align(List.of("a", "b", "c"), List.of("b", "c", "n"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void readMessagesTheWindowLeftOutAreDroppedWhereverTheyStand() {
        WindowAlignment alignment = align(List.of("a", "b", "c", "x"), List.of("b", "c", "n"));
        assertThat(alignment.dropped()).containsExactly(0, 3);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void aKeptSystemMessageBeforeTheKeptRunStays() {
        WindowAlignment alignment = align(List.of("sys", "a", "b", "c"), List.of("sys", "b", "c", "n"));
        assertThat(alignment.dropped()).containsExactly(1);
        assertThat(alignment.firstNew()).isEqualTo(3);
    }

    @Test
    void aReplacedSystemMessageIsDroppedAndTheNewOneAdded() {
        WindowAlignment alignment = align(List.of("sys-old", "a", "b"), List.of("a", "b", "sys-new"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void aNewFirstMessageDropsEverythingReadAndAddsTheWholeWindow() {
        WindowAlignment alignment = align(List.of("u"), List.of("sys", "u"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isZero();
    }

    @Test
    void aMovedMessageEndsTheKeptPrefix() {
        WindowAlignment alignment = align(List.of("a", "b", "c"), List.of("a", "c", "b"));
        assertThat(alignment.dropped()).containsExactly(1);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void repeatedContentIsMatchedEarliestFirst() {
        WindowAlignment alignment = align(List.of("yes", "ok", "yes", "ok"), List.of("yes", "ok", "yes"));
        assertThat(alignment.dropped()).containsExactly(3);
        assertThat(alignment.firstNew()).isEqualTo(3);
    }

    @Test
    void anUnrelatedWindowDropsEverythingReadAndAddsItself() {
        WindowAlignment alignment = align(List.of("a", "b"), List.of("n"));
        assertThat(alignment.dropped()).containsExactly(0, 1);
        assertThat(alignment.firstNew()).isZero();
    }

    @Test
    void anEmptyWindowDropsEverythingRead() {
        WindowAlignment alignment = align(List.of("a", "b"), List.of());
        assertThat(alignment.dropped()).containsExactly(0, 1);
        assertThat(alignment.firstNew()).isZero();
    }

    @Test
    void aWindowEqualToTheReadListChangesNothing() {
        WindowAlignment alignment = align(List.of("a", "b"), List.of("a", "b"));
        assertThat(alignment.dropped()).isEmpty();
        assertThat(alignment.firstNew()).isEqualTo(2);
        assertThat(alignment.kept(2)).containsExactly(0, 1);
    }

    @Test
    void aTurnOfTwoMessagesIsKeptWholeOrDroppedAndItsKeptMessageAddedAgain() {
        WindowAlignment alignment = WindowAlignment.of(List.of("q", "a", "b"), List.of("t1", "t1", "t2"),
                List.of("a", "b", "n"));
        assertThat(alignment.dropped()).containsExactly(0, 1, 2);
        assertThat(alignment.firstNew()).isZero();
    }

    @Test
    void aTurnOfTwoMessagesKeptWholeStays() {
        WindowAlignment alignment = WindowAlignment.of(List.of("x", "q", "a"), List.of("t0", "t1", "t1"),
                List.of("q", "a", "n"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isEqualTo(2);
        assertThat(alignment.kept(3)).containsExactly(1, 2);
    }

    @Test
    void readKeysAndTurnIdsOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> WindowAlignment.of(List.of("a"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTurnIds");
    }
}
