package dev.memorysdk.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs one piece of work on several threads at once and waits for all, rethrowing the first failure. */
public final class InThreads {

    private InThreads() {
    }

    /** Runs {@code work} with each thread's number (0 to threads - 1) on {@code threads} threads. */
    public static void run(int threads, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> work.accept(thread)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
