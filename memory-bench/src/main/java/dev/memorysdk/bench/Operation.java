package dev.memorysdk.bench;

import java.util.SplittableRandom;

/** One timed call of a scenario, run repeatedly by every load thread. Implementations must be thread-safe. */
@FunctionalInterface
public interface Operation {

    /**
     * Performs the call once.
     *
     * @param random the calling thread's own random source
     * @throws Exception any failure, counted as an error of the scenario
     */
    void run(SplittableRandom random) throws Exception;
}
