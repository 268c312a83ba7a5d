package dev.memorysdk;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One query/answer turn of a session.
 *
 * <p>The {@code id} identifies the turn: storing an interaction whose id is already in the
 * session's history is a no-op, which makes appends safe to retry. Turns written without an id
 * (for example by older services) are given a stable id derived from their content when read.
 *
 * <p>Instances are immutable and thread-safe. {@code metadata} is copied on construction and
 * returned unmodifiable; its values must be serialisable as JSON (strings, numbers, booleans,
 * lists, maps or {@code null}).
 *
 * @param id        the turn's identifier, not blank, at most {@value #MAX_ID_LENGTH} characters
 * @param query     what the user asked, not null
 * @param answer    what the orchestrator answered, not null
 * @param timestamp when the turn happened, not null; stored as ISO-8601 UTC
 * @param metadata  free-form data stored with the turn, never null (empty when absent)
 */
public record Interaction(String id, String query, String answer, Instant timestamp,
                          Map<String, Object> metadata) {

    /** The longest accepted {@link #id()}, in characters. */
    public static final int MAX_ID_LENGTH = 255;

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if a component is null, or the id is blank or too long
     */
    public Interaction {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("interaction id must not be null or blank");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "interaction id must be at most " + MAX_ID_LENGTH + " characters, was " + id.length());
        }
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        if (answer == null) {
            throw new IllegalArgumentException("answer must not be null");
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("timestamp must not be null");
        }
        metadata = metadata == null || metadata.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Creates a turn without metadata.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Interaction(String id, String query, String answer, Instant timestamp) {
        this(id, query, answer, timestamp, Map.of());
    }

    /**
     * Creates a turn with a new random id, the current time and no metadata.
     *
     * @throws IllegalArgumentException if {@code query} or {@code answer} is null
     */
    public static Interaction of(String query, String answer) {
        return new Interaction(UUID.randomUUID().toString(), query, answer, Instant.now(), Map.of());
    }

    /**
     * Returns a copy of this turn with the given metadata.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public Interaction withMetadata(Map<String, Object> newMetadata) {
        return new Interaction(id, query, answer, timestamp, newMetadata);
    }

    @Override
    public String toString() {
        // Query and answer are user text: keep them out of logs that print this object.
        return "Interaction[id=" + id + ", timestamp=" + timestamp
                + ", queryLength=" + query.length() + ", answerLength=" + answer.length()
                + ", metadataKeys=" + metadata.keySet() + "]";
    }
}
