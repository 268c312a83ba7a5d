package dev.memorysdk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Non-blocking variants of {@link MemoryManager}'s operations. Each method validates its arguments
 * on the calling thread (throwing {@link IllegalArgumentException} at once), then runs the
 * operation on a bounded executor owned by the manager. When that executor's queue is full the
 * returned future fails with {@link java.util.concurrent.RejectedExecutionException}.
 *
 * <p>Futures complete with exactly what the blocking method would return, or exceptionally with
 * what it would throw. Thread-safe.
 */
public interface AsyncMemoryManager {

    /** See {@link MemoryManager#addToMemory(String, String, String)}. */
    CompletableFuture<Boolean> addToMemory(String sessionId, String query, String answer);

    /** See {@link MemoryManager#addToMemory(String, String, String, Instant)}. */
    CompletableFuture<Boolean> addToMemory(String sessionId, String query, String answer, Instant timestamp);

    /** See {@link MemoryManager#addToMemory(String, Interaction)}. */
    CompletableFuture<Boolean> addToMemory(String sessionId, Interaction interaction);

    /** See {@link MemoryManager#addAllToMemory(String, List)}. */
    CompletableFuture<Integer> addAllToMemory(String sessionId, List<Interaction> interactions);

    /** See {@link MemoryManager#updateMemory(String, Collection, List)}. */
    CompletableFuture<Integer> updateMemory(String sessionId, Collection<String> removeTurnIds, List<Interaction> append);

    /** See {@link MemoryManager#getContext(String)}. */
    CompletableFuture<List<Interaction>> getContext(String sessionId);

    /** See {@link MemoryManager#getContext(String, int)}. */
    CompletableFuture<List<Interaction>> getContext(String sessionId, int limit);

    /** See {@link MemoryManager#readContext(String, int)}. */
    CompletableFuture<ContextRead> readContext(String sessionId, int limit);

    /** See {@link MemoryManager#clearMemory(String)}. */
    CompletableFuture<Boolean> clearMemory(String sessionId);

    /** See {@link MemoryManager#cleanupExpiredSessions()}. */
    CompletableFuture<Integer> cleanupExpiredSessions();

    /** See {@link MemoryManager#cleanupExpiredSessions(Duration)}. */
    CompletableFuture<Integer> cleanupExpiredSessions(Duration maxAge);

    /** See {@link MemoryManager#setSessionTtl(String, Duration)}; the future completes with null. */
    CompletableFuture<Void> setSessionTtl(String sessionId, Duration ttl);

    /** See {@link MemoryManager#getSessionStats(String)}. */
    CompletableFuture<Optional<SessionStats>> getSessionStats(String sessionId);

    /** See {@link MemoryManager#getAllSessions(int)}. */
    CompletableFuture<List<SessionStats>> getAllSessions(int limit);

    /** See {@link MemoryManager#healthCheck()}. */
    CompletableFuture<HealthStatus> healthCheck();
}
