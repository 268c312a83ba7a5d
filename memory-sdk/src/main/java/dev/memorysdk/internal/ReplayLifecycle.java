package dev.memorysdk.internal;

import dev.memorysdk.internal.fallback.Fallback;
import dev.memorysdk.internal.resilience.FailureClassifier;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When buffered turns are offered back to the database: every {@code interval} on a thread of its
 * own while the manager runs, and one last time on close. Does nothing for a store whose buffer
 * takes no turns. Thread-safe. Public only for tests that read its log.
 */
public final class ReplayLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayLifecycle.class);

    private final Fallback fallback;
    private final ScheduledExecutorService scheduler;

    ReplayLifecycle(Fallback fallback, Duration interval, String name) {
        this.fallback = fallback;
        this.scheduler = fallback.keepsTurns()
                ? Executors.newSingleThreadScheduledExecutor(Threads.daemon(name + "-replay")) : null;
        if (scheduler != null) {
            long intervalMillis = interval.toMillis();
            scheduler.scheduleWithFixedDelay(this::replayQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the periodic replay: a running round ends after its current statement (a database call
     * is never interrupted), waited for up to {@code graceMillis}.
     */
    void stop(long graceMillis) {
        fallback.stopReplay();
        if (scheduler != null) {
            scheduler.shutdown();
            Threads.awaitQuietly(scheduler, graceMillis);
        }
    }

    /** Offers what is still buffered one last time, bypassing an open breaker; WARNs about what is lost. */
    void lastReplay() {
        if (fallback.keptCount() == 0) {
            return;
        }
        RuntimeException stopped;
        try {
            stopped = fallback.replayOnClose();
        } catch (RuntimeException unexpected) {
            stopped = unexpected;
        }
        if (fallback.keptCount() > 0) {
            LOG.warn("Closing with {} buffered turn(s) not written to the database: they are lost ({})",
                    fallback.keptCount(), stopped == null ? "unknown cause" : FailureClassifier.describe(stopped));
        }
    }

    private void replayQuietly() {
        try {
            fallback.replay();
        } catch (RuntimeException unexpected) {
            LOG.error("Replaying buffered turns failed", unexpected);
        }
    }
}
