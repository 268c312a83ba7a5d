package dev.memorysdk.internal.analytics;

import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
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
 * {@link MemoryAnalytics} over {@code session_memory}: each method checks its arguments, runs one
 * {@link AnalyticsMapper} statement through {@link AnalyticsQueries} and turns its rows into the
 * API's values. "Now" is the manager's clock. Thread-safe.
 */
public final class DatabaseAnalytics implements MemoryAnalytics {

    private final AnalyticsQueries queries;
    private final Clock clock;

    /** Analytics running {@code queries}, with windows ending at {@code clock}'s instant. */
    public DatabaseAnalytics(AnalyticsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public long activeSessions(Duration window) {
        OffsetDateTime since = since(window);
        return queries.run("activeSessions", mapper -> mapper.activeSessions(since));
    }

    @Override
    public SortedMap<Integer, Long> turnsPerSession() {
        SortedMap<Integer, Long> distribution = new TreeMap<>();
        for (Map<String, Object> row : queries.run("turnsPerSession", mapper -> mapper.turnsPerSession())) {
            distribution.put(((Number) row.get("turns")).intValue(), ((Number) row.get("sessions")).longValue());
        }
        return Collections.unmodifiableSortedMap(distribution);
    }

    @Override
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

    @Override
    public StoredBytes storedBytes() {
        boolean distributed = queries.distributed();
        Map<String, Object> row = queries.run("storedBytes", mapper -> mapper.storedBytes(distributed));
        return new StoredBytes(((Number) row.get("sessions")).longValue(),
                ((Number) row.get("history_bytes")).longValue(), ((Number) row.get("table_bytes")).longValue());
    }

    @Override
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

    @Override
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
