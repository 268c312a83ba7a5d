package dev.memorysdk.example;

import java.nio.charset.StandardCharsets;

/**
 * What can be known about a query before a model is paid to answer it: whether memory could store
 * it with any answer at all. Constants only.
 */
final class StorableQuery {

    private StorableQuery() {
    }

    /**
     * Rejects a query memory could not store whatever the answer. The check is a lower bound of the
     * stored size (the query's UTF-8 bytes; the stored JSON adds escapes, the answer and the turn's
     * fields), so a query it passes may still make a turn too large once the answer is known.
     *
     * @throws IllegalArgumentException if {@code query} is null, holds NUL (which PostgreSQL cannot
     *     store) or is larger than {@code maxInteractionBytes} in UTF-8; the message does not repeat it
     */
    static void require(String query, int maxInteractionBytes) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        int nul = query.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException("query contains the NUL character (U+0000) at index " + nul
                    + ", which PostgreSQL cannot store");
        }
        long bytes = query.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxInteractionBytes) {
            throw new IllegalArgumentException("query is " + bytes + " bytes in UTF-8, more than maxInteractionBytes ("
                    + maxInteractionBytes + ") a stored turn may take with its answer");
        }
    }
}
