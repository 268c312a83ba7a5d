package dev.memorysdk.internal.store;

import dev.memorysdk.internal.resilience.FailureClassifier;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Context reads from a streaming replica, taken only when the replica holds the session row at the
 * version the primary reports. A replica that fails is left alone for a while (reads go to the
 * primary) and probed again by health checks. Never throws from a read: every miss answers null
 * and the caller reads the primary. Thread-safe.
 */
public final class ReplicaReads {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);

    private final MapperCalls replica;
    private final long restNanos;
    /** {@link System#nanoTime()} before which the replica is not asked; 0 while it is up. */
    private final AtomicLong downUntilNanos = new AtomicLong();
    private final LongAdder served = new LongAdder();
    private final LongAdder behind = new LongAdder();
    private final LongAdder unavailable = new LongAdder();

    /**
     * @param replica the replica's sessions
     * @param rest    how long reads skip the replica after it failed (health checks probe it earlier)
     */
    public ReplicaReads(MapperCalls replica, Duration rest) {
        this.replica = replica;
        this.restNanos = rest.toNanos();
    }

    /**
     * The session's recent turns from the replica if it holds the row at {@code version}; null when
     * it is behind (or ahead), down, or resting after a failure.
     */
    RecentTurns readAtVersion(String sessionId, int limit, String version) {
        long until = downUntilNanos.get();
        if (until != 0 && System.nanoTime() - until < 0) {
            unavailable.increment();
            return null;
        }
        RecentTurns row;
        try {
            row = replica.run(mapper -> mapper.readRecentAtVersion(sessionId, limit, version));
        } catch (RuntimeException failure) {
            unavailable.increment();
            if (downUntilNanos.getAndSet(System.nanoTime() + restNanos) == 0) {
                LOG.warn("Read replica failed, reading from the primary: {}", FailureClassifier.describe(failure));
            }
            return null;
        }
        (row == null ? behind : served).increment();
        return row;
    }

    /**
     * Probes the replica and puts its state and read counts into {@code details}; returns whether it
     * answered as a standby. A replica that answers is asked again by reads at once.
     */
    public boolean probe(Map<String, Object> details) {
        boolean up;
        try {
            up = replica.run(SessionMemoryMapper::isInRecovery);
            details.put("readReplica", up ? "reachable" : "not a standby");
        } catch (RuntimeException failure) {
            up = false;
            details.put("readReplica", FailureClassifier.isUnavailable(failure) ? "unreachable" : "error");
            details.put("readReplica.error", FailureClassifier.describe(failure));
        }
        if (up && downUntilNanos.getAndSet(0) != 0) {
            LOG.info("Read replica answers again");
        }
        details.put("readReplica.served", served.sum());
        details.put("readReplica.behind", behind.sum());
        details.put("readReplica.unavailable", unavailable.sum());
        return up;
    }
}
