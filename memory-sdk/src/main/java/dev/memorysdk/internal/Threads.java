package dev.memorysdk.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The manager's own threads: named, daemon, and stopped within a grace period. */
final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code <prefix>-<n>}. */
    static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits for a shut-down executor to finish its tasks, interrupting them after {@code timeoutMillis}. */
    static void awaitQuietly(ExecutorService executor, long timeoutMillis) {
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
