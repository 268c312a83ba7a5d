package dev.memorysdk.internal;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.json.StorableText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the arguments of memory operations before anything reaches the database, throwing
 * {@link IllegalArgumentException} with a message that names the argument and the problem.
 * Thread-safe.
 */
public final class InputValidation {

    /** The most turns one batch append accepts. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private final int maxInteractionBytes;

    public InputValidation(int maxInteractionBytes) {
        this.maxInteractionBytes = maxInteractionBytes;
    }

    public void requireSessionId(String sessionId) {
        if (sessionId == null) {
            throw new IllegalArgumentException("sessionId must not be null");
        }
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
        // Characters as the VARCHAR column counts them (code points), not UTF-16 units.
        int characters = sessionId.codePointCount(0, sessionId.length());
        if (characters > MemoryManager.MAX_SESSION_ID_LENGTH) {
            throw new IllegalArgumentException("sessionId must be at most " + MemoryManager.MAX_SESSION_ID_LENGTH
                    + " characters, was " + characters);
        }
        StorableText.require("sessionId", sessionId);
    }

    public void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public void requirePositive(String name, Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
        }
    }

    public void requireAtLeastOneSecond(String name, Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 second and " + Integer.MAX_VALUE
                    + " seconds, was " + duration);
        }
    }

    /**
     * Checks that the turn can be stored unchanged and is within the size limit; returns its
     * encoded JSON.
     */
    public String requireStorable(Interaction interaction, InteractionCodec codec) {
        if (interaction == null) {
            throw new IllegalArgumentException("interaction must not be null");
        }
        StorableText.require("interaction id", interaction.id());
        StorableText.require("query", interaction.query());
        StorableText.require("answer", interaction.answer());
        StorableText.requireDeep("metadata", interaction.metadata());
        String encoded = codec.encode(interaction);
        if (!interaction.metadata().isEmpty()) {
            // Arrays, records and beans in metadata are only seen as JSON: check what was encoded.
            StorableText.requireEncodedJson("metadata", encoded);
        }
        long bytes = StorableText.utf8Length(encoded);
        if (bytes > maxInteractionBytes) {
            throw new IllegalArgumentException("interaction " + interaction.id() + " is " + bytes
                    + " bytes as stored JSON, more than maxInteractionBytes (" + maxInteractionBytes + ")");
        }
        return encoded;
    }

    /**
     * Checks the ids of turns to remove and returns them without repeats; none of them may be among
     * the turns to append ({@code appendIds}).
     */
    public List<String> requireRemovableIds(Collection<String> removeTurnIds, Set<String> appendIds) {
        if (removeTurnIds == null) {
            throw new IllegalArgumentException("removeTurnIds must not be null");
        }
        if (removeTurnIds.size() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("removeTurnIds must hold at most " + MAX_BATCH_SIZE
                    + " ids per call, held " + removeTurnIds.size());
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : removeTurnIds) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("removeTurnIds must not hold a null or blank id");
            }
            StorableText.require("removeTurnIds", id);
            if (appendIds.contains(id)) {
                throw new IllegalArgumentException("turn " + id + " is both to remove and to append");
            }
            distinct.add(id);
        }
        return List.copyOf(distinct);
    }

    /**
     * Checks a batch and returns it without repeated ids (the first of each kept, order preserved).
     */
    public List<Interaction> requireDistinctTurns(List<Interaction> interactions) {
        if (interactions == null) {
            throw new IllegalArgumentException("interactions must not be null");
        }
        if (interactions.size() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("interactions must hold at most " + MAX_BATCH_SIZE
                    + " turns per call, held " + interactions.size());
        }
        Set<String> ids = new HashSet<>();
        List<Interaction> distinct = new ArrayList<>(interactions.size());
        for (int i = 0; i < interactions.size(); i++) {
            Interaction interaction = interactions.get(i);
            if (interaction == null) {
                throw new IllegalArgumentException("interactions[" + i + "] must not be null");
            }
            if (ids.add(interaction.id())) {
                distinct.add(interaction);
            }
        }
        return distinct;
    }
}
