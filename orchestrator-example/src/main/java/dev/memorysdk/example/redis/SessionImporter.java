package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a batch of sessions read from Redis, several sessions at a time. Each session is one
 * {@code addAllToMemory} call, so it is stored whole or not at all, and turns already stored are
 * skipped; then it gets the TTL its {@link Retention} says: as long as Redis would have kept the key.
 */
public final class SessionImporter {

    /** What a batch wrote, and the sessions the store refused as invalid (one problem each). */
    public record Outcome(long turnsStored, List<String> refusedKeys, List<String> problems) {
    }

    private final MemoryManager memory;
    private final ExecutorService writers;
    private final Retention retention;

    /** Writes to {@code memory} on {@code writers}, keeping turns as {@code retention} says. */
    public SessionImporter(MemoryManager memory, ExecutorService writers, Retention retention) {
        this.memory = memory;
        this.writers = writers;
        this.retention = retention;
    }

    /**
     * Writes every session of the batch and waits for all of them.
     *
     * @throws MemoryException if the store failed: the batch must be written again (nothing twice)
     * @throws InterruptedException if interrupted while waiting
     */
    public Outcome write(List<RedisSession> sessions) throws InterruptedException {
        List<Future<Integer>> writes = new ArrayList<>(sessions.size());
        for (RedisSession session : sessions) {
            writes.add(writers.submit(() -> store(session)));
        }
        long stored = 0;
        List<String> refused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            try {
                stored += writes.get(i).get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof IllegalArgumentException refusal)) {
                    throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
                }
                refused.add(sessions.get(i).key());
                problems.add(refusal.getMessage());
            }
        }
        return new Outcome(stored, refused, problems);
    }

    private int store(RedisSession session) {
        int stored = memory.addAllToMemory(session.sessionId(), session.turns());
        memory.setSessionTtl(session.sessionId(), retention.sessionTtl(session, Instant.now()));
        return stored;
    }
}
