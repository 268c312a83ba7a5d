package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares sessions in Redis with what is stored: every session's turn count, and the turns
 * themselves (id, query, answer, in order) for the first {@code sample} sessions. Not thread-safe.
 */
public final class SessionVerifier {

    private final MemoryManager memory;
    private final int sample;
    private final List<String> mismatches = new ArrayList<>();
    private long compared;
    private long sampled;

    /** Verifies against {@code memory}, comparing the turns of the first {@code sample} sessions. */
    public SessionVerifier(MemoryManager memory, int sample) {
        this.memory = memory;
        this.sample = sample;
    }

    /** Compares one batch. */
    public void check(List<RedisSession> sessions) {
        for (RedisSession session : sessions) {
            compared++;
            Optional<SessionStats> stats = memory.getSessionStats(session.sessionId());
            int expected = session.turns().size();
            if (stats.isEmpty()) {
                mismatches.add(session.sessionId() + ": not stored (" + expected + " turns in Redis)");
            } else if (stats.get().historyLength() != expected) {
                mismatches.add(session.sessionId() + ": " + stats.get().historyLength() + " turns stored, "
                        + expected + " in Redis");
            } else if (sampled < sample) {
                sampled++;
                compareTurns(session);
            }
        }
    }

    private void compareTurns(RedisSession session) {
        List<Interaction> stored = memory.getContext(session.sessionId(), session.turns().size());
        for (int i = 0; i < session.turns().size(); i++) {
            Interaction expected = session.turns().get(i);
            Interaction actual = i < stored.size() ? stored.get(i) : null;
            if (actual == null || !actual.id().equals(expected.id()) || !actual.query().equals(expected.query())
                    || !actual.answer().equals(expected.answer())) {
                mismatches.add(session.sessionId() + ": turn " + i + " differs from Redis");
                return;
            }
        }
    }

    /** Sessions compared by count. */
    public long compared() {
        return compared;
    }

    /** Sessions whose turns were compared one by one. */
    public long sampled() {
        return sampled;
    }

    /** One line per session that differs. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }
}
