package dev.memorysdk.resilience;

import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady append load for fault tests: threads started together behind a latch, each appending
 * turns with ids {@code t<thread>-<seq>} to its own sessions ({@code <prefix>-t<thread>-s<n>}, a new
 * session every {@code turnsPerSession} turns), recording which appends were acknowledged.
 */
final class AppendLoad implements AutoCloseable {

    /** Appends that must go through after a recovery before the load counts as flowing again. */
    private static final int APPENDS_AFTER_RECOVERY = 300;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger notAcknowledged = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> appenders = new ArrayList<>();
    private final MemoryManager memory;

    private AppendLoad(MemoryManager memory) {
        this.memory = memory;
    }

    static AppendLoad start(MemoryManager memory, String sessionPrefix, int threads, int turnsPerSession,
                            Duration pause) {
        AppendLoad load = new AppendLoad(memory);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> load.appendUntilStopped(start, sessionPrefix, thread, turnsPerSession,
                    pause.toNanos()), "appender-" + t);
            appender.start();
            load.appenders.add(appender);
        }
        start.countDown();
        return load;
    }

    private void appendUntilStopped(CountDownLatch start, String sessionPrefix, int thread, int turnsPerSession,
                                    long pauseNanos) {
        try {
            start.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int seq = 0; !stop.get(); seq++) {
            String id = "t" + thread + "-" + seq;
            String session = sessionPrefix + "-t" + thread + "-s" + (seq / turnsPerSession);
            if (memory.addToMemory(session, FaultTestSettings.turn(id))) {
                acknowledged.add(id);
            } else {
                notAcknowledged.incrementAndGet();
            }
            LockSupport.parkNanos(pauseNanos);
        }
    }

    /** Waits until the SDK is back to normal (health UP) and then for more appends to go through. */
    void awaitRecovered() {
        await().atMost(RECOVERY_TIMEOUT).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
        int before = acknowledged.size();
        await().atMost(RECOVERY_TIMEOUT).until(() -> acknowledged.size() >= before + APPENDS_AFTER_RECOVERY);
    }

    /** Ids of the appends that returned true. */
    Set<String> acknowledged() {
        return acknowledged;
    }

    /** How many appends returned false. */
    int notAcknowledged() {
        return notAcknowledged.get();
    }

    /** Stops the threads and waits for them to finish their current append. */
    @Override
    public void close() {
        stop.set(true);
        try {
            for (Thread appender : appenders) {
                appender.join(RECOVERY_TIMEOUT.toMillis());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
