package dev.memorysdk.bench;

import java.time.Duration;
import java.util.Set;

/**
 * The shape of a run, resolved from the command line.
 *
 * @param threads          concurrent callers per scenario
 * @param sessions         sessions per scenario's session set
 * @param historyTurns     turns pre-filled in every session
 * @param payloadBytes     query plus answer length of a turn
 * @param maxContextLength the SDK's cap (and the rewrite-all window)
 * @param contextLimit     turns a context read asks for
 * @param batchSize        turns per batch append
 * @param warmup           unrecorded time before each scenario's window
 * @param measurement      each scenario's recorded window
 * @param rounds           slices the window of compared scenarios is cut into, run in turns
 * @param growthSessions   sessions per history length in the growth curve
 * @param cleanupRows      expired sessions the cleanup deletes
 * @param groups           the scenario groups to run
 * @param cleanupVariants  schema variants the cleanup runs on
 * @param pgbouncerUrl     the run's database through PgBouncer, for the scaling group, or null
 * @param replicaUrl       a streaming replica of the run's database, for the scaling group, or null
 * @param citusUrl         a Citus coordinator's database (same user and password), for the citus group, or null
 */
public record BenchSettings(int threads, int sessions, int historyTurns, int payloadBytes, int maxContextLength,
                            int contextLimit, int batchSize, Duration warmup, Duration measurement,
                            int rounds, int growthSessions, int cleanupRows, Set<String> groups, Set<String> cleanupVariants,
                            String pgbouncerUrl, String replicaUrl, String citusUrl) {

    /** Every group, in the order they run. */
    public static final Set<String> ALL_GROUPS =
            Set.of("context", "append", "lost-updates", "schema", "growth", "cleanup", "scaling", "citus", "frameworks",
                    "encryption", "cost");

    public BenchSettings {
        groups = Set.copyOf(groups);
        cleanupVariants = Set.copyOf(cleanupVariants);
        for (String group : groups) {
            if (!ALL_GROUPS.contains(group)) {
                throw new IllegalArgumentException("scenario group must be one of " + ALL_GROUPS + ", was " + group);
            }
        }
    }
}
