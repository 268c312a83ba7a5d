package dev.memorysdk.internal;

import dev.memorysdk.ContextRead;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryConfigurationException;
import dev.memorysdk.MemoryDecryptionException;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.SessionStats;
import dev.memorysdk.internal.fallback.Fallback;
import dev.memorysdk.internal.metrics.OperationMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.store.SessionStore;
import dev.memorysdk.internal.store.StoredContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory operations with the resilience policy applied: every database call goes through the
 * guard, and when the database is unavailable the configured {@link FallbackPolicy} decides what
 * the caller gets. Inputs are validated by the caller. Thread-safe.
 */
public final class GuardedOperations {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedOperations.class);

    private final SessionStore store;
    private final DatabaseGuard guard;
    private final Fallback fallback;
    private final OperationMetrics metrics;
    private final Duration defaultTtl;
    private final Clock clock;
    private final CallGate gate = new CallGate();

    public GuardedOperations(SessionStore store, DatabaseGuard guard, Fallback fallback, OperationMetrics metrics,
                              Duration defaultTtl, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.fallback = fallback;
        this.metrics = metrics;
        this.defaultTtl = defaultTtl;
        this.clock = clock;
    }

    /**
     * Appends one turn. Under {@link FallbackPolicy#BUFFER} a turn of a session that has buffered
     * turns is written after them in one statement, or buffered behind them, never before them.
     */
    public boolean append(String sessionId, Interaction turn, String encodedTurn) {
        return gate.call(() -> {
            if (fallback.hasKept(sessionId)) {
                return appendBehindBuffered("append", sessionId, List.of(turn), List.of(encodedTurn));
            }
            return run("append", sessionId, () -> {
                store.append(sessionId, turn.id(), encodedTurn);
                return true;
            }, () -> buffered("append", sessionId, List.of(turn), List.of(encodedTurn)));
        });
    }

    /** Appends turns in order; buffered or written behind buffered turns as {@link #append} is. */
    public int appendAll(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        return gate.call(() -> {
            if (fallback.hasKept(sessionId)) {
                return appendBehindBuffered("appendAll", sessionId, turns, encodedTurns) ? turns.size() : 0;
            }
            return run("appendAll", sessionId, () -> store.appendAll(sessionId, ids(turns), encodedTurns),
                    () -> buffered("appendAll", sessionId, turns, encodedTurns) ? turns.size() : 0);
        });
    }

    /**
     * Removes the turns with the given ids and appends new ones, in one statement. Removals are not
     * buffered: while the database is unavailable under {@link FallbackPolicy#BUFFER}, or while the
     * session has buffered turns, only the new turns are kept (buffered, or written behind the
     * buffered ones as {@link #appendAll} does) and the turns to remove stay stored.
     */
    public int removeAndAppend(String sessionId, List<String> removeIds, List<Interaction> turns,
                               List<String> encodedTurns) {
        return gate.call(() -> {
            if (fallback.hasKept(sessionId)) {
                return turns.isEmpty() || appendBehindBuffered("updateMemory", sessionId, turns, encodedTurns)
                        ? turns.size() : 0;
            }
            return run("updateMemory", sessionId,
                    () -> store.removeAndAppend(sessionId, removeIds, ids(turns), encodedTurns),
                    () -> !turns.isEmpty() && buffered("updateMemory", sessionId, turns, encodedTurns) ? turns.size() : 0);
        });
    }

    /**
     * The stored turns merged with the session's buffered ones, and whether the fallback answered.
     * The buffer is read before the database: a turn a replay moves from one to the other in between
     * is then seen in at least one of them, and placed once, where the buffer has it.
     */
    public ContextRead context(String sessionId, int limit) {
        return gate.call(() -> {
            List<Interaction> pending = fallback.keptFor(sessionId);
            Optional<StoredContext> stored = run("getContext", sessionId,
                    () -> Optional.of(store.readContext(sessionId, limit)), Optional::empty);
            StoredContext answered = stored.orElseGet(() -> new StoredContext(List.of(), defaultTtl));
            List<Interaction> turns = pending.isEmpty() ? answered.turns() : withBufferedTurns(answered, pending, limit);
            return new ContextRead(turns, stored.isEmpty());
        });
    }

    /**
     * Deletes the session and its buffered turns. A delete that cannot reach the database throws
     * {@link MemoryUnavailableException} whatever the policy, and leaves the buffered turns in place.
     * It runs while no replay is writing this session (waiting for that one only), so no replay can
     * bring the cleared turns back.
     */
    public boolean clear(String sessionId) {
        return gate.call(() -> {
            Supplier<Boolean> clearing = () -> {
                boolean deleted = run("clearMemory", sessionId, () -> store.delete(sessionId), () -> {
                    throw new MemoryUnavailableException("clearMemory for session " + sessionId
                            + " failed: the database is unavailable, nothing was deleted");
                });
                int buffered = fallback.forget(sessionId);
                return deleted || buffered > 0;
            };
            return fallback.whileNotReplaying(sessionId, clearing);
        });
    }

    public int cleanupExpired() {
        return gate.call(() -> {
            return cleanupInBatches(store::deleteExpiredBatch);
        });
    }

    /**
     * Deletes every session of the manager's tenant, batch by batch, then drops its buffered turns
     * (they would otherwise come back at the next replay). Under every policy a database that cannot
     * be reached makes it throw, saying how many sessions were erased so far; running it again
     * carries on.
     */
    public int eraseTenant() {
        return gate.call(() -> {
            return fallback.whileNotReplaying(() -> {
                List<String> tables = run("eraseTenant", null, store::cleanupTables, () -> {
                    throw new MemoryUnavailableException("eraseTenant failed: the database is unavailable, nothing was erased");
                });
                int total = 0;
                for (String table : tables) {
                    int deleted;
                    do {
                        int before = total;
                        deleted = run("eraseTenant", null, () -> store.deleteTenantBatch(table), () -> {
                            throw new MemoryUnavailableException("eraseTenant stopped after erasing " + before
                                    + " session(s): the database is unavailable; run it again to carry on");
                        });
                        total += deleted;
                    } while (deleted >= store.cleanupBatchSize());
                }
                fallback.forgetAll();
                return total;
            });
        });
    }

    public int cleanupOlderThan(Duration maxAge) {
        return gate.call(() -> {
            return cleanupInBatches(table -> store.deleteOlderThanBatch(table, maxAge));
        });
    }

    /**
     * Runs cleanup table by table (each partition of a partitioned table on its own, so every batch
     * walks one partition's indexes) and batch by batch, each its own guarded call, until a batch
     * comes back short. The first call falls back as every operation does; a later one that fails
     * ends the run, and the sessions already deleted are reported (the next run carries on).
     */
    private int cleanupInBatches(ToIntFunction<String> deleteBatch) {
        List<String> tables = run("cleanupExpiredSessions", null, store::cleanupTables, List::of);
        int total = 0;
        for (String table : tables) {
            int deleted;
            do {
                try {
                    deleted = run("cleanupExpiredSessions", null, () -> deleteBatch.applyAsInt(table), () -> -1);
                } catch (MemoryException stopped) {
                    if (total == 0) {
                        throw stopped;
                    }
                    deleted = -1;
                }
                if (deleted < 0) {
                    LOG.info("Cleanup stopped early after deleting {} session(s); the next run continues", total);
                    return total;
                }
                total += deleted;
            } while (deleted >= store.cleanupBatchSize());
        }
        return total;
    }

    public void setTtl(String sessionId, Duration ttl) {
        gate.call(() -> run("setSessionTtl", sessionId, () -> {
            store.setTtl(sessionId, ttl);
            return null;
        }, () -> {
            throw new MemoryUnavailableException("setSessionTtl for session " + sessionId
                    + " failed: the database is unavailable");
        }));
    }

    public Optional<SessionStats> stats(String sessionId) {
        return gate.call(() -> {
            return run("getSessionStats", sessionId, () -> store.stats(sessionId), Optional::empty);
        });
    }

    public List<SessionStats> sessions(int limit) {
        return gate.call(() -> {
            return run("getAllSessions", null, () -> store.recentSessions(limit), List::of);
        });
    }

    /**
     * Stops taking calls (a new one throws {@link IllegalStateException}), waits up to
     * {@code graceMillis} for the calls in flight, then seals the buffer: a call still running
     * after that cannot buffer a turn (it is not acknowledged), so every acknowledged buffered turn
     * is in the buffer the last replay reads.
     *
     * @return how many calls were still in flight when the wait ended
     */
    public int stopCalls(long graceMillis) {
        int stillRunning = gate.closeAndAwait(graceMillis);
        fallback.seal();
        return stillRunning;
    }

    /** The fallback policy in force, which owns whatever it keeps and replays. */
    public Fallback fallback() {
        return fallback;
    }

    /** Writes the turns behind the session's buffered ones, else buffers them; false if refused for room. */
    private boolean appendBehindBuffered(String operation, String sessionId, List<Interaction> turns,
                                         List<String> encodedTurns) {
        long startNanos = System.nanoTime();
        if (fallback.writeBehindKept(sessionId, turns, encodedTurns)) {
            metrics.record(operation, OperationMetrics.Outcome.SUCCESS, System.nanoTime() - startNanos);
            return true;
        }
        metrics.record(operation, OperationMetrics.Outcome.UNAVAILABLE, System.nanoTime() - startNanos);
        return buffered(operation, sessionId, turns, encodedTurns);
    }

    private static List<String> ids(List<Interaction> turns) {
        List<String> ids = new ArrayList<>(turns.size());
        turns.forEach(turn -> ids.add(turn.id()));
        return ids;
    }

    /**
     * Buffers the turns, all or none; false (nothing acknowledged) when the policy does not buffer or
     * the buffer has no room for them.
     */
    private boolean buffered(String operation, String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        if (!fallback.keep(sessionId, turns, encodedTurns)) {
            return false;
        }
        metrics.recordBuffered(operation);
        return true;
    }

    /**
     * The stored turns not buffered, then the buffered ones, the last {@code limit}. Buffered turns
     * are the session's newest (a new turn queues behind them), so one a replay has stored since the
     * buffer was read keeps its buffered place rather than coming first. They expire by the
     * session's own TTL when the database told it, else by the default.
     */
    private List<Interaction> withBufferedTurns(StoredContext stored, List<Interaction> pending, int limit) {
        Instant cutoff = clock.instant().minus(stored.ttl());
        Set<String> pendingIds = new HashSet<>();
        pending.forEach(turn -> pendingIds.add(turn.id()));
        List<Interaction> merged = new ArrayList<>(stored.turns().size() + pending.size());
        for (Interaction turn : stored.turns()) {
            if (!pendingIds.contains(turn.id())) {
                merged.add(turn);
            }
        }
        for (Interaction turn : pending) {
            if (!turn.timestamp().isBefore(cutoff)) {
                merged.add(turn);
            }
        }
        return List.copyOf(merged.subList(Math.max(0, merged.size() - limit), merged.size()));
    }

    private <T> T run(String operation, String sessionId, Supplier<T> call, Supplier<T> whenUnavailable) {
        long startNanos = System.nanoTime();
        try {
            T result = guard.call(call);
            metrics.record(operation, OperationMetrics.Outcome.SUCCESS, System.nanoTime() - startNanos);
            return result;
        } catch (IllegalArgumentException | MemoryDecryptionException refused) {
            metrics.record(operation, OperationMetrics.Outcome.ERROR, System.nanoTime() - startNanos);
            throw refused;
        } catch (RuntimeException failure) {
            if (FailureClassifier.isMisconfiguration(failure)) {
                metrics.record(operation, OperationMetrics.Outcome.ERROR, System.nanoTime() - startNanos);
                throw new MemoryConfigurationException(describe(operation, sessionId)
                        + " failed: the database refuses the configuration (" + FailureClassifier.describe(failure) + ")",
                        failure);
            }
            if (!FailureClassifier.isUnavailable(failure)) {
                metrics.record(operation, OperationMetrics.Outcome.ERROR, System.nanoTime() - startNanos);
                throw new MemoryException(describe(operation, sessionId) + " failed: "
                        + FailureClassifier.describe(failure), failure);
            }
            metrics.record(operation, OperationMetrics.Outcome.UNAVAILABLE, System.nanoTime() - startNanos);
            LOG.debug("{} fell back ({}): {}", describe(operation, sessionId), fallback.policy(),
                    FailureClassifier.describe(failure));
            return fallback.answer(describe(operation, sessionId), failure, whenUnavailable);
        }
    }

    private static String describe(String operation, String sessionId) {
        return sessionId == null ? operation : operation + " for session " + sessionId;
    }
}
