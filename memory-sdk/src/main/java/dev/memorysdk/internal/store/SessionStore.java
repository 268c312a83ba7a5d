package dev.memorysdk.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memorysdk.Durability;
import dev.memorysdk.Interaction;
import dev.memorysdk.SessionStats;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.json.InteractionCodec.DecodedHistory;
import dev.memorysdk.internal.json.StoredTimestamps;
import dev.memorysdk.internal.resilience.FailureClassifier;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory operations as database round trips, with no retry or fallback (callers add those).
 * Inputs are assumed validated. Thread-safe.
 */
public final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final JsonFactory TIMESTAMP_READER = new JsonFactory();

    private static final String TABLE = "session_memory";
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What jsonb_array_length answers for a history that is not an array. */
    private static final String NOT_AN_ARRAY = "22023";

    /** Tables with fewer rows than this (by the planner's estimate) are counted exactly for health. */
    private static final long EXACT_COUNT_BELOW = 100_000;

    private final MyBatisSessions sessions;
    private final InteractionCodec codec;
    private final int maxContextLength;
    private final Duration defaultTtl;
    private final int cleanupBatchSize;
    private final boolean relaxedCommit;
    private final Clock clock;
    private final ReplicaReads replica;

    /**
     * A store whose context reads come from {@code replica} when it holds the session's current row
     * version, or from the primary when there is no replica ({@code null}).
     */
    public SessionStore(MyBatisSessions sessions, InteractionCodec codec, int maxContextLength,
                        Duration defaultTtl, int cleanupBatchSize, Durability durability, Clock clock,
                        ReplicaReads replica) {
        this.replica = replica;
        this.sessions = sessions;
        this.codec = codec;
        this.maxContextLength = maxContextLength;
        this.defaultTtl = defaultTtl;
        this.cleanupBatchSize = cleanupBatchSize;
        this.relaxedCommit = durability == Durability.RELAXED;
        this.clock = clock;
    }

    /**
     * Appends an encoded turn; returns false if a turn with its id was already stored. A stored
     * history that is not a JSON array (reads show it as empty) is replaced by an empty one first.
     */
    public boolean append(String sessionId, String interactionId, String encodedTurn) {
        Jsonb turn = new Jsonb(encodedTurn);
        try {
            return appendOnce(sessionId, interactionId, turn);
        } catch (RuntimeException failure) {
            if (!FailureClassifier.hasSqlState(failure, NOT_AN_ARRAY)
                    || sessions.run(mapper -> mapper.resetMalformedHistory(sessionId)) == 0) {
                throw failure;
            }
            LOG.debug("Session {}: replaced a stored history that was not a JSON array", sessionId);
            return appendOnce(sessionId, interactionId, turn);
        }
    }

    private boolean appendOnce(String sessionId, String interactionId, Jsonb turn) {
        int changed = sessions.run(mapper -> relaxedCommit
                ? mapper.appendOneRelaxed(sessionId, interactionId, turn, maxContextLength)
                : mapper.appendOne(sessionId, interactionId, turn, maxContextLength));
        return changed > 0;
    }

    /**
     * Appends encoded turns in order after the batch's last already-stored turn; returns how many
     * were new. Only the last {@code maxContextLength} turns of a batch can be kept, so only those
     * are sent.
     */
    public int appendAll(String sessionId, List<String> encodedTurns) {
        List<String> keepable = encodedTurns.subList(Math.max(0, encodedTurns.size() - maxContextLength),
                encodedTurns.size());
        Jsonb batch = new Jsonb(codec.encodeArray(keepable));
        return sessions.run(mapper -> mapper.appendMany(sessionId, batch, maxContextLength, relaxedCommit));
    }

    /**
     * Removes the turns with the given ids and appends the encoded turns whose ids are not stored
     * yet, in one statement; returns how many were appended. Only the last {@code maxContextLength}
     * turns can be kept, so only those are sent.
     */
    public int removeAndAppend(String sessionId, List<String> removeIds, List<String> encodedTurns) {
        List<String> keepable = encodedTurns.subList(Math.max(0, encodedTurns.size() - maxContextLength),
                encodedTurns.size());
        Jsonb batch = new Jsonb(codec.encodeArray(keepable));
        String[] ids = removeIds.toArray(String[]::new);
        return sessions.run(mapper -> mapper.removeAndAppend(sessionId, ids, batch, maxContextLength, relaxedCommit));
    }

    /**
     * Returns the last {@code limit} unexpired turns, oldest first, and the session's TTL, removing
     * expired turns from the stored row when there are any.
     */
    public StoredContext readContext(String sessionId, int limit) {
        RecentTurns row = replica == null ? sessions.run(mapper -> mapper.readRecent(sessionId, limit))
                : readRecentPreferringReplica(sessionId, limit);
        if (row == null) {
            return new StoredContext(List.of(), defaultTtl);
        }
        Duration ttl = row.ttlSeconds() == null ? defaultTtl : Duration.ofSeconds(row.ttlSeconds());
        Instant cutoff = clock.instant().minus(ttl);
        String[] expired = expiredTimestamps(row.timestamps(), cutoff);
        Jsonb window = row.recent();
        if (expired.length > 0) {
            Jsonb pruned = sessions.run(mapper -> mapper.pruneAndReadRecent(sessionId, expired, limit));
            LOG.debug("Session {}: pruned turns with {} expired timestamp(s)", sessionId, expired.length);
            if (pruned != null) {
                window = pruned;
            }
        }
        return new StoredContext(unexpiredTurns(sessionId, window, cutoff), ttl);
    }

    /**
     * Reads the row's version on the primary (an index lookup that leaves the history alone), then
     * the history from the replica at that version. The version is read after the caller's read
     * began, so it includes every write acknowledged before: a replica row at the same version
     * misses none of them, and a replica behind (or ahead) yields to the primary.
     */
    private RecentTurns readRecentPreferringReplica(String sessionId, int limit) {
        String version = sessions.run(mapper -> mapper.readVersion(sessionId));
        if (version == null) {
            return null;
        }
        RecentTurns row = replica.readAtVersion(sessionId, limit, version);
        return row != null ? row : sessions.run(mapper -> mapper.readRecent(sessionId, limit));
    }

    /** Deletes the session; returns whether it existed. */
    public boolean delete(String sessionId) {
        return sessions.run(mapper -> mapper.deleteSession(sessionId)) > 0;
    }

    /** Sets the session's own TTL, or clears it when {@code ttl} is null. */
    public void setTtl(String sessionId, Duration ttl) {
        Integer seconds = ttl == null ? null : (int) Math.min(Integer.MAX_VALUE, ttl.getSeconds());
        sessions.run(mapper -> mapper.upsertSessionTtl(sessionId, seconds));
    }

    public Optional<SessionStats> stats(String sessionId) {
        return Optional.ofNullable(sessions.run(mapper -> mapper.selectStats(sessionId)));
    }

    public List<SessionStats> recentSessions(int limit) {
        return sessions.run(mapper -> mapper.selectRecentSessions(limit));
    }

    /** Sessions one cleanup batch deletes at most; a shorter batch means nothing is left. */
    public int cleanupBatchSize() {
        return cleanupBatchSize;
    }

    /**
     * The tables cleanup deletes from: the partitions of {@code session_memory} when it is
     * partitioned (a batch over the parent would probe every partition's index with every id),
     * else {@code session_memory}. Names come from the catalog and are used only when they are
     * plain identifiers.
     */
    public List<String> cleanupTables() {
        List<String> partitions = sessions.run(SessionMemoryMapper::selectPartitions);
        return !partitions.isEmpty() && partitions.stream().allMatch(PLAIN_IDENTIFIER.asMatchPredicate())
                ? partitions : List.of(TABLE);
    }

    /** Deletes one batch of expired sessions from {@code table}, in its own transaction; returns how many. */
    public int deleteExpiredBatch(String table) {
        long ttlSeconds = defaultTtl.getSeconds();
        double now = epochSeconds(clock.instant());
        return sessions.run(mapper -> mapper.deleteExpiredBatch(identifier(table), now, ttlSeconds, cleanupBatchSize));
    }

    /** Deletes one batch of the current tenant's sessions from {@code table}; returns how many. */
    public int deleteTenantBatch(String table) {
        return sessions.run(mapper -> mapper.deleteTenantBatch(identifier(table), cleanupBatchSize));
    }

    /** Deletes one batch of sessions idle for longer than {@code maxAge} from {@code table}; returns how many. */
    public int deleteOlderThanBatch(String table, Duration maxAge) {
        double cutoff = epochSeconds(clock.instant().minus(maxAge));
        return sessions.run(mapper -> mapper.deleteOlderThanBatch(identifier(table), cutoff, cleanupBatchSize));
    }

    private static String identifier(String table) {
        if (!PLAIN_IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        return '"' + table + '"';
    }

    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    public SessionTotals countSessions() {
        return sessions.run(mapper -> mapper.countSessions(EXACT_COUNT_BELOW));
    }

    /**
     * The stored timestamp texts older than {@code cutoff}. Streams the array rather than building a
     * tree: every context read runs this over the timestamps of all stored turns.
     */
    private static String[] expiredTimestamps(Jsonb timestamps, Instant cutoff) {
        if (timestamps == null) {
            return new String[0];
        }
        Set<String> expired = new LinkedHashSet<>();
        try (JsonParser parser = TIMESTAMP_READER.createParser(timestamps.json())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("PostgreSQL returned timestamps that are not a JSON array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    String text = parser.getText();
                    StoredTimestamps.parse(text)
                            .filter(instant -> instant.isBefore(cutoff))
                            .ifPresent(instant -> expired.add(text));
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException impossible) {
            throw new IllegalStateException("PostgreSQL returned invalid JSON", impossible);
        }
        return expired.toArray(String[]::new);
    }

    private List<Interaction> unexpiredTurns(String sessionId, Jsonb window, Instant cutoff) {
        DecodedHistory decoded = codec.decodeArray(sessionId, window == null ? null : window.json());
        if (decoded.skipped() > 0) {
            LOG.warn("Session {}: skipped {} stored element(s) that are not readable turns", sessionId,
                    decoded.skipped());
        }
        List<Interaction> turns = new ArrayList<>(decoded.turns().size());
        for (Interaction turn : decoded.turns()) {
            if (!turn.timestamp().isBefore(cutoff)) {
                turns.add(turn);
            }
        }
        return turns;
    }
}
