package dev.memorysdk.internal;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.internal.fallback.Fallback;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.store.ReplicaReads;
import dev.memorysdk.internal.store.SessionStore;
import dev.memorysdk.internal.store.SessionTotals;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A manager's health: one probe statement through the breaker, the breaker's state, the outage
 * buffer's figures, the pool's, and the replica's when there is one. Thread-safe.
 */
final class HealthProbe {

    private final DatabaseGuard guard;
    private final Fallback fallback;
    private final SessionStore sessionStore;
    private final DataSource dataSource;
    private final ReplicaReads replicaReads;

    HealthProbe(DatabaseGuard guard, Fallback fallback, SessionStore sessionStore, DataSource dataSource,
                ReplicaReads replicaReads) {
        this.guard = guard;
        this.fallback = fallback;
        this.sessionStore = sessionStore;
        this.dataSource = dataSource;
        this.replicaReads = replicaReads;
    }

    /**
     * Probes the database and reports; never throws. The probe is one statement through the
     * breaker without retry (so a half-open breaker can close on it); while the breaker is open no
     * probe is sent and the answer is immediate.
     */
    HealthStatus health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Probe probe = probeDatabase(guard, details);
        int buffered = fallback.keptCount();
        details.put("circuitBreaker", guard.breaker().getState().name());
        details.put("fallbackPolicy", fallback.policy().name());
        details.put("bufferedInteractions", buffered);
        details.put("refusedWhenFull", fallback.refusedWhenFull());
        details.put("sessionsSetAside", fallback.sessionsSetAside());
        OwnedPool.putFigures(dataSource, details);
        boolean replicaDown = replicaReads != null && !replicaReads.probe(details);
        HealthStatus.Status status = probe.status();
        if (status == HealthStatus.Status.UP && (!guard.isClosed() || buffered > 0 || replicaDown)) {
            status = HealthStatus.Status.DEGRADED;
        }
        return new HealthStatus(status, probe.totalSessions(), details);
    }

    private Probe probeDatabase(DatabaseGuard guard, Map<String, Object> details) {
        if (guard.isOpen()) {
            details.put("database", "unreachable");
            details.put("error", "circuit breaker open after repeated failures");
            return new Probe(HealthStatus.Status.DOWN, -1);
        }
        try {
            SessionTotals totals = guard.probe(sessionStore::countSessions);
            details.put("database", "reachable");
            details.put("totalSessionsExact", totals.exact());
            return new Probe(HealthStatus.Status.UP, totals.sessions());
        } catch (CallNotPermittedException probesInFlight) {
            // Half-open with every probe call taken: the breaker is finding out right now.
            details.put("database", "unknown");
            details.put("error", "circuit breaker half-open, probe calls in flight");
            return new Probe(HealthStatus.Status.DEGRADED, -1);
        } catch (RuntimeException failure) {
            details.put("database", FailureClassifier.isUnavailable(failure) ? "unreachable" : "error");
            details.put("error", FailureClassifier.describe(failure));
            return new Probe(HealthStatus.Status.DOWN, -1);
        }
    }

    /** What the database probe found: the status before the breaker and buffer are considered. */
    private record Probe(HealthStatus.Status status, long totalSessions) {
    }
}
