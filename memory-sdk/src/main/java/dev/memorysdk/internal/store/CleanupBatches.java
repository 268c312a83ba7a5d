package dev.memorysdk.internal.store;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Cleanup batches that report what they deleted even when a DELETE's reply is lost. Each batch
 * selects its candidates' ids first, then deletes those ids. When the DELETE fails, it may have
 * committed (a reply lost on the network, a retry after it): its ids are kept, and the next batch
 * (the retry, or the next run) first counts which of them are gone and reports them as deleted.
 * A session among them that something else deleted meanwhile (clearMemory, another instance's
 * cleanup) is counted too. Thread-safe.
 */
final class CleanupBatches {

    private final MapperCalls sessions;
    /** Ids of DELETEs whose outcome is unknown. */
    private final Queue<String[]> unconfirmed = new ConcurrentLinkedQueue<>();
    /** Deletions confirmed gone but not yet reported (the batch that found them failed later). */
    private final AtomicInteger unreported = new AtomicInteger();

    CleanupBatches(MapperCalls sessions) {
        this.sessions = sessions;
    }

    /**
     * Runs one batch: {@code select} the candidates' ids, then {@code delete} them; returns the
     * sessions deleted, including those of an earlier batch whose DELETE's outcome was unknown.
     *
     * @throws RuntimeException the database's failure; the batch's ids are then remembered
     */
    int run(Function<SessionMemoryMapper, List<String>> select, BiFunction<SessionMemoryMapper, String[], Integer> delete) {
        confirmEarlier();
        String[] ids = sessions.run(select).toArray(String[]::new);
        int deleted = 0;
        if (ids.length > 0) {
            try {
                deleted = sessions.run(mapper -> delete.apply(mapper, ids));
            } catch (RuntimeException outcomeUnknown) {
                unconfirmed.add(ids);
                throw outcomeUnknown;
            }
        }
        return deleted + unreported.getAndSet(0);
    }

    /** Counts the sessions of earlier, unconfirmed DELETEs that are gone. */
    private void confirmEarlier() {
        for (String[] ids = unconfirmed.poll(); ids != null; ids = unconfirmed.poll()) {
            String[] batch = ids;
            try {
                unreported.addAndGet(batch.length - sessions.run(mapper -> mapper.countPresent(batch)));
            } catch (RuntimeException stillUnknown) {
                unconfirmed.add(batch);
                throw stillUnknown;
            }
        }
    }
}
