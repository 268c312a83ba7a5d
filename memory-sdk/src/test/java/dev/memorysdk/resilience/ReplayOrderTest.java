package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault test 6: turns buffered during an outage are replayed in each session's order, appends made
 * while the replay is under way do not overtake them, and turns the database already had (an
 * acknowledgement lost before the outage was noticed) are not stored twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayOrderTest {

    private static final int SESSIONS = 8;
    private static final int BEFORE = 5;
    private static final int DURING = 40;
    private static final int AFTER = 20;

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    @Test
    void replayKeepsEachSessionsOrderAndLaterAppendsDoNotOvertakeIt() throws Exception {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))
                .maxContextLength(BEFORE + DURING + AFTER).build()).build()) {
            inParallel(session -> appendRange(memory, session, 0, BEFORE));

            PROXIED.proxy().setMode(Mode.DROP);
            inParallel(session -> appendRange(memory, session, BEFORE, BEFORE + DURING));
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(SESSIONS * DURING);
            // The first buffered turn of session 0 reached the database after all: replay must not repeat it.
            PROXIED.proxy().setMode(Mode.FORWARD);
            PROXIED.database().update("UPDATE session_memory SET history = history || jsonb_build_array(jsonb_build_object("
                    + "'id', 's0-" + BEFORE + "', 'query', 'q', 'answer', 'a', 'timestamp', now()::text)) "
                    + "WHERE session_id = 'replay-s0'");

            // Appends keep coming while the breaker is still open and while the replay runs.
            inParallel(session -> appendRange(memory, session, BEFORE + DURING, BEFORE + DURING + AFTER));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);

            Map<String, List<String>> stored = FaultTestSettings.storedIds(PROXIED.database());
            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                List<String> expected = IntStream.range(0, BEFORE + DURING + AFTER)
                        .mapToObj(seq -> "s" + session + "-" + seq).toList();
                assertThat(stored.get("replay-s" + s)).as("session " + s + " in append order, each turn once")
                        .containsExactlyElementsOf(expected);
                assertThat(memory.getContext("replay-s" + s, 1000)).extracting(Interaction::id)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    private static void appendRange(PostgresMemoryManager memory, int session, int from, int to) {
        for (int seq = from; seq < to; seq++) {
            assertThat(memory.addToMemory("replay-s" + session, FaultTestSettings.turn("s" + session + "-" + seq)))
                    .isTrue();
        }
    }

    /** Runs {@code work} for every session, each on its own thread, started together. */
    private static void inParallel(SessionWork work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            int session = s;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    work.run(session);
                } catch (Throwable failure) {
                    failures.add(failure);
                }
            }, "session-" + s);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60).toMillis());
        }
        assertThat(failures).isEmpty();
    }

    @FunctionalInterface
    private interface SessionWork {
        void run(int session) throws Exception;
    }
}
