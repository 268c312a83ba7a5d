package dev.memorysdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.internal.cleanup.FleetLease;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lease that lets one instance of a fleet clean up at a time, on a real database. */
class ScheduledCleanupTest {

    /** Long enough that the schedule itself never fires while a test runs: the tests tick by hand. */
    private static final Duration HOUR = Duration.ofHours(1);

    private final TestDatabase database = TestPostgres.createDatabase().withSchema();

    private FleetLease lease(String instance) {
        return new FleetLease(database.dataSource(), Duration.ofSeconds(5), ScheduledCleanup.LEASE, instance);
    }

    @Test
    void ofTwoInstancesOnlyTheOneHoldingTheLeaseCleansUp() {
        AtomicInteger runsOfA = new AtomicInteger();
        AtomicInteger runsOfB = new AtomicInteger();
        ScheduledCleanup a = new ScheduledCleanup(lease("a"), HOUR, () -> runsOfA.incrementAndGet() * 10, "a");
        ScheduledCleanup b = new ScheduledCleanup(lease("b"), HOUR, () -> runsOfB.incrementAndGet() * 10, "b");
        try {
            assertThat(a.runOnce()).isEqualTo(10);
            assertThat(b.runOnce()).isEqualTo(-1);
            assertThat(a.runOnce()).as("the holder too waits out its term").isEqualTo(-1);
            assertThat(runsOfA).hasValue(1);
            assertThat(runsOfB).hasValue(0);
        } finally {
            a.stop(1_000);
            b.stop(1_000);
        }
    }

    @Test
    void aLeaseWhoseTermIsOverGoesToTheNextInstanceThatAsks() {
        FleetLease a = lease("a");
        FleetLease b = lease("b");
        assertThat(a.tryTake(HOUR)).isTrue();
        assertThat(b.tryTake(HOUR)).isFalse();

        // As if an hour had passed (the holder may have died): times are the database's own.
        database.update("UPDATE session_memory_lease SET locked_until = now() - interval '1 second' WHERE name = ?",
                ScheduledCleanup.LEASE);

        assertThat(b.tryTake(HOUR)).isTrue();
        assertThat(database.queryString("SELECT holder FROM session_memory_lease WHERE name = ?", ScheduledCleanup.LEASE))
                .isEqualTo(b.holder());
        assertThat(a.tryTake(HOUR)).isFalse();
    }

    @Test
    void ofManyInstancesAskingAtOnceExactlyOneGetsTheLease() throws Exception {
        int instances = 16;
        AtomicInteger taken = new AtomicInteger();
        Thread[] threads = new Thread[instances];
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < instances; i++) {
            FleetLease lease = lease("i" + i);
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                    if (lease.tryTake(HOUR)) {
                        taken.incrementAndGet();
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(taken).hasValue(1);
    }

    @Test
    void aFailedRunIsReportedAsSkippedAndTheNextTickTriesAgain() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledCleanup cleanup = new ScheduledCleanup(lease("a"), HOUR, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("database gone");
            }
            return 3;
        }, "a");
        try {
            assertThat(cleanup.runOnce()).isEqualTo(-1);
            database.update("UPDATE session_memory_lease SET locked_until = now() - interval '1 second'");
            assertThat(cleanup.runOnce()).isEqualTo(3);
        } finally {
            cleanup.stop(1_000);
        }
    }
}
