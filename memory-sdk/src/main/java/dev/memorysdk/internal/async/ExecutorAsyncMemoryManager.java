package dev.memorysdk.internal.async;

import dev.memorysdk.AsyncMemoryManager;
import dev.memorysdk.ContextRead;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.internal.InputValidation;
import dev.memorysdk.internal.write.TurnEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the blocking operations of a {@link MemoryManager} on a bounded executor. Arguments are
 * validated on the caller's thread first, with the {@link TurnEncoder}'s checks the blocking calls
 * run too, so bad input fails at once rather than in the future; so does a call after close. The
 * writes themselves run through the blocking calls, which encode (and encrypt) each turn. Thread-safe.
 */
public final class ExecutorAsyncMemoryManager implements AsyncMemoryManager {

    private final MemoryManager memory;
    private final InputValidation validation;
    private final TurnEncoder turns;
    private final ExecutorService executor;
    private final Runnable requireOpen;
    private final Clock clock;
    private final Set<CompletableFuture<?>> unfinished = ConcurrentHashMap.newKeySet();

    /**
     * @param requireOpen throws {@link IllegalStateException} once {@code memory} is closed
     * @param clock       stamps a turn given without a timestamp, as the blocking call does
     */
    public ExecutorAsyncMemoryManager(MemoryManager memory, InputValidation validation, TurnEncoder turns,
                                      ExecutorService executor, Runnable requireOpen, Clock clock) {
        this.memory = memory;
        this.validation = validation;
        this.turns = turns;
        this.executor = executor;
        this.requireOpen = requireOpen;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Boolean> addToMemory(String sessionId, String query, String answer) {
        return addToMemory(sessionId, query, answer, clock.instant());
    }

    @Override
    public CompletableFuture<Boolean> addToMemory(String sessionId, String query, String answer, Instant timestamp) {
        return addToMemory(sessionId, new Interaction(UUID.randomUUID().toString(), query, answer, timestamp));
    }

    @Override
    public CompletableFuture<Boolean> addToMemory(String sessionId, Interaction interaction) {
        turns.check(sessionId, interaction);
        return submit(() -> memory.addToMemory(sessionId, interaction));
    }

    @Override
    public CompletableFuture<Integer> addAllToMemory(String sessionId, List<Interaction> interactions) {
        List<Interaction> distinct = turns.checkAll(sessionId, interactions);
        return submit(() -> memory.addAllToMemory(sessionId, distinct));
    }

    @Override
    public CompletableFuture<Integer> updateMemory(String sessionId, Collection<String> removeTurnIds,
                                                   List<Interaction> append) {
        List<Interaction> distinct = turns.checkAll(sessionId, append);
        Set<String> appendIds = new HashSet<>();
        distinct.forEach(turn -> appendIds.add(turn.id()));
        List<String> removeIds = validation.requireRemovableIds(removeTurnIds, appendIds);
        return submit(() -> memory.updateMemory(sessionId, removeIds, distinct));
    }

    @Override
    public CompletableFuture<List<Interaction>> getContext(String sessionId) {
        return getContext(sessionId, MemoryManager.DEFAULT_CONTEXT_LIMIT);
    }

    @Override
    public CompletableFuture<List<Interaction>> getContext(String sessionId, int limit) {
        validation.requireSessionId(sessionId);
        validation.requireLimit(limit);
        return submit(() -> memory.getContext(sessionId, limit));
    }

    @Override
    public CompletableFuture<ContextRead> readContext(String sessionId, int limit) {
        validation.requireSessionId(sessionId);
        validation.requireLimit(limit);
        return submit(() -> memory.readContext(sessionId, limit));
    }

    @Override
    public CompletableFuture<Boolean> clearMemory(String sessionId) {
        validation.requireSessionId(sessionId);
        return submit(() -> memory.clearMemory(sessionId));
    }

    @Override
    public CompletableFuture<Integer> cleanupExpiredSessions() {
        return submit(memory::cleanupExpiredSessions);
    }

    @Override
    public CompletableFuture<Integer> cleanupExpiredSessions(Duration maxAge) {
        validation.requirePositive("maxAge", maxAge);
        return submit(() -> memory.cleanupExpiredSessions(maxAge));
    }

    @Override
    public CompletableFuture<Void> setSessionTtl(String sessionId, Duration ttl) {
        validation.requireSessionId(sessionId);
        if (ttl != null) {
            validation.requireAtLeastOneSecond("ttl", ttl);
        }
        return submit(() -> {
            memory.setSessionTtl(sessionId, ttl);
            return null;
        });
    }

    @Override
    public CompletableFuture<Optional<SessionStats>> getSessionStats(String sessionId) {
        validation.requireSessionId(sessionId);
        return submit(() -> memory.getSessionStats(sessionId));
    }

    @Override
    public CompletableFuture<List<SessionStats>> getAllSessions(int limit) {
        validation.requireLimit(limit);
        return submit(() -> memory.getAllSessions(limit));
    }

    @Override
    public CompletableFuture<HealthStatus> healthCheck() {
        return submit(memory::healthCheck);
    }

    private <T> CompletableFuture<T> submit(Supplier<T> operation) {
        requireOpen.run();
        CompletableFuture<T> future = new CompletableFuture<>();
        unfinished.add(future);
        future.whenComplete((result, failure) -> unfinished.remove(future));
        try {
            executor.execute(() -> {
                try {
                    future.complete(operation.get());
                } catch (RuntimeException | Error failure) {
                    future.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException full) {
            future.completeExceptionally(full);
        }
        return future;
    }

    /**
     * Completes, exceptionally, every future whose operation has not completed: called once the
     * manager has closed and stopped the executor, so no caller waits on a future forever. Such an
     * operation either never ran or was still running; a turn it was appending may or may not be
     * stored (appending the same {@link Interaction} again stores it once).
     */
    public void completeUnfinished() {
        for (CompletableFuture<?> future : List.copyOf(unfinished)) {
            future.completeExceptionally(new IllegalStateException(
                    "the memory manager closed before this call completed; its outcome is unknown"));
        }
    }
}
