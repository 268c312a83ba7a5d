package dev.memorysdk;

import dev.memorysdk.internal.analytics.AnalyticsQueries;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the store holds, for dashboards: active sessions, turns per session, activity per day,
 * stored bytes, the most frequent metadata values, and sessions found by a part of their id. Obtained from
 * {@link PostgresMemoryManager#analytics()}. Every method runs one read-only statement, blocks
 * until it returns and throws {@link MemoryUnavailableException} if the database fails (no
 * fallback applies). Thread-safe.
 */
public final class MemoryAnalytics {

    /** The most rows {@link #topMetadataValues} returns. */
    public static final int MAX_TOP_VALUES = 1000;

    /** The most sessions one page of {@link #findSessions} holds. */
    public static final int MAX_PAGE_SIZE = 1000;

    /**
     * Turns and sessions of one UTC day.
     *
     * @param day      the UTC day of the turns' timestamps
     * @param sessions sessions with at least one turn that day
     * @param turns    turns of that day
     */
    public record DailyActivity(LocalDate day, long sessions, long turns) {
    }

    /**
     * What the store occupies.
     *
     * @param sessions     stored sessions
     * @param historyBytes bytes of the stored histories, as stored (compressed)
     * @param tableBytes   the table with its indexes and TOAST data
     */
    public record StoredBytes(long sessions, long historyBytes, long tableBytes) {
    }

    /**
     * How often one metadata value occurs.
     *
     * @param value the value, as text
     * @param turns turns carrying it
     */
    public record ValueCount(String value, long turns) {
    }

    /**
     * One page of sessions.
     *
     * @param sessions the sessions of the page, most recently updated first
     * @param hasMore  whether sessions follow this page
     */
    public record SessionPage(List<SessionStats> sessions, boolean hasMore) {

        /** Copies {@code sessions}. */
        public SessionPage {
            sessions = List.copyOf(sessions);
        }
    }

    private final AnalyticsQueries queries;
    private final Clock clock;

    public MemoryAnalytics(AnalyticsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * Returns how many sessions were written within {@code window} of now.
     *
     * @throws IllegalArgumentException if {@code window} is null or not positive
     */
    public long activeSessions(Duration window) {
        OffsetDateTime since = since(window);
        return queries.run("activeSessions", mapper -> mapper.activeSessions(since));
    }

    /** Returns, for each number of turns stored, how many sessions hold that many; ascending. */
    public SortedMap<Integer, Long> turnsPerSession() {
        SortedMap<Integer, Long> distribution = new TreeMap<>();
        for (Map<String, Object> row : queries.run("turnsPerSession", mapper -> mapper.turnsPerSession())) {
            distribution.put(((Number) row.get("turns")).intValue(), ((Number) row.get("sessions")).longValue());
        }
        return Collections.unmodifiableSortedMap(distribution);
    }

    /**
     * Returns the turns and active sessions of each UTC day within {@code window} of now, oldest
     * first; days without turns are absent.
     *
     * @throws IllegalArgumentException if {@code window} is null or not positive
     */
    public List<DailyActivity> activityPerDay(Duration window) {
        OffsetDateTime since = since(window);
        List<DailyActivity> days = new ArrayList<>();
        for (Map<String, Object> row : queries.run("activityPerDay",
                mapper -> mapper.activityPerDay(since, since.toInstant().toString()))) {
            days.add(new DailyActivity(LocalDate.parse((String) row.get("day")),
                    ((Number) row.get("sessions")).longValue(), ((Number) row.get("turns")).longValue()));
        }
        return List.copyOf(days);
    }

    /** Returns the sessions stored and the bytes they occupy. */
    public StoredBytes storedBytes() {
        boolean distributed = queries.distributed();
        Map<String, Object> row = queries.run("storedBytes", mapper -> mapper.storedBytes(distributed));
        return new StoredBytes(((Number) row.get("sessions")).longValue(),
                ((Number) row.get("history_bytes")).longValue(), ((Number) row.get("table_bytes")).longValue());
    }

    /**
     * Returns the most frequent values of metadata {@code key} (for example {@code "model"}) among
     * the turns of sessions written within {@code window}, most frequent first.
     *
     * @throws IllegalArgumentException if {@code key} is blank, {@code limit} is outside 1 to
     *     {@value #MAX_TOP_VALUES}, or {@code window} is not positive
     */
    public List<ValueCount> topMetadataValues(String key, int limit, Duration window) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("metadata key must not be null or blank");
        }
        if (limit < 1 || limit > MAX_TOP_VALUES) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_TOP_VALUES + ", was " + limit);
        }
        OffsetDateTime since = since(window);
        List<ValueCount> values = new ArrayList<>();
        for (Map<String, Object> row : queries.run("topMetadataValues",
                mapper -> mapper.topMetadataValues(key, since, limit))) {
            values.add(new ValueCount((String) row.get("value"), ((Number) row.get("turns")).longValue()));
        }
        return List.copyOf(values);
    }

    /**
     * Returns the sessions whose id contains {@code idContains} (ignoring case; an empty text
     * matches every session), most recently updated first, skipping the first {@code offset} of
     * them. A search text reads every session id: its cost grows with the table, bounded by the
     * statement timeout.
     *
     * @throws IllegalArgumentException if {@code idContains} is null or longer than a session id,
     *     {@code offset} is negative, or {@code pageSize} is outside 1 to {@value #MAX_PAGE_SIZE}
     */
    public SessionPage findSessions(String idContains, int offset, int pageSize) {
        if (idContains == null
                || idContains.codePointCount(0, idContains.length()) > MemoryManager.MAX_SESSION_ID_LENGTH) {
            throw new IllegalArgumentException("idContains must not be null and at most "
                    + MemoryManager.MAX_SESSION_ID_LENGTH + " characters, was "
                    + (idContains == null ? "null" : idContains.codePointCount(0, idContains.length()) + " characters"));
        }
        if (idContains.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("idContains must not contain NUL characters");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        List<SessionStats> found = queries.run("findSessions",
                mapper -> mapper.findSessions(idContains, offset, pageSize + 1));
        boolean hasMore = found.size() > pageSize;
        return new SessionPage(hasMore ? found.subList(0, pageSize) : found, hasMore);
    }

    private OffsetDateTime since(Duration window) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        return OffsetDateTime.ofInstant(clock.instant().minus(window), ZoneOffset.UTC);
    }
}
