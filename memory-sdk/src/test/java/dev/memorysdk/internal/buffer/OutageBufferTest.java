package dev.memorysdk.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.memorysdk.Interaction;
import dev.memorysdk.internal.buffer.OutageBuffer.PendingTurn;
import dev.memorysdk.testsupport.LogCapture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageBufferTest {

    private static Interaction turn(String id) {
        return new Interaction(id, "q", "a", Instant.now());
    }

    private static void add(OutageBuffer buffer, String session, String id) {
        buffer.add(session, turn(id), "{\"id\":\"" + id + "\"}");
    }

    @Test
    void keepsEachSessionsTurnsInArrivalOrderAndSessionsByTheirOldestTurn() {
        OutageBuffer buffer = new OutageBuffer(10, Long.MAX_VALUE);
        add(buffer, "b", "b1");
        add(buffer, "a", "a1");
        add(buffer, "b", "b2");
        add(buffer, "a", "a2");
        assertThat(buffer.pendingFor("b")).extracting(pending -> pending.turn().id()).containsExactly("b1", "b2");
        assertThat(buffer.oldestFor("a", 1)).extracting(pending -> pending.turn().id()).containsExactly("a1");
        assertThat(buffer.sessionsInArrivalOrder()).containsExactly("b", "a");
        assertThat(buffer.hasPending("a")).isTrue();
        assertThat(buffer.hasPending("c")).isFalse();
    }

    @Test
    void whenFullRefusesTheNewTurnKeepsEveryBufferedOneCountsAndWarnsOncePerOverflow() {
        try (LogCapture log = LogCapture.of(OutageBuffer.class)) {
            OutageBuffer buffer = new OutageBuffer(3, Long.MAX_VALUE);
            assertThat(buffer.add("a", turn("a1"), "{}")).isTrue();
            assertThat(buffer.add("b", turn("b1"), "{}")).isTrue();
            assertThat(buffer.add("a", turn("a2"), "{}")).isTrue();
            assertThat(buffer.add("b", turn("b2"), "{}")).as("full: refused").isFalse();
            assertThat(buffer.add("b", turn("b3"), "{}")).as("full: refused").isFalse();
            assertThat(buffer.add("a", turn("a1"), "{}")).as("already buffered: kept").isTrue();
            assertThat(buffer.size()).isEqualTo(3);
            assertThat(buffer.refusedWhenFullCount()).isEqualTo(2);
            assertThat(buffer.pendingFor("a")).extracting(pending -> pending.turn().id()).containsExactly("a1", "a2");
            assertThat(buffer.pendingFor("b")).extracting(pending -> pending.turn().id()).containsExactly("b1");
            assertThat(log.messages(Level.WARN)).hasSize(1).first().asString()
                    .contains("Outage buffer full (3 turns or").contains("refused");

            buffer.remove(buffer.pendingFor("a"));
            add(buffer, "c", "c1");
            add(buffer, "c", "c2");
            assertThat(buffer.add("c", turn("c3"), "{}")).isFalse();
            assertThat(log.messages(Level.WARN)).as("a new overflow warns again").hasSize(2);
            assertThat(buffer.refusedWhenFullCount()).isEqualTo(3);
        }
    }

    @Test
    void turnsThatDoNotAllFitAreRefusedTogether() {
        OutageBuffer buffer = new OutageBuffer(3, Long.MAX_VALUE);
        add(buffer, "a", "a1");
        assertThat(buffer.addAll("a", List.of(turn("a2"), turn("a3"), turn("a4")), List.of("{}", "{}", "{}")))
                .isFalse();
        assertThat(buffer.pendingFor("a")).extracting(pending -> pending.turn().id()).containsExactly("a1");
        assertThat(buffer.addAll("a", List.of(turn("a1"), turn("a2"), turn("a3")), List.of("{}", "{}", "{}")))
                .as("a1 is buffered already, a2 and a3 fit").isTrue();
        assertThat(buffer.pendingFor("a")).extracting(pending -> pending.turn().id()).containsExactly("a1", "a2", "a3");
    }

    @Test
    void removesExactlyTheDeliveredEntriesAndForgetsEmptySessions() {
        OutageBuffer buffer = new OutageBuffer(10, Long.MAX_VALUE);
        add(buffer, "a", "a1");
        add(buffer, "a", "a2");
        List<PendingTurn> first = buffer.oldestFor("a", 1);
        assertThat(buffer.add("a", turn("a1"), "{}")).as("a1 is buffered already").isTrue();
        assertThat(buffer.size()).isEqualTo(2);
        buffer.remove(first);
        assertThat(buffer.add("a", turn("a1"), "{}")).as("once delivered, a1 may be buffered again").isTrue();
        assertThat(buffer.pendingFor("a")).extracting(pending -> pending.turn().id()).containsExactly("a2", "a1");
        assertThat(buffer.removeSession("a")).isEqualTo(2);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.hasPending("a")).isFalse();
        assertThat(buffer.sessionsInArrivalOrder()).isEmpty();
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void isBoundedInBytesOfStoredJsonRefusingWhatDoesNotFit() {
        OutageBuffer buffer = new OutageBuffer(1_000, 3_000);
        String kilobyte = "x".repeat(1_000);
        for (int i = 1; i <= 5; i++) {
            assertThat(buffer.add("big", turn("k" + i), kilobyte)).isEqualTo(i <= 3);
        }
        assertThat(buffer.bytes()).isEqualTo(3_000);
        assertThat(buffer.refusedWhenFullCount()).isEqualTo(2);
        assertThat(buffer.pendingFor("big")).extracting(pending -> pending.turn().id()).containsExactly("k1", "k2", "k3");

        buffer.remove(buffer.pendingFor("big"));
        assertThat(buffer.add("big", turn("huge"), "y".repeat(2_500))).isTrue();
        assertThat(buffer.pendingFor("big")).extracting(pending -> pending.turn().id()).containsExactly("huge");
        assertThat(buffer.bytes()).isEqualTo(2_500);
    }
}
