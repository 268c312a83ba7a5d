package dev.memorysdk;

/**
 * The re-encrypt pass of a manager with encryption: moves stored turns under older keys (and,
 * optionally, turns stored plain) to their session's current key, so an old key can be retired.
 * Obtained from {@link MemoryManager#keyRotation()}.
 *
 * <p>Sessions are read in session id order, a batch at a time, and each session is written back
 * with one short statement that replaces only the turns still stored exactly as read: appends,
 * context reads, pruning and cleanup run alongside it, and a turn appended meanwhile is never lost
 * (it is written under the current key anyway). Session TTLs and {@code updated_at} are unchanged.
 * Turns that cannot be decrypted are left as stored and counted. Implementations are thread-safe;
 * run one pass at a time (two passes do no harm, only double work).
 */
public interface KeyRotation {

    /** Default sessions read per batch by {@link #rewriteAll}. */
    int DEFAULT_BATCH_SESSIONS = 100;
    /** The most sessions one batch reads. */
    int MAX_BATCH_SESSIONS = 10_000;

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
    RotationProgress rewriteBatch(String afterSessionId, int maxSessions, boolean includePlainTurns);

    /**
     * Runs batches of {@value #DEFAULT_BATCH_SESSIONS} sessions from the first session to the end
     * of the table. Blocks until then.
     *
     * @return the whole pass's progress
     * @throws MemoryException if the database fails; resume with {@link #rewriteBatch} from the last
     *     session id a batch reported (the exception does not carry it: use batches to checkpoint)
     */
    default RotationProgress rewriteAll(boolean includePlainTurns) {
        RotationProgress total = RotationProgress.start("");
        do {
            total = total.plus(rewriteBatch(total.lastSessionId(), DEFAULT_BATCH_SESSIONS, includePlainTurns));
        } while (!total.done());
        return total;
    }
}
