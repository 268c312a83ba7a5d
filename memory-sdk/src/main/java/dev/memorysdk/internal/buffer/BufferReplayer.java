package dev.memorysdk.internal.buffer;

import dev.memorysdk.internal.buffer.OutageBuffer.PendingTurn;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.store.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes buffered turns to the database, session by session, oldest first, in batches. Replay is
 * idempotent: turns are appended by id, so a batch written but not acknowledged is not stored
 * twice when written again. One replay at a time (callers never wait for it: an append that finds
 * a replay running queues behind it in the buffer), so a session's turns never overtake each
 * other. Thread-safe.
 */
public final class BufferReplayer {

    /** Turns written per statement when replaying. */
    public static final int TURNS_PER_BATCH = 50;

    private static final Logger LOG = LoggerFactory.getLogger(BufferReplayer.class);

    private final OutageBuffer buffer;
    private final SessionStore store;
    private final DatabaseGuard guard;
    private final ReentrantLock replayLock = new ReentrantLock();

    public BufferReplayer(OutageBuffer buffer, SessionStore store, DatabaseGuard guard) {
        this.buffer = buffer;
        this.store = store;
        this.guard = guard;
    }

    /** How an append behind a session's buffered turns went. */
    public enum BehindBuffered {
        /** The buffered turns and the new ones were written, in order, in one statement. */
        WRITTEN,
        /** Not written now (database unavailable, too many buffered, or a replay running): buffer them. */
        QUEUE_BEHIND
    }

    /**
     * Writes the session's buffered turns followed by {@code encodedTurns} in one guarded statement,
     * so new turns cannot overtake buffered ones, when no replay is running and the session has
     * fewer than {@link #TURNS_PER_BATCH} buffered turns. Never waits for a running replay; makes
     * at most one guarded call. If the write fails for any reason the new turns are to be queued
     * behind: the replay writes them later, or logs and drops a batch the database refuses.
     */
    public BehindBuffered writeBehindBuffered(String sessionId, List<String> encodedTurns) {
        if (!replayLock.tryLock()) {
            return BehindBuffered.QUEUE_BEHIND;
        }
        try {
            List<PendingTurn> pending = buffer.oldestFor(sessionId, TURNS_PER_BATCH);
            if (pending.size() >= TURNS_PER_BATCH) {
                return BehindBuffered.QUEUE_BEHIND;
            }
            List<String> encoded = new ArrayList<>(pending.size() + encodedTurns.size());
            pending.forEach(turn -> encoded.add(turn.encodedTurn()));
            encoded.addAll(encodedTurns);
            try {
                writeGuarded(sessionId, encoded);
            } catch (RuntimeException failure) {
                LOG.debug("Session {}: writing behind buffered turns failed, queueing: {}", sessionId,
                        failure.toString());
                return BehindBuffered.QUEUE_BEHIND;
            }
            buffer.remove(pending);
            return BehindBuffered.WRITTEN;
        } finally {
            replayLock.unlock();
        }
    }

    /**
     * Replays every session through the guard, in the order their turns arrived; stops at the first
     * unavailability. Returns at once if a replay is already running.
     */
    public void replayAll() {
        if (buffer.isEmpty() || !replayLock.tryLock()) {
            return;
        }
        try {
            replayAllLocked(this::writeGuarded);
        } finally {
            replayLock.unlock();
        }
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
            return replayAllLocked(this::writeBypassingBreaker);
        } finally {
            replayLock.unlock();
        }
    }

    /** Replays session by session; returns the failure that stopped it, or null. */
    private RuntimeException replayAllLocked(BatchWriter writer) {
        int before = buffer.size();
        for (String sessionId : buffer.sessionsInArrivalOrder()) {
            RuntimeException stopped = replaySession(sessionId, writer);
            if (stopped != null) {
                LOG.debug("Replay paused, {} turn(s) still buffered: {}", buffer.size(), stopped.toString());
                return stopped;
            }
        }
        LOG.info("Replayed {} buffered turn(s) to the database", before - buffer.size());
        return null;
    }

    private RuntimeException replaySession(String sessionId, BatchWriter writer) {
        List<PendingTurn> pending = buffer.pendingFor(sessionId);
        for (int from = 0; from < pending.size(); from += TURNS_PER_BATCH) {
            List<PendingTurn> batch = pending.subList(from, Math.min(pending.size(), from + TURNS_PER_BATCH));
            List<String> encoded = new ArrayList<>(batch.size());
            batch.forEach(turn -> encoded.add(turn.encodedTurn()));
            try {
                writer.write(sessionId, encoded);
            } catch (RuntimeException failure) {
                if (!FailureClassifier.isRefusedByDatabase(failure)) {
                    // Unavailable, or failed on our side (interrupted, pool closed): keep the turns.
                    return failure;
                }
                LOG.error("Dropping {} buffered turn(s) of session {}: the database refused them", batch.size(),
                        sessionId, failure);
            }
            buffer.remove(batch);
        }
        return null;
    }

    private void writeGuarded(String sessionId, List<String> encoded) {
        guard.call(() -> store.appendAll(sessionId, encoded));
    }

    private void writeBypassingBreaker(String sessionId, List<String> encoded) {
        guard.callBypassingBreaker(() -> store.appendAll(sessionId, encoded));
    }

    @FunctionalInterface
    private interface BatchWriter {
        void write(String sessionId, List<String> encodedTurns);
    }
}
