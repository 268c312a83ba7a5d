package dev.memorysdk.example.http;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.SessionStats;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The JSON shapes of the API, as records Jackson writes field by field. Timestamps are ISO-8601 UTC. */
final class ApiViews {

    private ApiViews() {
    }

    record Turn(String id, String query, String answer, String timestamp, Map<String, Object> metadata) {
        static Turn of(Interaction turn) {
            return new Turn(turn.id(), turn.query(), turn.answer(), turn.timestamp().toString(), turn.metadata());
        }

        static List<Turn> all(List<Interaction> turns) {
            return turns.stream().map(Turn::of).toList();
        }
    }

    record Answer(String sessionId, String answer, List<Turn> context, boolean memoryAvailable, boolean stored) {
    }

    record Context(String sessionId, List<Turn> context) {
    }

    record Stats(String sessionId, int historyLength, String lastUpdated) {
        static Stats of(SessionStats stats) {
            return new Stats(stats.sessionId(), stats.historyLength(), stats.lastUpdated().toString());
        }
    }

    record Sessions(List<Stats> sessions, int offset, boolean hasMore) {
    }

    record Analytics(int days, long activeSessions, StoredBytes storedBytes, List<SessionsWithTurns> turnsPerSession,
                     List<Day> activityPerDay, String metadataKey, List<ValueCount> topMetadataValues) {
    }

    record StoredBytes(long sessions, long historyBytes, long tableBytes) {
        static StoredBytes of(MemoryAnalytics.StoredBytes stored) {
            return new StoredBytes(stored.sessions(), stored.historyBytes(), stored.tableBytes());
        }
    }

    /** {@code sessions} sessions hold {@code turns} turns each. */
    record SessionsWithTurns(int turns, long sessions) {
        static List<SessionsWithTurns> all(SortedMap<Integer, Long> distribution) {
            return distribution.entrySet().stream()
                    .map(entry -> new SessionsWithTurns(entry.getKey(), entry.getValue())).toList();
        }
    }

    record Day(String day, long sessions, long turns) {
        static List<Day> all(List<MemoryAnalytics.DailyActivity> days) {
            return days.stream().map(day -> new Day(day.day().toString(), day.sessions(), day.turns())).toList();
        }
    }

    record ValueCount(String value, long turns) {
        static List<ValueCount> all(List<MemoryAnalytics.ValueCount> values) {
            return values.stream().map(value -> new ValueCount(value.value(), value.turns())).toList();
        }
    }

    record Health(String status, long totalSessions, Map<String, Object> details) {
    }

    record Error(int status, String error) {
    }
}
