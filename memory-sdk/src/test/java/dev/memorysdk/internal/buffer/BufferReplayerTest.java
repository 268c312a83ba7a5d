package dev.memorysdk.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.Interaction;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.ResilienceSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The replay's decisions against a fake store that answers as PostgreSQL would (by SQLState), with
 * a real breaker and retry: what is written, kept, skipped or dropped. The same paths on a real
 * database are in {@code resilience/ExactlyOnceTest}.
 */
class BufferReplayerTest {

    /** A store whose sessions hold appended encoded turns, refusing some with a SQLState. */
    private static final class FakeStore implements BufferReplayer.BatchAppender {
        final Map<String, List<String>> stored = new HashMap<>();
        final Map<String, String> refusedSessions = new HashMap<>();
        String refusedTurn;
        String refusedTurnState;

        @Override
        public synchronized int appendAll(String sessionId, List<String> ids, List<String> encodedTurns) {
            String sessionState = refusedSessions.get(sessionId);
            if (sessionState != null) {
                throw failure(sessionState);
            }
            if (refusedTurn != null && encodedTurns.contains(refusedTurn)) {
                throw failure(refusedTurnState);
            }
            stored.computeIfAbsent(sessionId, id -> new ArrayList<>()).addAll(encodedTurns);
            return encodedTurns.size();
        }

        private static PersistenceException failure(String sqlState) {
            return new PersistenceException(new PSQLException(
                    new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mrefused\0")));
        }
    }

    private final OutageBuffer buffer = new OutageBuffer(1_000, Long.MAX_VALUE);
    private final FakeStore store = new FakeStore();
    private final BufferReplayer replayer = new BufferReplayer(buffer, store, new DatabaseGuard("replay-test",
            new ResilienceSettings(50, 100, 100, Duration.ofSeconds(1), 1, 1, Duration.ofMillis(1)), Clock.systemUTC()));

    private void buffer(String session, String... ids) {
        for (String id : ids) {
            buffer.add(session, new Interaction(id, "q", "a", Instant.EPOCH), id);
        }
    }

    @Test
    void writesEverySessionInArrivalOrderAndEmptiesTheBuffer() {
        buffer("a", "a1", "a2");
        buffer("b", "b1");
        replayer.replayAll();
        assertThat(store.stored).containsEntry("a", List.of("a1", "a2")).containsEntry("b", List.of("b1"));
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void aTurnRefusedForItsDataIsFoundBySplittingAndDroppedAlone() {
        buffer("s", "t1", "t2", "t3", "t4", "t5", "t6", "t7");
        store.refusedTurn = "t5";
        store.refusedTurnState = "22P02";
        replayer.replayAll();
        assertThat(store.stored.get("s")).containsExactly("t1", "t2", "t3", "t4", "t6", "t7");
        assertThat(replayer.refusedCount()).isEqualTo(1);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void aSessionRefusedForItsRowIsSetAsideKeptAndTheOthersGoOn() {
        for (String state : List.of("23514", "23505", "P0001")) {
            buffer("first", "f1-" + state, "f2-" + state);
            buffer("second", "s-" + state);
            store.refusedSessions.put("first", state);
            replayer.replayAll();
            replayer.replayAll();
            assertThat(store.stored.get("second")).as(state).containsExactly("s-" + state);
            assertThat(buffer.pendingFor("first")).as(state).hasSize(2);
            assertThat(replayer.setAsideCount()).as(state).isEqualTo(1);
            assertThat(replayer.refusedCount()).as(state).isZero();

            store.refusedSessions.remove("first");
            replayer.replayAll();
            assertThat(store.stored.get("first")).as(state).endsWith("f1-" + state, "f2-" + state);
            assertThat(replayer.setAsideCount()).as(state).isZero();
            store.stored.clear();
        }
    }

    @Test
    void refusalsAnOperatorMustFixKeepEveryTurnAndStopTheRound() {
        for (String state : List.of("25006", "53100", "42501", "42P01")) {
            buffer("first", "f-" + state);
            buffer("second", "s-" + state);
            store.refusedSessions.put("first", state);
            replayer.replayAll();
            assertThat(buffer.size()).as(state).isEqualTo(2);
            assertThat(store.stored).as(state).doesNotContainKey("second");
            assertThat(replayer.refusedCount()).as(state).isZero();
            buffer.removeSession("first");
            buffer.removeSession("second");
        }
    }

    @Test
    void aSessionTimingOutIsSkippedAndTheOthersAreWritten() {
        buffer("locked", "l1");
        buffer("free", "f1");
        store.refusedSessions.put("locked", "57014");
        replayer.replayAll();
        assertThat(store.stored).containsEntry("free", List.of("f1")).doesNotContainKey("locked");
        assertThat(buffer.pendingFor("locked")).hasSize(1);

        store.refusedSessions.clear();
        replayer.replayAll();
        assertThat(store.stored).containsEntry("locked", List.of("l1"));
    }

    @Test
    void whatRunsWhileNotReplayingWaitsForARunningReplay() throws Exception {
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new ArrayList<>();
        BufferReplayer slow = new BufferReplayer(buffer, (session, ids, turns) -> {
            replaying.countDown();
            await(release);
            synchronized (events) {
                events.add("written " + turns);
            }
            return turns.size();
        }, new DatabaseGuard("slow-replay-test",
                new ResilienceSettings(50, 100, 100, Duration.ofSeconds(1), 1, 1, Duration.ofMillis(1)), Clock.systemUTC()));
        buffer("s", "t1");
        CompletableFuture<Void> replay = CompletableFuture.runAsync(slow::replayAll);
        assertThat(replaying.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> clear = CompletableFuture.runAsync(() -> slow.whileNotReplaying(() -> {
            synchronized (events) {
                events.add("cleared");
            }
            return buffer.removeSession("s");
        }));
        release.countDown();
        replay.get(10, TimeUnit.SECONDS);
        clear.get(10, TimeUnit.SECONDS);
        assertThat(events).containsExactly("written [t1]", "cleared");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
