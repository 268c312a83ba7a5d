package dev.memorysdk.internal.store;

import dev.memorysdk.Durability;
import dev.memorysdk.Interaction;
import dev.memorysdk.SessionStats;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.json.InteractionCodec.DecodedHistory;
import dev.memorysdk.internal.resilience.FailureClassifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory operations as database round trips, with no retry or fallback (callers add those).
 * Inputs are assumed validated. Thread-safe.
 */
public final class SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private static final String TABLE = "session_memory";
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What jsonb_array_length answers for a history that is not an array. */
    private static final String NOT_AN_ARRAY = "22023";

    /**
     * The most ids (to remove and to append) a batch or update sends to the single statement, which
     * compares each with every stored turn; a larger one merges in the client.
     */
    private static final int ONE_STATEMENT_MAX_IDS = 64;

    /** Tables with fewer rows than this (by the planner's estimate) are counted exactly for health. */
    private static final long EXACT_COUNT_BELOW = 100_000;

    private final MapperCalls sessions;
    private final InteractionCodec codec;
    private final int maxContextLength;
    private final Duration defaultTtl;
    private final int cleanupBatchSize;
    private final boolean relaxedCommit;
    private final Clock clock;
    private final ReplicaReads replica;
    private final NearCache nearCache;
    private final List<ReadStep> readSteps;
    private final CleanupBatches cleanup;
    /** The jsonpath variables of the cap: {"n": maxContextLength}. */
    private final Jsonb keepLast;

    /**
     * A store whose context reads come from {@code replica} when it holds the session's current row
     * version, or from the primary when there is no replica ({@code null}); and, with a
     * {@code nearCache} (else null), from the cache when the primary's row is at the cached version.
     */
    public SessionStore(MapperCalls sessions, InteractionCodec codec, int maxContextLength,
                        Duration defaultTtl, int cleanupBatchSize, Durability durability, Clock clock,
                        ReplicaReads replica, NearCache nearCache) {
        this.replica = replica;
        this.nearCache = nearCache;
        this.readSteps = readSteps();
        this.sessions = sessions;
        this.codec = codec;
        this.maxContextLength = maxContextLength;
        this.keepLast = StatementJson.lastN(maxContextLength);
        this.cleanup = new CleanupBatches(sessions);
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
        if (nearCache != null && nearCache.holds(sessionId)) {
            return appendKeepingWindow(sessionId, interactionId, turn);
        }
        return sessions.direct().appendOne(relaxedCommit, sessionId, StatementJson.oneTurn(turn.json()),
                StatementJson.idProbe(interactionId), maxContextLength, keepLast) > 0;
    }

    /** The rows changed: 0 when the id was already stored. */
    private int appendOne(SessionMemoryMapper mapper, String sessionId, String interactionId, Jsonb turn) {
        Jsonb turns = StatementJson.oneTurn(turn.json());
        Jsonb probe = StatementJson.idProbe(interactionId);
        return relaxedCommit
                ? mapper.appendOneRelaxed(sessionId, turns, probe, maxContextLength, keepLast)
                : mapper.appendOne(sessionId, turns, probe, maxContextLength, keepLast);
    }

    /**
     * Appends and moves the session's cached window along: one transaction locks the row and reads
     * its version, appends, and reads the version it wrote; the window follows only from the version
     * it was read at.
     */
    private boolean appendKeepingWindow(String sessionId, String interactionId, Jsonb turn) {
        AppendedVersions versions;
        try {
            versions = sessions.inTransaction(mapper -> {
                String previous = mapper.lockVersion(sessionId);
                return appendOne(mapper, sessionId, interactionId, turn) == 0 ? null
                        : new AppendedVersions(previous, mapper.readVersion(sessionId));
            });
        } catch (RuntimeException failure) {
            nearCache.invalidate(sessionId);
            throw failure;
        }
        if (versions == null) {
            return false;
        }
        List<Interaction> decoded = versions.previous() == null ? List.of()
                : codec.decodeArray(sessionId, "[" + turn.json() + "]").turns();
        if (decoded.size() == 1) {
            nearCache.appended(sessionId, versions.previous(), versions.current(), decoded.get(0),
                    NearCache.keyIds(turn.json()), maxContextLength);
        } else {
            nearCache.invalidate(sessionId);
        }
        return true;
    }

    /**
     * Appends the encoded turns whose ids are not stored, in the batch's order (see
     * {@link HistoryMerge#append}); returns how many were new. Only the last
     * {@code maxContextLength} turns of a batch can be kept, so only those are considered.
     *
     * @param ids the id of each encoded turn, in the same order
     */
    public int appendAll(String sessionId, List<String> ids, List<String> encodedTurns) {
        List<String> keepable = keepable(encodedTurns);
        forget(sessionId);
        Integer written = inOneStatement(sessionId, List.of(), keepable(ids), keepable);
        return written != null ? written
                : rewrite(sessionId, stored -> HistoryMerge.append(stored, keepable, maxContextLength));
    }

    /**
     * Removes the turns with the given ids and appends the encoded turns whose ids are not stored
     * yet, in one statement or, when one of them is, one transaction; returns how many were
     * appended. Only the last {@code maxContextLength} turns can be kept, so only those are considered.
     *
     * @param ids the id of each encoded turn, in the same order
     */
    public int removeAndAppend(String sessionId, List<String> removeIds, List<String> ids, List<String> encodedTurns) {
        List<String> keepable = keepable(encodedTurns);
        forget(sessionId);
        Integer written = inOneStatement(sessionId, removeIds, keepable(ids), keepable);
        if (written != null) {
            return written;
        }
        Set<String> remove = Set.copyOf(removeIds);
        return rewrite(sessionId, stored -> HistoryMerge.removeAndAppend(stored, remove, keepable, maxContextLength));
    }

    private <T> List<T> keepable(List<T> batch) {
        return batch.subList(Math.max(0, batch.size() - maxContextLength), batch.size());
    }

    /**
     * The common batch or update, in one statement ({@code appendMany} in the mapper XML): turns none
     * of whose ids is stored, and few ids in all. Returns how many turns were written, or null when it
     * wrote nothing because it does not apply: nothing to append, too many ids, a turn already stored,
     * a history that is not an array. The caller then merges under the row's lock, which handles those.
     */
    private Integer inOneStatement(String sessionId, List<String> removeIds, List<String> ids, List<String> encodedTurns) {
        if (encodedTurns.isEmpty() || removeIds.size() + ids.size() > ONE_STATEMENT_MAX_IDS) {
            return null;
        }
        try {
            int rows = sessions.direct().appendMany(relaxedCommit, sessionId, new Jsonb(codec.encodeArray(encodedTurns)),
                    encodedTurns.size(), maxContextLength, removeIds.size(),
                    StatementJson.appendManyVariables(maxContextLength, ids, removeIds));
            return rows > 0 ? encodedTurns.size() : null;
        } catch (RuntimeException failure) {
            if (FailureClassifier.hasSqlState(failure, NOT_AN_ARRAY)) {
                return null;
            }
            throw failure;
        }
    }

    /**
     * Reads the history under the row's lock, merges in the client and writes the result in the same
     * transaction, so concurrent writers of the session serialise and none is lost; statements this
     * simple every planner takes, a distributed one (Citus) included. When the session did not exist
     * and a concurrent first write created it meanwhile, the merge runs again on what that stored.
     */
    private int rewrite(String sessionId, Function<String, HistoryMerge.Merged> merge) {
        Integer written;
        do {
            written = sessions.inTransaction(mapper -> mergeLocked(mapper, sessionId, merge));
        } while (written == null);
        return written;
    }

    /**
     * One transaction of {@link #rewrite}: the turns written, or null when a concurrent first write
     * created the session after the lock found none (then the session exists and the next attempt
     * locks it).
     */
    private Integer mergeLocked(SessionMemoryMapper mapper, String sessionId, Function<String, HistoryMerge.Merged> merge) {
        if (relaxedCommit) {
            mapper.relaxCommit();
        }
        Jsonb stored = mapper.lockHistory(sessionId);
        HistoryMerge.Merged merged = merge.apply(stored == null ? null : stored.json());
        if (merged.history() == null) {
            return 0;
        }
        Jsonb history = new Jsonb(merged.history());
        if (stored != null) {
            mapper.replaceHistory(sessionId, history);
            return merged.written();
        }
        return mapper.insertHistory(sessionId, history) > 0 ? merged.written() : null;
    }

    /**
     * Returns the last {@code limit} unexpired turns, oldest first, and the session's TTL, removing
     * expired turns from the stored row when there are any. One chain of steps answers: the near
     * cache (its window confirmed against the row's version), the replica (its row at the primary's
     * version), the primary; a step that cannot answer hands the read to the next.
     */
    public StoredContext readContext(String sessionId, int limit) {
        RowVersion version = new RowVersion(sessionId);
        for (ReadStep step : readSteps) {
            StoredContext answered = step.read(sessionId, limit, version);
            if (answered != null) {
                return answered;
            }
        }
        throw new IllegalStateException("the primary's step answers every read");
    }

    /** One step of a context read: answers it, or returns null to hand it to the next step. */
    @FunctionalInterface
    private interface ReadStep {
        StoredContext read(String sessionId, int limit, RowVersion version);
    }

    /**
     * The row's version for one context read, read at most once and only by a step that needs it. It
     * is read after the caller's read began, so it includes every write acknowledged before: a cached
     * window or a replica row at that version misses none of them. An index lookup that leaves the
     * history alone.
     */
    private final class RowVersion {
        private final String sessionId;
        private boolean read;
        private String value;

        RowVersion(String sessionId) {
            this.sessionId = sessionId;
        }

        /** The version, null when the session has no row. */
        String get() {
            if (!read) {
                value = sessions.direct().readVersion(sessionId);
                read = true;
            }
            return value;
        }

        /** Whether the version was read and found no row: nothing is stored. */
        boolean foundNoRow() {
            return read && value == null;
        }
    }

    /** The steps in order: the near cache, then the replica, each only when configured; the primary last. */
    private List<ReadStep> readSteps() {
        List<ReadStep> steps = new ArrayList<>(3);
        if (nearCache != null) {
            steps.add(this::fromNearCache);
        }
        if (replica != null) {
            steps.add(this::fromReplica);
        }
        steps.add(this::fromPrimary);
        return List.copyOf(steps);
    }

    /** The cached window, when the near cache confirms it against the row's version. */
    private StoredContext fromNearCache(String sessionId, int limit, RowVersion version) {
        NearCache.Window cached = nearCache.covering(sessionId, limit);
        if (cached == null) {
            return null;
        }
        return nearCache.confirms(sessionId, cached, version.get(), clock.instant())
                ? new StoredContext(cached.last(limit), cached.ttl()) : null;
    }

    /** The replica's row, when the replica holds it at the primary's version. */
    private StoredContext fromReplica(String sessionId, int limit, RowVersion version) {
        String current = version.get();
        if (current == null) {
            return new StoredContext(List.of(), defaultTtl);
        }
        RecentTurns row = replica.readAtVersion(sessionId, limit, current);
        return row == null ? null : fromRow(sessionId, limit, row);
    }

    private StoredContext fromPrimary(String sessionId, int limit, RowVersion version) {
        if (version.foundNoRow()) {
            return new StoredContext(List.of(), defaultTtl);
        }
        return fromRow(sessionId, limit, sessions.direct().readRecent(sessionId, limit));
    }

    /** The unexpired turns of a row read from the primary or the replica, pruning expired ones stored. */
    private StoredContext fromRow(String sessionId, int limit, RecentTurns row) {
        if (row == null) {
            return new StoredContext(List.of(), defaultTtl);
        }
        Duration ttl = row.ttlSeconds() == null ? defaultTtl : Duration.ofSeconds(row.ttlSeconds());
        Instant cutoff = clock.instant().minus(ttl);
        ExpiryScan scan = ExpiryScan.of(row.timestamps(), cutoff, nearCache != null);
        Jsonb window = row.recent();
        if (scan.expired().length > 0) {
            Jsonb variables = StatementJson.pruneVariables(scan.expired(), limit);
            Jsonb pruned = sessions.run(mapper -> mapper.pruneAndReadRecent(sessionId, variables));
            LOG.debug("Session {}: pruned turns with {} expired timestamp(s)", sessionId, scan.expired().length);
            if (pruned != null) {
                window = pruned;
            }
        }
        DecodedHistory decoded = decode(sessionId, window);
        List<Interaction> turns = unexpired(decoded.turns(), cutoff);
        if (nearCache != null && scan.expired().length == 0 && decoded.skipped() == 0
                && turns.size() == decoded.turns().size() && row.version() != null) {
            nearCache.put(sessionId, row.version(), turns, limit, scan.oldest(), ttl,
                    window == null ? Set.of() : NearCache.keyIds(window.json()));
        }
        return new StoredContext(turns, ttl);
    }

    /** Deletes the session; returns whether it existed. */
    public boolean delete(String sessionId) {
        forget(sessionId);
        return sessions.run(mapper -> mapper.deleteSession(sessionId)) > 0;
    }

    /** Sets the session's own TTL, or clears it when {@code ttl} is null. */
    public void setTtl(String sessionId, Duration ttl) {
        Integer seconds = ttl == null ? null : (int) Math.min(Integer.MAX_VALUE, ttl.getSeconds());
        forget(sessionId);
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
     * plain identifiers. With a tenant it is always {@code session_memory}: row-level security is the
     * parent's, and a partition named directly would bypass it (other tenants' rows) or be refused to
     * the tenant's role.
     */
    public List<String> cleanupTables() {
        if (sessions.tenantScoped()) {
            return List.of(TABLE);
        }
        List<String> partitions = sessions.run(SessionMemoryMapper::selectPartitions);
        return !partitions.isEmpty() && partitions.stream().allMatch(PLAIN_IDENTIFIER.asMatchPredicate())
                ? partitions : List.of(TABLE);
    }

    /**
     * Deletes one batch of expired sessions from {@code table}; returns how many, counting those of
     * an earlier batch whose DELETE committed but whose reply was lost (see {@link CleanupBatches}).
     */
    public int deleteExpiredBatch(String table) {
        long ttlSeconds = defaultTtl.getSeconds();
        double now = epochSeconds(clock.instant());
        String quoted = identifier(table);
        return cleanup.run(mapper -> mapper.selectExpiredBatch(quoted, now, ttlSeconds, cleanupBatchSize),
                (mapper, ids) -> mapper.deleteExpired(quoted, ids, now, ttlSeconds));
    }

    /** Deletes one batch of the current tenant's sessions from {@code table}; returns how many. */
    public int deleteTenantBatch(String table) {
        return sessions.run(mapper -> mapper.deleteTenantBatch(identifier(table), cleanupBatchSize));
    }

    /**
     * Deletes one batch of sessions idle for longer than {@code maxAge} from {@code table}; returns
     * how many, as {@link #deleteExpiredBatch} counts them.
     */
    public int deleteOlderThanBatch(String table, Duration maxAge) {
        double cutoff = epochSeconds(clock.instant().minus(maxAge));
        String quoted = identifier(table);
        return cleanup.run(mapper -> mapper.selectOlderThanBatch(quoted, cutoff, cleanupBatchSize),
                (mapper, ids) -> mapper.deleteOlderThan(quoted, ids, cutoff));
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

    /**
     * The sessions stored: counted exactly below {@value #EXACT_COUNT_BELOW} by the planner's
     * estimate, else the estimate, so that a health probe never reads a large table. The estimate
     * sums a partitioned table's partitions and, on Citus, the shards.
     */
    public SessionTotals countSessions() {
        return sessions.run(mapper -> {
            long estimate = DistributedTable.isDistributed(mapper) ? mapper.estimateDistributedSessions() : mapper.estimateSessions();
            return estimate >= EXACT_COUNT_BELOW ? new SessionTotals(estimate, false)
                    : new SessionTotals(mapper.countSessions(), true);
        });
    }


    /**
     * Drops the session's cached window before a write the cache does not follow (the version check
     * would refuse it anyway; this frees its room at once).
     */
    private void forget(String sessionId) {
        if (nearCache != null) {
            nearCache.invalidate(sessionId);
        }
    }

    private DecodedHistory decode(String sessionId, Jsonb window) {
        DecodedHistory decoded = codec.decodeArray(sessionId, window == null ? null : window.json());
        if (decoded.skipped() > 0) {
            LOG.warn("Session {}: skipped {} stored element(s) that are not readable turns", sessionId,
                    decoded.skipped());
        }
        return decoded;
    }

    private static List<Interaction> unexpired(List<Interaction> decoded, Instant cutoff) {
        List<Interaction> turns = new ArrayList<>(decoded.size());
        for (Interaction turn : decoded) {
            if (!turn.timestamp().isBefore(cutoff)) {
                turns.add(turn);
            }
        }
        return turns;
    }
}
