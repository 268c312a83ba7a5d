package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowAlignmentTest {

    /** Messages as keys; a key starting with "sys" is pinned. */
    private static WindowAlignment align(List<String> stored, List<String> written) {
        return WindowAlignment.of(stored, written, written.stream().map(key -> key.startsWith("sys")).toList());
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
    void messagesAnotherWriterAppendedAfterTheReadStay() {
        WindowAlignment alignment = align(List.of("a", "b", "c", "x"), List.of("b", "c", "n"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void aPinnedSystemMessageKeptApartFromTheRunIsNotDropped() {
        WindowAlignment alignment = align(List.of("sys", "a", "b", "c"), List.of("sys", "b", "c", "n"));
        assertThat(alignment.dropped()).containsExactly(1);
        assertThat(alignment.firstNew()).isEqualTo(3);
    }

    @Test
    void aReplacedSystemMessageBeforeTheRunIsDropped() {
        WindowAlignment alignment = align(List.of("sys-old", "a", "b"), List.of("a", "b", "sys-new"));
        assertThat(alignment.dropped()).containsExactly(0);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void repeatedContentIsPlacedAtTheLatestRun() {
        WindowAlignment alignment = align(List.of("yes", "ok", "yes", "ok"), List.of("yes", "ok", "yes"));
        assertThat(alignment.dropped()).containsExactly(0, 1);
        assertThat(alignment.firstNew()).isEqualTo(2);
    }

    @Test
    void aWindowReadEmptyAddsEverythingAndDropsNothing() {
        WindowAlignment alignment = align(List.of("a", "b"), List.of("n"));
        assertThat(alignment.dropped()).isEmpty();
        assertThat(alignment.firstNew()).isZero();
    }

    @Test
    void aKnownPinnedMessageWithoutARunIsNotAddedAgain() {
        WindowAlignment alignment = align(List.of("sys", "a", "b"), List.of("sys", "n"));
        assertThat(alignment.dropped()).isEmpty();
        assertThat(alignment.firstNew()).isEqualTo(1);
    }

    @Test
    void aWindowEqualToTheStoredListChangesNothing() {
        WindowAlignment alignment = align(List.of("a", "b"), List.of("a", "b"));
        assertThat(alignment.dropped()).isEmpty();
        assertThat(alignment.firstNew()).isEqualTo(2);
    }
}
