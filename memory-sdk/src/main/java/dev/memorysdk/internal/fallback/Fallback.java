package dev.memorysdk.internal.fallback;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.internal.buffer.BufferReplayer.BatchAppender;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a {@link FallbackPolicy} does when the database is unavailable, as an object: what a call
 * answers, and whether (and how) the turns the database could not take are kept and written later.
 * {@link FailFallback} and {@link SkipFallback} keep nothing; {@link BufferFallback} owns the
 * outage buffer and its replay. Implementations are thread-safe.
 */
public interface Fallback {

    /**
     * The fallback of {@code policy}; under {@link FallbackPolicy#BUFFER} with a buffer of
     * {@code capacity} turns and {@code maxBytes} bytes, replayed through {@code store} and {@code guard}.
     */
    static Fallback of(FallbackPolicy policy, int capacity, long maxBytes, BatchAppender store, DatabaseGuard guard) {
        return switch (policy) {
            case FAIL -> new FailFallback();
            case SKIP -> new SkipFallback();
            case BUFFER -> new BufferFallback(capacity, maxBytes, store, guard);
        };
    }

    /** The setting this fallback carries out. */
    FallbackPolicy policy();

    /**
     * What {@code call} answers when the database is unavailable: {@code degraded}, or an exception.
     *
     * @throws dev.memorysdk.MemoryUnavailableException under {@link FallbackPolicy#FAIL}
     */
    <T> T answer(String call, RuntimeException failure, Supplier<T> degraded);

    /**
     * Keeps turns the database could not take, all or none.
     *
     * @return true if they are kept (acknowledged); false if not (nothing kept, or no room)
     */
    boolean keep(String sessionId, List<Interaction> turns, List<String> encodedTurns);

    /** Whether the session has kept turns not written yet; new turns must go behind them. */
    boolean hasKept(String sessionId);

    /** The session's kept turns not written yet, oldest first. */
    List<Interaction> keptFor(String sessionId);

    /**
     * Writes the session's kept turns followed by {@code turns} (encoded as {@code encodedTurns}) in
     * one statement, if it can now; never waits for a replay.
     *
     * @return true if written; false if the turns are to be kept behind the others instead
     */
    boolean writeBehindKept(String sessionId, List<Interaction> turns, List<String> encodedTurns);

    /** Runs {@code action} while no replay writes {@code sessionId}. */
    <T> T whileNotReplaying(String sessionId, Supplier<T> action);

    /** Runs {@code action} while no replay runs at all. */
    <T> T whileNotReplaying(Supplier<T> action);

    /** Drops the session's kept turns; returns how many there were. */
    int forget(String sessionId);

    /** Drops every kept turn. */
    void forgetAll();

    /** Writes kept turns if the database is back; never waits for a running replay. */
    void replay();

    /** Ends periodic replays; a running one stops after its statement. */
    void stopReplay();

    /** Takes no more turns: {@link #keep} refuses every later one. */
    void seal();

    /**
     * One last replay, bypassing an open breaker, stopping at the first unavailability.
     *
     * @return why it stopped early, or null
     */
    RuntimeException replayOnClose();

    /** Whether this fallback keeps turns at all (and so needs a replay). */
    boolean keepsTurns();

    /** Turns kept now. */
    int keptCount();

    /** New turns refused because there was no room, since start. */
    long refusedWhenFull();

    /** Sessions whose kept turns the database refuses, kept while the others replay. */
    int sessionsSetAside();

    /** Binds this fallback's meters, if it has any. */
    void bindMeters(MicrometerMetrics metrics);
}
