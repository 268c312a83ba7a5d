package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {

    private static final int THREADS = 16;
    private static final int APPENDS_PER_THREAD = 50;

    private TestDatabase database;
    private PostgresMemoryManager memory;
    private ExecutorService pool;

    @BeforeAll
    void start() {
        database = TestPostgres.createDatabase().withSchema();
        memory = PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER)
                .maxPoolSize(THREADS)
                .maxContextLength(THREADS * APPENDS_PER_THREAD * 2).build())
                .build();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        memory.close();
    }

    @Test
    void sixteenThreadsAppendingToOneSessionLoseAndDuplicateNothing() throws Exception {
        String session = "shared-session";
        runTogether(thread -> {
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                memory.addToMemory(session, new Interaction("t" + thread + "-" + i, "q", "a", java.time.Instant.now()));
            }
        });

        List<String> stored = storedIds(session);
        assertThat(stored).hasSize(THREADS * APPENDS_PER_THREAD).doesNotHaveDuplicates();
        for (int thread = 0; thread < THREADS; thread++) {
            String prefix = "t" + thread + "-";
            List<String> ofThread = stored.stream().filter(id -> id.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                expected.add(prefix + i);
            }
            assertThat(ofThread).as("order of thread %d's appends", thread).containsExactlyElementsOf(expected);
        }
    }

    /** At the cap every append drops the oldest turn: the at-cap branches of the append, concurrently. */
    @Test
    void sixteenThreadsAppendingAtTheCapKeepTheNewestTurnsInOrderOnce() throws Exception {
        int cap = 100;
        try (PostgresMemoryManager capped = PostgresMemoryManager.builder().dataSource(database.dataSource())
                .config(MemoryConfig.custom().maxContextLength(cap).build()).build()) {
            String session = "capped-session";
            runTogether(thread -> {
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    assertThat(capped.addToMemory(session,
                            new Interaction("c" + thread + "-" + i, "q", "a", java.time.Instant.now()))).isTrue();
                }
            });
            List<String> stored = storedIds(session);
            assertThat(stored).hasSize(cap).doesNotHaveDuplicates();
            for (int thread = 0; thread < THREADS; thread++) {
                String prefix = "c" + thread + "-";
                List<Integer> ofThread = stored.stream().filter(id -> id.startsWith(prefix))
                        .map(id -> Integer.parseInt(id.substring(prefix.length()))).toList();
                assertThat(ofThread).as("thread %d's kept turns: its newest, in order", thread).isSorted();
                if (!ofThread.isEmpty()) {
                    assertThat(ofThread.get(ofThread.size() - 1)).isEqualTo(APPENDS_PER_THREAD - 1);
                    assertThat(ofThread.get(ofThread.size() - 1) - ofThread.get(0)).isEqualTo(ofThread.size() - 1);
                }
            }
        }
    }

    /** The ids stored in the session's row, in stored order, read from the table itself. */
    private List<String> storedIds(String session) {
        return database.storedTurnIds(session);
    }

    @Test
    void sixteenThreadsRetryingTheSameInteractionsStoreEachOnce() throws Exception {
        String session = "retried-session";
        runTogether(thread -> {
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                memory.addToMemory(session, new Interaction("same-" + i, "q" + i, "a" + i, java.time.Instant.now()));
            }
        });
        assertThat(storedIds(session)).hasSize(APPENDS_PER_THREAD).doesNotHaveDuplicates();
    }

    @Test
    void manySessionsWrittenConcurrentlyStayApart() throws Exception {
        runTogether(thread -> {
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                memory.addToMemory("own-" + thread, "q" + i, "thread " + thread);
            }
        });
        for (int thread = 0; thread < THREADS; thread++) {
            List<Interaction> context = memory.getContext("own-" + thread, APPENDS_PER_THREAD);
            int owner = thread;
            assertThat(context).hasSize(APPENDS_PER_THREAD)
                    .allSatisfy(turn -> assertThat(turn.answer()).isEqualTo("thread " + owner));
        }
    }

    @Test
    void concurrentBatchesToOneSessionLoseNothing() throws Exception {
        String session = "batched-session";
        runTogether(thread -> {
            List<Interaction> batch = new ArrayList<>();
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                batch.add(new Interaction("b" + thread + "-" + i, "q", "a", java.time.Instant.now()));
            }
            assertThat(memory.addAllToMemory(session, batch)).isEqualTo(APPENDS_PER_THREAD);
        });
        assertThat(storedIds(session)).hasSize(THREADS * APPENDS_PER_THREAD).doesNotHaveDuplicates();
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** Starts all threads at once behind a latch and waits for every one, rethrowing any failure. */
    private void runTogether(ThreadBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            int id = thread;
            futures.add(pool.submit(() -> {
                start.await();
                body.run(id);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(2, TimeUnit.MINUTES);
        }
    }
}
