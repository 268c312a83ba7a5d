package dev.memorysdk;

import java.util.List;

/**
 * What a read of a session's context found, and where it came from: a caller can tell "nothing
 * stored yet" (empty, from the database) from "the database could not be read" (from the fallback)
 * without a second call. Immutable and thread-safe.
 *
 * @param turns        the turns, oldest first; an unmodifiable copy, never null
 * @param fromFallback {@code true} when the database could not be read and the configured
 *                     {@link FallbackPolicy} answered instead: no turns under
 *                     {@link FallbackPolicy#SKIP}, only the buffered turns under
 *                     {@link FallbackPolicy#BUFFER}
 */
public record ContextRead(List<Interaction> turns, boolean fromFallback) {

    /**
     * Validates and copies the turns.
     *
     * @throws IllegalArgumentException if {@code turns} is null or holds null
     */
    public ContextRead {
        if (turns == null) {
            throw new IllegalArgumentException("turns must not be null");
        }
        for (Interaction turn : turns) {
            if (turn == null) {
                throw new IllegalArgumentException("turns must not contain null");
            }
        }
        turns = List.copyOf(turns);
    }
}
