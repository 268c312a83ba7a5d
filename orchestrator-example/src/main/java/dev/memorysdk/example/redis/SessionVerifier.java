package dev.memorysdk.example.redis;

import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares what the store is meant to keep of each Redis session (its {@link Retention}: unexpired
 * turns, the last ones up to the cap) with what is stored: every session's turn count, and the turns
 * themselves (id, query, answer, in order) for the first {@code sample} sessions. Not thread-safe.
 */
public final class SessionVerifier {

    private final MemoryManager memory;
    private final int sample;
    private final Retention retention;
    private final List<String> mismatches = new ArrayList<>();
    private long compared;
    private long sampled;

    /** Verifies against {@code memory}, comparing the turns of the first {@code sample} sessions. */
    public SessionVerifier(MemoryManager memory, int sample, Retention retention) {
        this.memory = memory;
        this.sample = sample;
        this.retention = retention;
    }

    /** Compares one batch. */
    public void check(List<RedisSession> sessions) {
        Instant now = Instant.now();
        for (RedisSession session : sessions) {
            compared++;
            List<Interaction> kept = retention.keptTurns(session, now);
            Optional<SessionStats> stats = memory.getSessionStats(session.sessionId());
            int storedTurns = stats.map(SessionStats::historyLength).orElse(0);
            if (storedTurns != kept.size() && stats.isPresent()) {
                // The stats count expired turns still in the row; a read leaves only what is kept.
                storedTurns = memory.getContext(session.sessionId(), retention.maxTurns()).size();
            }
            if (stats.isEmpty() && !kept.isEmpty()) {
                mismatches.add(session.sessionId() + ": not stored (" + session.turns().size() + " turns in Redis)");
            } else if (storedTurns != kept.size()) {
                mismatches.add(session.sessionId() + ": " + storedTurns + " turns stored, " + kept.size()
                        + " to keep from Redis");
            } else if (sampled < sample && !kept.isEmpty()) {
                sampled++;
                compareTurns(session.sessionId(), kept);
            }
        }
    }

    private void compareTurns(String sessionId, List<Interaction> kept) {
        List<Interaction> stored = memory.getContext(sessionId, kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Interaction expected = kept.get(i);
            Interaction actual = i < stored.size() ? stored.get(i) : null;
            if (actual == null || !actual.id().equals(expected.id()) || !actual.query().equals(expected.query())
                    || !actual.answer().equals(expected.answer())) {
                mismatches.add(sessionId + ": turn " + i + " differs from Redis");
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
