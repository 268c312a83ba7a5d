package dev.memorysdk.example.http;

import dev.memorysdk.Interaction;
import dev.memorysdk.SessionStats;
import java.util.List;
import java.util.Map;

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

    record Answer(String sessionId, String answer, List<Turn> context, boolean memoryAvailable) {
    }

    record Context(String sessionId, List<Turn> context) {
    }

    record Stats(String sessionId, int historyLength, String lastUpdated) {
        static Stats of(SessionStats stats) {
            return new Stats(stats.sessionId(), stats.historyLength(), stats.lastUpdated().toString());
        }
    }

    record Sessions(List<Stats> sessions) {
    }

    record Health(String status, long totalSessions, Map<String, Object> details) {
    }

    record Error(int status, String error) {
    }
}
