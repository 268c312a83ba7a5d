package dev.memorysdk.internal.buffer;

import dev.memorysdk.Interaction;
import dev.memorysdk.internal.buffer.OutageBuffer.PendingTurn;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.resilience.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes buffered turns to the database, session by session, oldest first, in batches. Replay is
 * idempotent: turns are appended by id, so a batch written but not acknowledged is not stored
 * twice when written again. One replay round at a time, and one writer per session (an append that
 * finds its session being written queues behind it in the buffer; a clear waits only for its own
 * session), so a session's turns never overtake each other.
 *
 * <p>What a failed batch does to the buffer:
 * <ul>
 *   <li>refused for its data (SQLState class {@code 22}): the batch is split until the refused turn
 *       is found; only that turn is dropped (logged by id and counted), the rest are written;</li>
 *   <li>timed out (a session row locked longer than the statement timeout): the session keeps its
 *       turns and a periodic replay goes on with the other sessions (the last one, on close, stops);</li>
 *   <li>refused for the session (an integrity violation, class {@code 23}, or a trigger's
 *       {@code P0001}): the session is set aside, its turns kept, and the replay goes on;</li>
 *   <li>anything else (the database unavailable, read-only, full, missing a privilege or the table):
 *       every turn stays buffered and the replay stops until the next round.</li>
 * </ul>
 * Thread-safe.
 */
public final class BufferReplayer {

    /** Turns written per statement when replaying. */
    public static final int TURNS_PER_BATCH = 50;

    private static final Logger LOG = LoggerFactory.getLogger(BufferReplayer.class);

    private final OutageBuffer buffer;
    private final BatchAppender store;
    private final DatabaseGuard guard;
    private final ReentrantLock replayLock = new ReentrantLock();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastStopReason;
    private volatile boolean stopped;
    private final SessionLocks sessionLocks = new SessionLocks();
    private final Map<String, Boolean> setAside = new ConcurrentHashMap<>();

    /**
     * Appends encoded turns (the id of each in {@code ids}) to a session after its last
     * already-stored one, as {@code SessionStore.appendAll} does; returns how many were new.
     */
    @FunctionalInterface
    public interface BatchAppender {
        int appendAll(String sessionId, List<String> ids, List<String> encodedTurns);
    }

    public BufferReplayer(OutageBuffer buffer, BatchAppender store, DatabaseGuard guard) {
        this.buffer = buffer;
        this.store = store;
        this.guard = guard;
    }

    /** Buffered turns dropped because the database refused their data, since start. */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * Runs {@code action} while no replay (and no write behind buffered turns) is running, waiting
     * for a running one to finish: what {@code action} removes from the buffer and the database
     * cannot be written back by a replay that had already read it.
     */
    public <T> T whileNotReplaying(Supplier<T> action) {
        replayLock.lock();
        try {
            return sessionLocks.whileAllHeld(action);
        } finally {
            replayLock.unlock();
        }
    }

