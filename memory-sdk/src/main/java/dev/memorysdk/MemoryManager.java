package dev.memorysdk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Session memory for an LLM orchestrator: the recent query/answer turns of each session.
 *
 * <p>Each session is one row; its turns are kept in order, oldest first, capped at the configured
 * maximum, and expire after the session's time to live. Every method validates its arguments before
 * touching the database and throws {@link IllegalArgumentException} naming the problem, with
 * nothing stored. Session ids are 1 to {@value #MAX_SESSION_ID_LENGTH} characters and not blank.
 *
 * <p>Failures of the database are handled as the configured {@link FallbackPolicy} says; under
 * {@link FallbackPolicy#FAIL} they surface as {@link MemoryUnavailableException}, and other store
 * failures as {@link MemoryException}.
 *
 * <p>Implementations are thread-safe. All methods block the calling thread until the database
 * answers (bounded by the configured timeouts); {@link #async()} offers non-blocking variants.
 */
public interface MemoryManager extends AutoCloseable {

    /** The longest accepted session id, in characters. */
    int MAX_SESSION_ID_LENGTH = 255;

    /** The number of turns {@link #getContext(String)} returns. */
    int DEFAULT_CONTEXT_LIMIT = 5;

    /**
     * Appends a turn timestamped now, with a new random id.
     *
     * @return {@code true} if the turn is stored (or, under {@link FallbackPolicy#BUFFER}, buffered
     *     for replay); {@code false} if it was not kept because the store is unavailable under
     *     {@link FallbackPolicy#SKIP}
     * @throws IllegalArgumentException if an argument is invalid or the turn is too large
     */
    boolean addToMemory(String sessionId, String query, String answer);

    /**
     * Appends a turn with the given timestamp and a new random id.
     *
     * @return as {@link #addToMemory(String, String, String)}
     * @throws IllegalArgumentException if an argument is invalid or the turn is too large
     */
    boolean addToMemory(String sessionId, String query, String answer, Instant timestamp);

    /**
     * Appends a turn unless a turn with the same id is already stored for the session, in which case
     * nothing changes. Safe to retry.
     *
     * @return {@code true} if the turn is stored after the call (appended now or before), or
     *     buffered; {@code false} only when the store is unavailable under {@link FallbackPolicy#SKIP}
     * @throws IllegalArgumentException if an argument is invalid or the turn is too large
     */
    boolean addToMemory(String sessionId, Interaction interaction);

    /**
     * Appends several turns, in the given order, in one database round trip. Turns whose id is
     * already stored, or repeated within the list, are skipped. The whole list is validated first:
     * if any turn is invalid nothing is stored.
     *
     * @return how many turns were appended (0 under {@link FallbackPolicy#SKIP} when the store is
     *     unavailable; the list's distinct size when buffered)
     * @throws IllegalArgumentException if the list, or any turn in it, is invalid
     */
    int addAllToMemory(String sessionId, List<Interaction> interactions);

    /**
     * Removes the turns with the given ids and appends {@code append}, in order, as one change of the
     * session: one database statement, which rewrites no other turn. Appended turns whose id is
     * already stored (or repeated in the list) are skipped, so the call is safe to retry; ids to
     * remove that are not stored are ignored. The cap and TTL apply as for
     * {@link #addAllToMemory(String, List)}. This is what a chat framework's whole-window write
     * reduces to: drop the messages that left the window, append the new ones.
     *
     * <p>When the database is unavailable, the {@link FallbackPolicy} applies to the appended turns as
     * for {@link #addAllToMemory(String, List)}; removals are not buffered under
     * {@link FallbackPolicy#BUFFER} (the turns stay stored until a later call removes them).
     *
     * @param removeTurnIds ids of stored turns to remove, not null (may be empty)
     * @param append        turns to append, not null (may be empty)
     * @return how many turns were appended (0 under {@link FallbackPolicy#SKIP} when the store is
     *     unavailable; the list's distinct size when buffered)
     * @throws IllegalArgumentException if an argument is invalid, a turn is too large, or an id is
     *     both to remove and to append; nothing is changed then
     */
    int updateMemory(String sessionId, Collection<String> removeTurnIds, List<Interaction> append);

    /**
     * Returns the last {@value #DEFAULT_CONTEXT_LIMIT} unexpired turns, oldest first.
     *
     * @throws IllegalArgumentException if the session id is invalid
     */
    List<Interaction> getContext(String sessionId);

    /**
     * Returns the last {@code limit} unexpired turns of the session, oldest first; an empty list for
     * an unknown session. Expired turns found on the way are removed from the stored row; a read
     * that finds nothing expired writes nothing.
     *
     * @throws IllegalArgumentException if the session id is invalid or {@code limit} is below 1
     */
    List<Interaction> getContext(String sessionId, int limit);

    /**
     * Reads the last {@code limit} unexpired turns of the session, oldest first, as
     * {@link #getContext(String, int)} does, and says whether the database answered or the
     * configured {@link FallbackPolicy} did (under {@link FallbackPolicy#FAIL} an unavailable
     * database throws instead). An empty read from the database is a session with nothing stored;
     * an empty read from the fallback is not. Blocks as {@link #getContext(String, int)} does.
     *
     * @return the turns and where they came from, never null
     * @throws IllegalArgumentException if the session id is invalid or {@code limit} is below 1
     * @throws MemoryUnavailableException under {@link FallbackPolicy#FAIL} when the database is unavailable
     * @throws IllegalStateException if the manager is closed
     */
    ContextRead readContext(String sessionId, int limit);

    /**
     * Deletes the session and all its turns (including its own TTL), and its turns buffered during
     * an outage: the erasure of a session. What the database keeps for a while after (dead row
     * versions, WAL, replicas, backups) is described in {@code docs/security.md}.
     *
     * @return {@code true} if there was something to delete
     * @throws IllegalArgumentException if the session id is invalid
     */
    boolean clearMemory(String sessionId);

    /**
     * Deletes every session not written for longer than its time to live (its own, or the default).
     * Deletes in bounded batches, each its own short transaction, so concurrent appends keep flowing.
     *
     * @return the number of sessions deleted
     */
    int cleanupExpiredSessions();

    /**
     * Deletes every session not written for longer than {@code maxAge}, whatever its own TTL, in
     * bounded batches.
     *
     * @return the number of sessions deleted
     * @throws IllegalArgumentException if {@code maxAge} is null, zero or negative
     */
    int cleanupExpiredSessions(Duration maxAge);

    /**
     * Gives the session its own time to live, used instead of the default by reads and by
     * {@link #cleanupExpiredSessions()}. Creates the session (empty) if it does not exist yet.
     *
     * @param ttl the session's TTL, at least one second; {@code null} returns the session to the default
     * @throws IllegalArgumentException if the session id is invalid or {@code ttl} is below one second
     */
    void setSessionTtl(String sessionId, Duration ttl);

    /**
     * Returns what is stored for the session, or empty if it does not exist.
     *
     * @throws IllegalArgumentException if the session id is invalid
     */
    Optional<SessionStats> getSessionStats(String sessionId);

    /**
     * Lists up to {@code limit} sessions, most recently updated first.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    List<SessionStats> getAllSessions(int limit);

    /**
     * Checks the database and reports the store's health. Never throws; bounded by the configured
     * timeouts.
     */
    HealthStatus healthCheck();

    /** Returns non-blocking variants of these operations, run on an executor this manager owns. */
    AsyncMemoryManager async();

    /**
     * Erases every session of this manager's tenant (the tenant it was configured with), batch by
     * batch, and its buffered turns. What remains afterwards (dead tuples until vacuum, WAL,
     * replicas, backups) is in {@code docs/security.md}.
     *
     * @return the sessions erased
     * @throws IllegalStateException if the manager has no tenant, or is closed
     * @throws MemoryUnavailableException if the database cannot be reached (whatever the policy);
     *                                    the message says how many were erased, and a new call carries on
     * @throws MemoryException if {@code sql/optional/isolate_tenants.sql} was not applied
     */
    int eraseTenant();

    /**
     * Returns the analytics over this manager's store: active sessions, turns per session, activity
     * per day, stored bytes, frequent metadata values.
     *
     * @throws IllegalStateException if the manager is closed
     */
    MemoryAnalytics analytics();

    /**
     * Returns the re-encrypt pass, which moves stored turns to their session's current key (see
     * {@code docs/security.md}, key rotation).
     *
     * @throws IllegalStateException if this manager was built without encryption (a
     *     {@link dev.memorysdk.crypto.KeyProvider}), or is closed
     */
    KeyRotation keyRotation();

    /**
     * Releases what this manager owns: its executor, its connection pool (if it created one), and
     * pending buffered turns are given one last chance to be written. Idempotent.
     */
    @Override
    void close();
}
