package dev.memorysdk.internal.store;

import dev.memorysdk.SessionStats;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * The SQL of the store, one statement per operation; the statements live in
 * {@code SessionMemoryMapper.xml} next to this interface, each with the reason for its shape.
 */
public interface SessionMemoryMapper {

    /**
     * Appends one turn unless its id is stored, keeping the last {@code maxLength}; returns the rows
     * changed (0 when the id was already stored).
     *
     * @param turns    the encoded turn as a one-element JSON array
     * @param idProbe  {@code [{"id": <the turn's id>}]}
     * @param keepLast the jsonpath variables {@code {"n": maxLength}}
     */
    int appendOne(@Param("sessionId") String sessionId, @Param("turns") Jsonb turns, @Param("idProbe") Jsonb idProbe,
                     @Param("maxLength") int maxLength, @Param("keepLast") Jsonb keepLast);

    /** {@link #appendOne} whose commit does not wait for the WAL flush. */
    int appendOneRelaxed(@Param("sessionId") String sessionId, @Param("turns") Jsonb turns,
                         @Param("idProbe") Jsonb idProbe, @Param("maxLength") int maxLength,
                         @Param("keepLast") Jsonb keepLast);

    /** The row's version, locked until the transaction ends; null for an unknown session. */
    String lockVersion(@Param("sessionId") String sessionId);

    /** The stored history, locked until the transaction ends; null for an unknown session. */
    Jsonb lockHistory(@Param("sessionId") String sessionId);

    /** Replaces the session's history and moves its updated_at; returns the rows changed. */
    int replaceHistory(@Param("sessionId") String sessionId, @Param("history") Jsonb history);

    /** Creates the session with this history; 0 when it exists already. */
    int insertHistory(@Param("sessionId") String sessionId, @Param("history") Jsonb history);

    /** Relaxes the commit of the current transaction (synchronous_commit off). */
    String relaxCommit();

    /** Reads the last {@code limit} stored turns and the timestamps of all; null for an unknown session. */
    RecentTurns readRecent(@Param("sessionId") String sessionId, @Param("limit") int limit);

    /** The session row's version (its xmin as text), read without its history; null for an unknown session. */
    String readVersion(@Param("sessionId") String sessionId);

    /** {@link #readRecent} if the row is at {@code version} (see {@link #readVersion}), else null. */
    RecentTurns readRecentAtVersion(@Param("sessionId") String sessionId, @Param("limit") int limit,
                                    @Param("version") String version);

    /** Whether the server is a standby (in recovery). */
    boolean isInRecovery();

    /**
     * Removes the turns whose timestamp text is one of {@code vars}' {@code expired} and returns the
     * last {@code vars}' {@code n} that remain; null when nothing matched (then nothing was written).
     *
     * @param vars the jsonpath variables {@code {"expired": [texts], "n": limit}}
     */
    Jsonb pruneAndReadRecent(@Param("sessionId") String sessionId, @Param("vars") Jsonb vars);

    /** Replaces a history that is not a JSON array with an empty one; returns the rows changed. */
    int resetMalformedHistory(@Param("sessionId") String sessionId);

    /** Deletes the session; returns the rows deleted. */
    int deleteSession(@Param("sessionId") String sessionId);

    /** Sets (or, with null, clears) the session's own TTL, creating an empty session if needed. */
    int upsertSessionTtl(@Param("sessionId") String sessionId, @Param("ttlSeconds") Integer ttlSeconds);

    /** One session's figures; null for an unknown session. */
    SessionStats selectStats(@Param("sessionId") String sessionId);

    /** The most recently updated sessions first. */
    List<SessionStats> selectRecentSessions(@Param("limit") int limit);

    /**
     * The ids of up to {@code batchSize} sessions of {@code table} (a quoted identifier from the
     * catalog) past their own or the default TTL at {@code nowEpochSeconds}.
     */
    List<String> selectExpiredBatch(@Param("table") String table, @Param("nowEpochSeconds") double nowEpochSeconds,
                                    @Param("defaultTtlSeconds") long defaultTtlSeconds, @Param("batchSize") int batchSize);

    /** Deletes those of {@code ids} still past their TTL at {@code nowEpochSeconds}; returns how many. */
    int deleteExpired(@Param("table") String table, @Param("ids") String[] ids,
                      @Param("nowEpochSeconds") double nowEpochSeconds, @Param("defaultTtlSeconds") long defaultTtlSeconds);

    /** The ids of up to {@code batchSize} sessions of {@code table} not updated since the cutoff. */
    List<String> selectOlderThanBatch(@Param("table") String table, @Param("cutoffEpochSeconds") double cutoffEpochSeconds,
                                      @Param("batchSize") int batchSize);

    /** Deletes those of {@code ids} still not updated since the cutoff; returns how many. */
    int deleteOlderThan(@Param("table") String table, @Param("ids") String[] ids,
                        @Param("cutoffEpochSeconds") double cutoffEpochSeconds);

    /** How many of these sessions exist. */
    int countPresent(@Param("ids") String[] ids);

    /** Deletes up to {@code batchSize} of the current tenant's sessions; returns how many. */
    int deleteTenantBatch(@Param("table") String table, @Param("batchSize") int batchSize);

    /** The partitions of session_memory, by name; empty when it is not partitioned. */
    List<String> selectPartitions();

    /** The planner's estimate of the sessions, with partitions summed; 0 when never analysed. */
    long estimateSessions();

    /** {@link #estimateSessions} for a table Citus distributes: the shards' estimates summed. */
    long estimateDistributedSessions();

    /** Whether the Citus extension is installed. */
    boolean hasCitus();

    /** Whether Citus distributes session_memory; only where {@link #hasCitus}. */
    boolean isDistributed();

    /** Counts the sessions exactly (reads the whole table). */
    long countSessions();
}
