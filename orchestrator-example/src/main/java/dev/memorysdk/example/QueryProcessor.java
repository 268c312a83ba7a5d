package dev.memorysdk.example;

import dev.memorysdk.Interaction;
import java.util.List;
import java.util.Map;

/**
 * Turns a query into an answer, given the session's recent turns. This is where an orchestrator
 * calls its model; {@link OrchestratorWithMemory} supplies the context and stores the result.
 *
 * <p>Implementations used by a server must be thread-safe: one instance serves every session.
 */
@FunctionalInterface
public interface QueryProcessor {

    /**
     * Answers the query.
     *
     * @param query   what the user asked, not null
     * @param context the session's recent turns, oldest first; empty for a new session or when
     *                memory is unavailable; never null, unmodifiable
     * @return the answer, not null
     * @throws QueryProcessorException if the answer could not be produced (the turn is then not stored)
     */
    String process(String query, List<Interaction> context);

    /**
     * What is stored with each turn this processor answers, in the turn's metadata: which processor
     * and, for a model, which one ({@code "processor"} and {@code "model"}), so that the console can
     * count turns per model. Never user text or credentials. Empty by default.
     *
     * @return the metadata, not null, the same for every turn
     */
    default Map<String, Object> turnMetadata() {
        return Map.of();
    }

    /** What answers, for a start-up line: a name and, for a model, which one and where (no credentials). */
    default String description() {
        return getClass().getSimpleName();
    }
}
