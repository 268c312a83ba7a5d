package dev.memorysdk.internal;

import dev.memorysdk.internal.cleanup.FleetLease;
import dev.memorysdk.internal.resilience.FailureClassifier;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the expired-session cleanup every {@code interval} on a thread of its own, at most once per
 * interval across every instance on the database: each run first takes the {@link FleetLease}
 * {@value #LEASE} for one interval, and skips when another instance holds it. A failed run is logged
 * (WARN once until a run succeeds again) and retried at the next tick. Thread-safe.
 */
final class ScheduledCleanup {

    /** The lease's name in {@code session_memory_lease}. */
    public static final String LEASE = "cleanup";

    /** The lease of one tenant's cleanup (each tenant's manager sees and deletes only its own rows). */
    static String leaseOf(java.util.Optional<String> tenant) {
        return tenant.map(name -> LEASE + ":" + name).orElse(LEASE);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCleanup.class);

    private final FleetLease lease;
    private final Duration interval;
    private final IntSupplier cleanup;
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;

    ScheduledCleanup(FleetLease lease, Duration interval, IntSupplier cleanup, String name) {
        this.lease = lease;
        this.interval = interval;
        this.cleanup = cleanup;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon(name + "-cleanup"));
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * One tick: takes the lease and cleans up, or skips. Never throws.
     *
     * @return sessions deleted, or -1 when another instance holds the lease or the run failed
     */
    public int runOnce() {
        try {
            if (!lease.tryTake(interval)) {
                LOG.debug("Cleanup skipped: another instance holds the lease");
                return -1;
            }
            int deleted = cleanup.getAsInt();
            if (failing) {
                LOG.info("Automatic cleanup works again");
                failing = false;
            }
            LOG.debug("Automatic cleanup deleted {} expired session(s)", deleted);
            return deleted;
        } catch (RuntimeException failure) {
            if (!failing) {
                LOG.warn("Automatic cleanup failed, retrying every {}: {}", interval, FailureClassifier.describe(failure));
                failing = true;
            }
            return -1;
        }
    }

    /** Stops the schedule, waiting up to {@code graceMillis} for a running cleanup. */
    void stop(long graceMillis) {
        scheduler.shutdown();
        Threads.awaitQuietly(scheduler, graceMillis);
    }
}
