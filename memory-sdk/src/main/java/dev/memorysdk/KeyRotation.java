package dev.memorysdk;

import dev.memorysdk.internal.rotation.SessionReencryptor;
import dev.memorysdk.postgres.PostgresMemoryManager;

/**
 * The re-encrypt pass of a manager with encryption: moves stored turns under older keys (and,
 * optionally, turns stored plain) to their session's current key, so an old key can be retired.
 * Obtained from {@link PostgresMemoryManager#keyRotation()}.
 *
 * <p>Sessions are read in session id order, a batch at a time, and each session is written back
 * with one short statement that replaces only the turns still stored exactly as read: appends,
 * context reads, pruning and cleanup run alongside it, and a turn appended meanwhile is never lost
 * (it is written under the current key anyway). Session TTLs and {@code updated_at} are unchanged.
 * Turns that cannot be decrypted are left as stored and counted. Thread-safe; run one pass at a
 * time (two passes do no harm, only double work).
 */
public final class KeyRotation {

    /** Default sessions read per batch by {@link #rewriteAll}. */
    public static final int DEFAULT_BATCH_SESSIONS = 100;
    /** The most sessions one batch reads. */
    public static final int MAX_BATCH_SESSIONS = 10_000;

    private final SessionReencryptor reencryptor;

    public KeyRotation(SessionReencryptor reencryptor) {
        this.reencryptor = reencryptor;
    }

    /**
     * Rewrites one batch: up to {@code maxSessions} sessions whose id sorts after
     * {@code afterSessionId}. Blocks for the batch's statements (each bounded by the statement
     * timeout).
     *
     * @param afterSessionId    the previous batch's {@link RotationProgress#lastSessionId()}, or
     *                          {@code ""} (or null) to start at the first session
     * @param maxSessions       sessions to read, 1 to {@value #MAX_BATCH_SESSIONS}
     * @param includePlainTurns whether turns stored without encryption are encrypted too
     * @return this batch's progress; {@link RotationProgress#done()} once the end of the table is reached
     * @throws IllegalArgumentException if {@code maxSessions} is out of range
     * @throws MemoryException if the database fails; running the same batch again is safe
     */
    public RotationProgress rewriteBatch(String afterSessionId, int maxSessions, boolean includePlainTurns) {
        if (maxSessions < 1 || maxSessions > MAX_BATCH_SESSIONS) {
            throw new IllegalArgumentException("maxSessions must be between 1 and " + MAX_BATCH_SESSIONS
                    + ", was " + maxSessions);
        }
        return reencryptor.rewriteBatch(afterSessionId == null ? "" : afterSessionId, maxSessions, includePlainTurns);
    }

    /**
     * Runs batches of {@value #DEFAULT_BATCH_SESSIONS} sessions from the first session to the end
     * of the table. Blocks until then.
     *
     * @return the whole pass's progress
     * @throws MemoryException if the database fails; resume with {@link #rewriteBatch} from the last
     *     session id a batch reported (the exception does not carry it: use batches to checkpoint)
     */
    public RotationProgress rewriteAll(boolean includePlainTurns) {
        RotationProgress total = RotationProgress.start("");
        do {
            total = total.plus(rewriteBatch(total.lastSessionId(), DEFAULT_BATCH_SESSIONS, includePlainTurns));
        } while (!total.done());
        return total;
    }
}
