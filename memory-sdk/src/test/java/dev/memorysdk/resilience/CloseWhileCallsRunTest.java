package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.internal.ReplayLifecycle;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code close()} while calls are in flight: it stops taking calls, waits for those running within
 * its bound, replays, and reports what it could not store; no call acknowledges a turn that close
 * neither stored nor counted; every async future completes by the end of close; close stops its
 * last replay at the first unavailability; and no meter is left behind by a call that outlives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseWhileCallsRunTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    @AfterEach
    void forward() {
        PROXIED.proxy().setMode(Mode.FORWARD);
    }

    /** A data source that holds the first connection asked for by a marked thread until released. */
    private static final class HeldConnection extends DelegatingDataSource {
        private volatile Thread held;
        private final CountDownLatch connecting = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        HeldConnection() {
            super(FaultTestSettings.unpooled(PROXIED.proxy().jdbcUrl(PROXIED.database().name())));
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (Thread.currentThread() == held) {
                held = null;
                connecting.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getConnection();
        }

        /** Runs {@code call} on a new thread whose first connection is held; returns once it is. */
        <T> CompletableFuture<T> holding(java.util.function.Supplier<T> call) throws InterruptedException {
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(call.get());
                } catch (RuntimeException failure) {
                    result.completeExceptionally(failure);
                }
            }, "held-call");
            held = thread;
            thread.start();
            assertThat(connecting.await(30, TimeUnit.SECONDS)).isTrue();
            return result;
        }
    }

    private static CompletableFuture<Void> closing(PostgresMemoryManager memory) {
        return CompletableFuture.runAsync(memory::close);
    }

    @Test
    void anAppendInFlightWhenCloseBeginsIsEitherStoredOrCountedAsLostByClose() throws Exception {
        HeldConnection source = new HeldConnection();
        PostgresMemoryManager memory = FaultTestSettings.builderOn(source).build();
        try (LogCapture log = LogCapture.of(ReplayLifecycle.class)) {
            CompletableFuture<Boolean> append = source.holding(
                    () -> memory.addToMemory("close-inflight", FaultTestSettings.turn("close-inflight-1")));
            CompletableFuture<Void> close = closing(memory);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> memory.addToMemory("close-other", FaultTestSettings.turn("other")))
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
            // The database goes away as the held append carries on: it fails and falls back.
            PROXIED.proxy().setMode(Mode.DROP);
            source.release.countDown();
            boolean acknowledged = append.get(30, TimeUnit.SECONDS);
            close.get(30, TimeUnit.SECONDS);
            assertThat(acknowledged).as("buffered before close sealed the buffer").isTrue();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closing with 1 buffered turn(s) not written to the database");
        }
    }

    @Test
    void anAppendInFlightWhenCloseBeginsIsStoredWhenTheDatabaseAnswers() throws Exception {
        HeldConnection source = new HeldConnection();
        PostgresMemoryManager memory = FaultTestSettings.builderOn(source).build();
        CompletableFuture<Boolean> append = source.holding(
                () -> memory.addToMemory("close-stored", FaultTestSettings.turn("close-stored-1")));
        CompletableFuture<Void> close = closing(memory);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> memory.getContext("close-stored")).isInstanceOf(IllegalStateException.class));
        source.release.countDown();
        assertThat(append.get(30, TimeUnit.SECONDS)).isTrue();
        close.get(30, TimeUnit.SECONDS);
        assertThat(FaultTestSettings.storedIds(PROXIED.database()).get("close-stored")).containsExactly("close-stored-1");
    }

    @Test
    void everyAsyncFutureIsCompleteWhenCloseReturnsThoughTheDatabaseNeverAnswers() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()), config -> config
                .asyncThreads(1)).build();
        PROXIED.proxy().setMode(Mode.HANG);
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(memory.async().addToMemory("close-async", FaultTestSettings.turn("close-async-" + i)));
        }
        memory.close();
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(futures).filteredOn(CompletableFuture::isCompletedExceptionally).isNotEmpty();
    }

    @Test
    void closeStopsItsLastReplayAtTheFirstSessionALockHoldsUp() throws Exception {
        PROXIED.proxy().setMode(Mode.FORWARD);
        PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()), config -> config
                .fallbackPolicy(FallbackPolicy.BUFFER)).build();
        PROXIED.proxy().setMode(Mode.DROP);
        int sessions = 20;
        for (int i = 0; i < sessions; i++) {
            assertThat(memory.addToMemory("close-locked-" + i, FaultTestSettings.turn("close-locked-" + i))).isTrue();
        }
        try (Connection lock = PROXIED.database().lockTable(); LogCapture log = LogCapture.of(ReplayLifecycle.class)) {
            PROXIED.proxy().setMode(Mode.FORWARD);
            long started = System.nanoTime();
            memory.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            lock.rollback();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closing with " + sessions + " buffered turn(s) not written to the database");
            assertThat(took).as("close's bound: two grace periods and one replay statement")
                    .isLessThan(FaultTestSettings.CLOSE_BOUND);
        }
    }

    @Test
    void aCallThatOutlivesCloseLeavesNoMeterBehind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HeldConnection source = new HeldConnection();
        PostgresMemoryManager memory = FaultTestSettings.builderOn(source).meterRegistry(registry).build();
        CompletableFuture<Boolean> append = source.holding(
                () -> memory.addToMemory("close-meters", FaultTestSettings.turn("close-meters-1")));
        memory.close();
        source.release.countDown();
        append.handle((result, failure) -> null).get(30, TimeUnit.SECONDS);
        assertThat(registry.getMeters()).as("every meter of the closed manager is gone").isEmpty();
    }
}
