package dev.memorysdk;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * What the store holds, for dashboards: active sessions, turns per session, activity per day,
 * stored bytes, the most frequent metadata values, and sessions found by a part of their id. Obtained from
 * {@link MemoryManager#analytics()}. Every method runs one read-only statement, blocks
 * until it returns and throws {@link MemoryUnavailableException} if the database fails (no
 * fallback applies). Implementations are thread-safe.
 */
public interface MemoryAnalytics {

    /** The most rows {@link #topMetadataValues} returns. */
    int MAX_TOP_VALUES = 1000;

    /** The most sessions one page of {@link #findSessions} holds. */
    int MAX_PAGE_SIZE = 1000;

    /**
     * Turns and sessions of one UTC day.
     *
     * @param day      the UTC day of the turns' timestamps
     * @param sessions sessions with at least one turn that day
     * @param turns    turns of that day
     */
    record DailyActivity(LocalDate day, long sessions, long turns) {
    }

    /**
     * What the store occupies.
     *
     * @param sessions     stored sessions
     * @param historyBytes bytes of the stored histories, as stored (compressed)
     * @param tableBytes   the table with its indexes and TOAST data
     */
    record StoredBytes(long sessions, long historyBytes, long tableBytes) {
    }

    /**
     * How often one metadata value occurs.
     *
     * @param value the value, as text
     * @param turns turns carrying it
     */
    record ValueCount(String value, long turns) {
    }

    /**
     * One page of sessions.
     *
     * @param sessions the sessions of the page, most recently updated first
     * @param hasMore  whether sessions follow this page
     */
    record SessionPage(List<SessionStats> sessions, boolean hasMore) {

        /** Copies {@code sessions}. */
        public SessionPage {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * Returns how many sessions were written within {@code window} of now.
     *
     * @throws IllegalArgumentException if {@code window} is null or not positive
     */
    long activeSessions(Duration window);

    /** Returns, for each number of turns stored, how many sessions hold that many; ascending. */
    SortedMap<Integer, Long> turnsPerSession();

    /**
     * Returns the turns and active sessions of each UTC day within {@code window} of now, oldest
     * first; days without turns are absent.
     *
     * @throws IllegalArgumentException if {@code window} is null or not positive
     */
    List<DailyActivity> activityPerDay(Duration window);

    /** Returns the sessions stored and the bytes they occupy. */
    StoredBytes storedBytes();

    /**
     * Returns the most frequent values of metadata {@code key} (for example {@code "model"}) among
     * the turns of sessions written within {@code window}, most frequent first.
     *
     * @throws IllegalArgumentException if {@code key} is blank, {@code limit} is outside 1 to
     *     {@value #MAX_TOP_VALUES}, or {@code window} is not positive
     */
    List<ValueCount> topMetadataValues(String key, int limit, Duration window);

    /**
     * Returns the sessions whose id contains {@code idContains} (ignoring case; an empty text
     * matches every session), most recently updated first, skipping the first {@code offset} of
     * them. A search text reads every session id: its cost grows with the table, bounded by the
     * statement timeout.
     *
     * @throws IllegalArgumentException if {@code idContains} is null or longer than a session id,
     *     {@code offset} is negative, or {@code pageSize} is outside 1 to {@value #MAX_PAGE_SIZE}
     */
    SessionPage findSessions(String idContains, int offset, int pageSize);
}
