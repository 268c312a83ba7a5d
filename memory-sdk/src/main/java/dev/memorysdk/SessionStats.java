package dev.memorysdk;

import java.time.Instant;

/**
 * What is stored for one session: how many turns, and when it last changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionId     the session, not blank
 * @param historyLength the number of stored turns, zero or more (expired turns not yet pruned count)
 * @param lastUpdated   when the session was last written, not null
 */
public record SessionStats(String sessionId, int historyLength, Instant lastUpdated) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public SessionStats {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be null or blank");
        }
        if (historyLength < 0) {
            throw new IllegalArgumentException("historyLength must be zero or more, was " + historyLength);
        }
        if (lastUpdated == null) {
            throw new IllegalArgumentException("lastUpdated must not be null");
        }
    }
}
