package dev.memorysdk;

/**
 * What a re-encrypt pass (or one batch of it) did. Pass {@link #lastSessionId()} to the next
 * {@link KeyRotation#rewriteBatch} call to continue where this one stopped; a pass can resume from
 * it after a restart.
 *
 * @param lastSessionId     the last session id scanned: the cursor of the next batch ({@code ""}
 *                          before the first session)
 * @param sessionsScanned   sessions read
 * @param sessionsRewritten sessions whose row was written
 * @param turnsRewritten    turns now stored under their session's current key by this pass
 * @param turnsUnreadable   turns left as stored because they cannot be decrypted (their key is
 *                          unknown, or they were altered), or plain turns that fail the checks
 *                          of a new turn (size, text)
 * @param done              whether the scan reached the end of the table
 */
public record RotationProgress(String lastSessionId, int sessionsScanned, int sessionsRewritten,
                               long turnsRewritten, long turnsUnreadable, boolean done) {

    /** Progress of nothing yet, positioned after {@code afterSessionId}. */
    public static RotationProgress start(String afterSessionId) {
        return new RotationProgress(afterSessionId, 0, 0, 0, 0, false);
    }

    /** This progress followed by {@code next}: counts added, the cursor and {@code done} of {@code next}. */
    public RotationProgress plus(RotationProgress next) {
        return new RotationProgress(next.lastSessionId, sessionsScanned + next.sessionsScanned,
                sessionsRewritten + next.sessionsRewritten, turnsRewritten + next.turnsRewritten,
                turnsUnreadable + next.turnsUnreadable, next.done);
    }

    /** This progress with {@code done} set as given. */
    public RotationProgress finishedBatch(boolean reachedEnd) {
        return new RotationProgress(lastSessionId, sessionsScanned, sessionsRewritten, turnsRewritten,
                turnsUnreadable, reachedEnd);
    }
}
