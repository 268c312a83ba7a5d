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
     * Appends one turn unless its id is stored; returns the rows changed (0 when it was already
     * there).
     */
    int appendOne(@Param("sessionId") String sessionId, @Param("id") String id,
                  @Param("element") Jsonb element, @Param("maxLength") int maxLength);

    /** {@link #appendOne} whose commit does not wait for the WAL flush. */
    int appendOneRelaxed(@Param("sessionId") String sessionId, @Param("id") String id,
                         @Param("element") Jsonb element, @Param("maxLength") int maxLength);

    /**
     * {@link #appendOne} that also answers the row's version before and after the append; null when
     * the id was already stored.
     */
    AppendedVersions appendOneTracked(@Param("sessionId") String sessionId, @Param("id") String id,
                                      @Param("element") Jsonb element, @Param("maxLength") int maxLength);

    /** {@link #appendOneTracked} whose commit does not wait for the WAL flush. */
    AppendedVersions appendOneTrackedRelaxed(@Param("sessionId") String sessionId, @Param("id") String id,
                                             @Param("element") Jsonb element, @Param("maxLength") int maxLength);

    /** Appends the turns whose ids are not stored yet, in order; returns how many that was. */
    int appendMany(@Param("sessionId") String sessionId, @Param("elements") Jsonb elements,
                   @Param("maxLength") int maxLength, @Param("relaxed") boolean relaxed);

    /**
     * Removes the turns with the given ids and appends the turns whose ids are not stored yet, in
     * order, in one statement; returns how many turns were appended.
     */
    int removeAndAppend(@Param("sessionId") String sessionId, @Param("removeIds") String[] removeIds,
                        @Param("elements") Jsonb elements, @Param("maxLength") int maxLength,
                        @Param("relaxed") boolean relaxed);

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
     * Removes the turns whose timestamp text is one of {@code expiredTimestamps} and returns the last
     * {@code limit} that remain; null when nothing matched (then nothing was written).
     */
    Jsonb pruneAndReadRecent(@Param("sessionId") String sessionId,
                             @Param("expiredTimestamps") String[] expiredTimestamps,
                             @Param("limit") int limit);

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
     * Deletes up to {@code batchSize} sessions of {@code table} (a quoted identifier from the
     * catalog) past their own or the default TTL at {@code nowEpochSeconds}; returns how many.
     */
    int deleteExpiredBatch(@Param("table") String table, @Param("nowEpochSeconds") double nowEpochSeconds,
                           @Param("defaultTtlSeconds") long defaultTtlSeconds, @Param("batchSize") int batchSize);

    /** Deletes up to {@code batchSize} sessions not updated since the cutoff; returns how many. */
    int deleteTenantBatch(@Param("table") String table, @Param("batchSize") int batchSize);

    int deleteOlderThanBatch(@Param("table") String table, @Param("cutoffEpochSeconds") double cutoffEpochSeconds,
                             @Param("batchSize") int batchSize);

    /** The partitions of session_memory, by name; empty when it is not partitioned. */
    List<String> selectPartitions();

    /** Counts sessions: exactly on small tables, from planner statistics on large ones. */
    SessionTotals countSessions(@Param("exactCountBelow") long exactCountBelow);
}
