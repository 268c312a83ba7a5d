package dev.memorysdk.example;

import dev.memorysdk.Interaction;
import java.util.List;

/**
 * What {@link OrchestratorWithMemory#processQuery} returns. Immutable and thread-safe.
 *
 * @param answer          the processor's answer, not null
 * @param context         the turns the answer was produced with, oldest first; never null, unmodifiable
 * @param contextLoaded   {@code false} if the database could not be read and the query was answered
 *                        without context or with the turns buffered during the outage only
 * @param stored          {@code true} if memory accepted the turn (stored or buffered for replay)
 */
public record OrchestratorResponse(String answer, List<Interaction> context, boolean contextLoaded, boolean stored) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if {@code answer} or {@code context} is null
     */
    public OrchestratorResponse {
        if (answer == null) {
            throw new IllegalArgumentException("answer must not be null");
        }
        if (context == null) {
            throw new IllegalArgumentException("context must not be null");
        }
        context = List.copyOf(context);
    }

    /** Whether memory took part fully: the context was read and the turn was stored. */
    public boolean memoryAvailable() {
        return contextLoaded && stored;
    }
}
