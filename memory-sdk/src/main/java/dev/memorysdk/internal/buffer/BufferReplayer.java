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
 * Writes buffered turns to the database, session by session, oldest first, in batches through the
 * guard. Replay is idempotent: turns are appended by id, so a batch written but not acknowledged
 * is not stored twice when retried. One replay at a time, so a session's turns never overtake each
 * other. Thread-safe.
 */
public final class BufferReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(BufferReplayer.class);
    private static final int TURNS_PER_BATCH = 50;

    private final OutageBuffer buffer;
    private final SessionStore store;
    private final DatabaseGuard guard;
    private final ReentrantLock replayLock = new ReentrantLock();

    public BufferReplayer(OutageBuffer buffer, SessionStore store, DatabaseGuard guard) {
        this.buffer = buffer;
        this.store = store;
        this.guard = guard;
    }

    /**
     * Writes the session's buffered turns. Returns true when none is left buffered for it, false
     * when the database is still unavailable.
     */
    public boolean replaySession(String sessionId) {
        replayLock.lock();
        try {
            return replayLocked(sessionId);
        } finally {
            replayLock.unlock();
        }
    }

    /** Replays every session, in the order their turns arrived; stops at the first unavailability. */
    public void replayAll() {
        if (buffer.isEmpty() || !replayLock.tryLock()) {
            return;
        }
        try {
            int before = buffer.size();
            for (String sessionId : buffer.sessionsInArrivalOrder()) {
                if (!replayLocked(sessionId)) {
                    return;
                }
            }
            LOG.info("Replayed {} buffered turn(s) to the database", before - buffer.size());
        } finally {
            replayLock.unlock();
        }
    }

    private boolean replayLocked(String sessionId) {
        List<PendingTurn> pending = buffer.pendingFor(sessionId);
        for (int from = 0; from < pending.size(); from += TURNS_PER_BATCH) {
            List<PendingTurn> batch = pending.subList(from, Math.min(pending.size(), from + TURNS_PER_BATCH));
            List<String> encoded = new ArrayList<>(batch.size());
            batch.forEach(turn -> encoded.add(turn.encodedTurn()));
            try {
                guard.call(() -> store.appendAll(sessionId, encoded));
            } catch (RuntimeException failure) {
                if (FailureClassifier.isUnavailable(failure)) {
                    return false;
                }
                LOG.error("Dropping {} buffered turn(s) of session {}: the database refused them", batch.size(),
                        sessionId, failure);
            }
            buffer.remove(batch);
        }
        return true;
    }
}
