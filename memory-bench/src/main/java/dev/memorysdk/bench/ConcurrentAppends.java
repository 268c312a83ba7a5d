package dev.memorysdk.bench;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts {@code threads} callers together (on a latch), each making {@code perThread} calls. A call
 * the database refuses (an {@link SQLException}, thrown as it is or wrapped by a framework: a naive
 * store's deadlock or serialization failure) is counted and its caller goes on, since how a store
 * fails under contention is part of the finding; any other failure ends the run.
 */
final class ConcurrentAppends {

    /** What a run gave: calls the database refused, and the SQLSTATE of the first one (null if none). */
    record Outcome(int refused, String firstSqlState) {

        /** " (N refused by the database, SQLSTATE x)", or empty when none was. */
        String describe() {
            return refused == 0 ? "" : String.format(" (%d calls refused by the database, SQLSTATE %s)",
                    refused, firstSqlState);
        }
    }

    private ConcurrentAppends() {
    }

    static Outcome run(int threads, int perThread, Operation call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<String> firstSqlState = new AtomicReference<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        try {
                            call.run(random);
                        } catch (Exception failure) {
                            SQLException refusal = refusal(failure);
                            if (refusal == null) {
                                throw failure;
                            }
                            refused.incrementAndGet();
                            firstSqlState.compareAndSet(null, refusal.getSQLState());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(refused.get(), firstSqlState.get());
    }

    /**
     * The database's refusal behind {@code failure}: the exception itself or one of its causes (a
     * framework wraps it, as Spring's {@code DataAccessException} does); null for any other failure.
     */
    private static SQLException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException refusal) {
                return refusal;
            }
        }
        return null;
    }
}
