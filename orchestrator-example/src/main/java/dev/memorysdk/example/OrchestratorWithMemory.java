package dev.memorysdk.example;

import dev.memorysdk.ContextRead;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator flow with session memory: preload the session's recent turns, answer the query
 * with them, write the new turn back.
 *
 * <p>Memory never stops a query from being answered: if reading the context fails the query is
 * answered without it, and if writing the turn fails (the database is gone, or the answer makes the
 * turn too large to store) the answer is still returned, with {@code stored} false. Both are logged
 * at WARN with the session id only (user text is logged at DEBUG at most). What can be checked
 * before the model is paid for is checked first: the session id, and a query that could not be
 * stored whatever the answer.
 *
 * <p>Thread-safe if the {@link QueryProcessor} is: the {@link MemoryManager} is, and this class
 * holds no other state. Share one instance across requests.
 */
public final class OrchestratorWithMemory {

    /** How many recent turns are handed to the processor with each query. */
    public static final int DEFAULT_CONTEXT_TURNS = MemoryManager.DEFAULT_CONTEXT_LIMIT;

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorWithMemory.class);

    private final MemoryManager memory;
    private final QueryProcessor processor;
    private final int contextTurns;

    /**
     * Creates an orchestrator that preloads the last {@value #DEFAULT_CONTEXT_TURNS} turns.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public OrchestratorWithMemory(MemoryManager memory, QueryProcessor processor) {
        this(memory, processor, DEFAULT_CONTEXT_TURNS);
    }

    /**
     * Creates an orchestrator that preloads the last {@code contextTurns} turns.
     *
     * @throws IllegalArgumentException if an argument is null or {@code contextTurns} is below 1
     */
    public OrchestratorWithMemory(MemoryManager memory, QueryProcessor processor, int contextTurns) {
        if (memory == null) {
            throw new IllegalArgumentException("memory must not be null");
        }
        if (processor == null) {
            throw new IllegalArgumentException("processor must not be null");
        }
        if (contextTurns < 1) {
            throw new IllegalArgumentException("contextTurns must be at least 1, was " + contextTurns);
        }
        this.memory = memory;
        this.processor = processor;
        this.contextTurns = contextTurns;
    }

    /**
     * Answers {@code query} for the session: preloads its context, calls the processor, stores the
     * turn. Blocks for the memory calls and the processor.
     *
     * @return the answer and the context it was produced with
     * @throws IllegalArgumentException if the query is null, holds text PostgreSQL cannot store or is
     *     too large to store with any answer, or the session id is invalid (the processor is not called)
     * @throws QueryProcessorException  if the processor failed (nothing is stored)
     */
    public OrchestratorResponse processQuery(String query, String sessionId) {
        StorableQuery.require(query, MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES);
        Preloaded context = preloadContext(sessionId);
        List<Interaction> used = context.turns();
        String answer = processor.process(query, used);
        if (answer == null) {
            throw new QueryProcessorException("query processor returned no answer for session " + sessionId);
        }
        boolean stored = storeTurn(sessionId, query, answer);
        LOG.debug("Session {}: answered with {} turns of context, stored={}, queryLength={}, answerLength={}",
                sessionId, used.size(), stored, query.length(), answer.length());
        return new OrchestratorResponse(answer, used, context.fromDatabase(), stored);
    }

    /**
     * Returns what is stored for the session, or empty if it does not exist or memory is unavailable.
     *
     * @throws IllegalArgumentException if the session id is invalid
     */
    public Optional<SessionStats> getSessionStats(String sessionId) {
        try {
            return memory.getSessionStats(sessionId);
        } catch (MemoryException unavailable) {
            LOG.warn("Reading stats of session {} failed: {}", sessionId, unavailable.getMessage());
            return Optional.empty();
        }
    }

    /** The turns read for a query, and whether the database answered (not a fallback alone). */
    private record Preloaded(List<Interaction> turns, boolean fromDatabase) {
    }

    // Under the SKIP and BUFFER policies an unavailable database reads as an empty list or as the
    // buffered turns alone, which the read says: still worth answering with, but not counted as loaded.
    private Preloaded preloadContext(String sessionId) {
        try {
            ContextRead read = memory.readContext(sessionId, contextTurns);
            if (read.fromFallback()) {
                LOG.warn("Preloading context of session {} found memory down, answering with the {} buffered turns",
                        sessionId, read.turns().size());
                return new Preloaded(read.turns(), false);
            }
            return new Preloaded(read.turns(), true);
        } catch (MemoryException unavailable) {
            LOG.warn("Preloading context of session {} failed, answering without it: {}",
                    sessionId, unavailable.getMessage());
            return new Preloaded(List.of(), false);
        }
    }

    private boolean storeTurn(String sessionId, String query, String answer) {
        try {
            return memory.addToMemory(sessionId, Interaction.of(query, answer).withMetadata(processor.turnMetadata()));
        } catch (MemoryException unavailable) {
            LOG.warn("Storing a turn of session {} failed, the answer is returned anyway: {}",
                    sessionId, unavailable.getMessage());
            return false;
        } catch (IllegalArgumentException unstorable) {
            // The query passed before the model was called, so it is the answer that cannot be stored.
            LOG.warn("The answer in session {} cannot be stored, it is returned anyway: {}",
                    sessionId, unstorable.getMessage());
            return false;
        }
    }
}