    /**
     * Runs {@code action} while no replay (and no write behind buffered turns) is writing
     * {@code sessionId}, waiting at most for the one running on that session: a replay busy with
     * other sessions does not hold it up, and what {@code action} removes cannot be written back.
     */
    public <T> T whileNotReplaying(String sessionId, Supplier<T> action) {
        ReentrantLock lock = sessionLocks.lockFor(sessionId);
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** How an append behind a session's buffered turns went. */
    public enum BehindBuffered {
        /** The buffered turns and the new ones were written, in order, in one statement. */
        WRITTEN,
        /** Not written now (database unavailable, too many buffered, or a replay running): buffer them. */
        QUEUE_BEHIND
    }

    /**
     * Writes the session's buffered turns followed by {@code turns} (encoded as {@code encodedTurns})
     * in one guarded statement, so new turns cannot overtake buffered ones, when no replay is running
     * and the session has fewer than {@link #TURNS_PER_BATCH} buffered turns. Never waits for a
     * running replay; makes at most one guarded call. If the write fails for any reason the new turns
     * are to be queued behind: the replay writes them later, or logs and drops a batch the database
     * refuses.
     */
    public BehindBuffered writeBehindBuffered(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        ReentrantLock sessionLock = sessionLocks.lockFor(sessionId);
        if (!sessionLock.tryLock()) {
            return BehindBuffered.QUEUE_BEHIND;
        }
        try {
            List<PendingTurn> pending = buffer.oldestFor(sessionId, TURNS_PER_BATCH);
            if (pending.size() >= TURNS_PER_BATCH) {
                return BehindBuffered.QUEUE_BEHIND;
            }
            List<String> ids = new ArrayList<>(pending.size() + turns.size());
            List<String> encoded = new ArrayList<>(pending.size() + encodedTurns.size());
            for (PendingTurn turn : pending) {
                ids.add(turn.turn().id());
                encoded.add(turn.encodedTurn());
            }
            turns.forEach(turn -> ids.add(turn.id()));
            encoded.addAll(encodedTurns);
            try {
                writeGuarded(sessionId, ids, encoded);
            } catch (RuntimeException failure) {
                LOG.debug("Session {}: writing behind buffered turns failed, queueing: {}", sessionId,
                        failure.toString());
                return BehindBuffered.QUEUE_BEHIND;
            }
            buffer.remove(pending);
            return BehindBuffered.WRITTEN;
        } finally {
            sessionLock.unlock();
        }
    }

    /**
     * Replays every session through the guard, in the order their turns arrived; stops at the first
     * unavailability. Returns at once if a replay is already running.
     */
    public void replayAll() {
        if (stopped || buffer.isEmpty() || !replayLock.tryLock()) {
            return;
        }
        try {
            replayAllLocked(this::writeGuarded, false);
        } finally {
            replayLock.unlock();
        }
    }

    /**
     * Ends periodic replays: a running round stops after its current statement and no new one
     * starts. {@link #replayOnClose()} still runs.
     */
    public void stop() {
        stopped = true;
    }

    /**
     * One last replay on close: batches are written with the retry but bypassing the breaker (the
     * database may be back before the breaker noticed), stopping at the first unavailability.
     * Waits for a running replay to finish first.
     *
     * @return why the replay stopped early, or null if it wrote everything
     */
    public RuntimeException replayOnClose() {
        replayLock.lock();
        try {
            return replayAllLocked(this::writeBypassingBreaker, true);
        } finally {
            replayLock.unlock();
        }
    }

    /**
     * Replays session by session; returns the failure that stopped it (or the last skip), or null.
     * A periodic round goes on past a session that timed out; the last one, on close, stops there,
     * so close keeps its bound however many sessions a lock holds up. A periodic round also stops
     * once {@link #stop()} was called.
     */
    private RuntimeException replayAllLocked(BatchWriter writer, boolean last) {
        int before = buffer.size();
        RuntimeException skipped = null;
        List<String> sessions = buffer.sessionsInArrivalOrder();
        setAside.keySet().retainAll(sessions);
        for (String sessionId : sessions) {
            if (stopped && !last) {
                return null;
            }
            RuntimeException failure = replaySession(sessionId, writer, last);
            if (failure == null) {
                if (setAside.remove(sessionId) != null) {
                    LOG.info("Session {} is accepted by the database again; its buffered turns are written", sessionId);
                }
                continue;
            }
            if (FailureClassifier.isSessionRefused(failure)) {
                setAside(sessionId, failure);
                continue;
            }
            if (!last && FailureClassifier.classify(failure) == FailureKind.TIMEOUT) {
                LOG.debug("Replay of session {} timed out (row locked?); going on with the others", sessionId);
                skipped = failure;
                continue;
            }
            reportStop(failure);
            return failure;
        }
        lastStopReason = null;
        if (before > buffer.size()) {
            LOG.info("Replayed {} buffered turn(s) to the database", before - buffer.size());
        }
        return skipped;
    }

    /** DEBUG while the database is away; WARN once when it answers but refuses (an operator must act). */
    private void reportStop(RuntimeException failure) {
        String state = FailureClassifier.sqlState(failure);
        if (FailureClassifier.isUnavailable(failure) || state == null) {
            LOG.debug("Replay paused, {} turn(s) still buffered: {}", buffer.size(), failure.toString());
        } else if (!state.equals(lastStopReason)) {
            LOG.warn("Replay paused, {} turn(s) kept buffered: the database refuses writes ({})", buffer.size(),
                    FailureClassifier.describe(failure));
        }
        lastStopReason = state;
    }

    private RuntimeException replaySession(String sessionId, BatchWriter writer, boolean last) {
        ReentrantLock sessionLock = sessionLocks.lockFor(sessionId);
        sessionLock.lock();
        try {
            List<PendingTurn> pending = buffer.pendingFor(sessionId);
            for (int from = 0; from < pending.size() && (last || !stopped); from += TURNS_PER_BATCH) {
                RuntimeException failure = writeDroppingRefused(sessionId,
                        pending.subList(from, Math.min(pending.size(), from + TURNS_PER_BATCH)), writer);
                if (failure != null) {
                    return failure;
                }
            }
            return null;
        } finally {
            sessionLock.unlock();
        }
    }

    /**
     * Keeps the session's turns buffered and lets the replay go on with the others; WARNs the first
     * time only. The session is tried again each round, and leaves the set once written.
     */
    private void setAside(String sessionId, RuntimeException failure) {
        if (setAside.put(sessionId, Boolean.TRUE) == null) {
            LOG.warn("Replay sets session {} aside: the database refuses its turns ({}); they stay buffered and are "
                    + "tried again each round, the other sessions go on", sessionId, FailureClassifier.describe(failure));
        }
    }

    /** Sessions whose buffered turns the database refuses, kept buffered while the others replay. */
    public int setAsideCount() {
        return setAside.size();
    }

    /**
     * Writes the batch and removes it from the buffer. A batch refused for its data is split in
     * halves, in order, until the refused turn stands alone; that turn alone is dropped.
     *
     * @return the failure that kept (part of) the batch buffered, or null
     */
    private RuntimeException writeDroppingRefused(String sessionId, List<PendingTurn> batch, BatchWriter writer) {
        List<String> ids = new ArrayList<>(batch.size());
        List<String> encoded = new ArrayList<>(batch.size());
        for (PendingTurn turn : batch) {
            ids.add(turn.turn().id());
            encoded.add(turn.encodedTurn());
        }
        try {
            writer.write(sessionId, ids, encoded);
        } catch (RuntimeException failure) {
            if (!FailureClassifier.isDataRefused(failure)) {
                return failure;
            }
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                RuntimeException first = writeDroppingRefused(sessionId, batch.subList(0, half), writer);
                return first != null ? first : writeDroppingRefused(sessionId, batch.subList(half, batch.size()), writer);
            }
            refused.incrementAndGet();
            LOG.error("Dropping buffered turn {} of session {}: the database refuses its data ({})",
                    batch.get(0).turn().id(), sessionId, FailureClassifier.describe(failure));
        }
        buffer.remove(batch);
        return null;
    }

    private void writeGuarded(String sessionId, List<String> ids, List<String> encoded) {
        guard.call(() -> store.appendAll(sessionId, ids, encoded));
    }

    private void writeBypassingBreaker(String sessionId, List<String> ids, List<String> encoded) {
        guard.callBypassingBreaker(() -> store.appendAll(sessionId, ids, encoded));
    }

    @FunctionalInterface
    private interface BatchWriter {
        void write(String sessionId, List<String> ids, List<String> encodedTurns);
    }
}
