package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault test 3: the database behind a proxy that stops answering (hang) or drops every connection.
 * No call waits longer than the bound the settings give; once the breaker is open calls return in
 * milliseconds; when the proxy forwards again the breaker closes and health is UP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlackHoleTest {

    private static final Logger LOG = LoggerFactory.getLogger(BlackHoleTest.class);
    private static final int CALLERS = 6;
    /** Long enough to measure calls against an open breaker before it lets a probe through. */
    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(2);
    /** "Milliseconds": generous for a loaded 2-core machine, far below any timeout. */
    private static final Duration FAST_CALL = Duration.ofMillis(250);

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();
    private PostgresMemoryManager memory;
    private LogCapture breakerLog;
    private final AtomicInteger unexpected = new AtomicInteger();

    @BeforeEach
    void startMemory() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        breakerLog = LogCapture.of(DatabaseGuard.class);
        memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name()))
                .fallbackPolicy(FallbackPolicy.FAIL)
                .maxPoolSize(4)
                .circuitBreakerWaitInOpenState(WAIT_IN_OPEN_STATE).build())
                .build();
        for (int i = 0; i < 20; i++) {
            assertThat(memory.addToMemory("warm-up", FaultTestSettings.turn("warm-" + i))).isTrue();
        }
        assertThat(memory.healthCheck().status()).isEqualTo(HealthStatus.Status.UP);
    }

    @AfterEach
    void closeMemory() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        memory.close();
        breakerLog.close();
    }

    @Test
    void hangingDatabaseBoundsEveryCallThenBreakerAnswersAtOnceThenRecovers() throws Exception {
        outageIsBoundedThenFastThenRecovers(Mode.HANG);
    }

    @Test
    void droppingDatabaseBoundsEveryCallThenBreakerAnswersAtOnceThenRecovers() throws Exception {
        outageIsBoundedThenFastThenRecovers(Mode.DROP);
    }

    private void outageIsBoundedThenFastThenRecovers(Mode outage) throws Exception {
        PROXIED.proxy().setMode(outage);
        ConcurrentLinkedQueue<Long> outageCallMillis = new ConcurrentLinkedQueue<>();
        List<Thread> callers = startCallersUntilBreakerOpens(outageCallMillis);
        await().atMost(FaultTestSettings.CALL_BOUND.multipliedBy(2)).until(this::breakerOpened);

        // Right away, while callers caught in the outage may still be waiting for their answer.
        List<Long> openCallMillis = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long started = System.nanoTime();
            try {
                memory.addToMemory("while-open", FaultTestSettings.turn("open-" + i));
            } catch (MemoryUnavailableException expected) {
                // FAIL policy: the open breaker answers with the typed exception.
            }
            openCallMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        HealthStatus down = memory.healthCheck();
        long worstOpenMillis = openCallMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        for (Thread caller : callers) {
            caller.join(FaultTestSettings.CALL_BOUND.multipliedBy(2).toMillis());
        }
        assertThat(unexpected.get()).as("failures other than MemoryUnavailableException").isZero();
        long worstMillis = outageCallMillis.stream().mapToLong(Long::longValue).max().orElseThrow();

        long forwardAt = System.nanoTime();
        PROXIED.proxy().setMode(Mode.FORWARD);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
        long recoveryMillis = Duration.ofNanos(System.nanoTime() - forwardAt).toMillis();

        LOG.info("{}: {} calls until the breaker opened, worst {} ms (bound {} ms); with the breaker open "
                        + "worst of 100 calls {} ms; recovered (breaker CLOSED, health UP) {} ms after forwarding",
                outage, outageCallMillis.size(), worstMillis, FaultTestSettings.CALL_BOUND.toMillis(),
                worstOpenMillis, recoveryMillis);
        assertThat(worstMillis).as("worst call during the outage, ms")
                .isLessThanOrEqualTo(FaultTestSettings.CALL_BOUND.toMillis());
        assertThat(worstOpenMillis).as("worst call with the breaker open, ms").isLessThan(FAST_CALL.toMillis());
        assertThat(down.status()).isEqualTo(HealthStatus.Status.DOWN);
        assertThat(down.details()).containsEntry("circuitBreaker", "OPEN").containsEntry("database", "unreachable");
        assertThat(recoveryMillis).as("recovery after forwarding, ms")
                .isLessThan(WAIT_IN_OPEN_STATE.plus(FaultTestSettings.CALL_BOUND).toMillis());
        assertThat(memory.healthCheck().details()).containsEntry("circuitBreaker", "CLOSED");
        assertThat(memory.addToMemory("after", FaultTestSettings.turn("after-" + outage))).isTrue();
        assertThat(breakerLog.messages(Level.WARN)).filteredOn(message -> message.contains("CLOSED to OPEN"))
                .as("the opening is logged once, not per call").hasSize(1);
    }

    /** Starts threads that append until the breaker opens, recording how long each call took, in ms. */
    private List<Thread> startCallersUntilBreakerOpens(ConcurrentLinkedQueue<Long> millis) {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; !breakerOpened(); i++) {
                    long started = System.nanoTime();
                    try {
                        memory.addToMemory("outage-" + caller, FaultTestSettings.turn("c" + caller + "-" + i));
                    } catch (MemoryUnavailableException expected) {
                        // What FAIL promises while the database is unavailable.
                    } catch (RuntimeException other) {
                        unexpected.incrementAndGet();
                    }
                    millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                }
            }, "caller-" + c);
            thread.start();
            callers.add(thread);
        }
        start.countDown();
        return callers;
    }

    private boolean breakerOpened() {
        return breakerLog.messages(Level.WARN).stream().anyMatch(message -> message.contains("CLOSED to OPEN"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
