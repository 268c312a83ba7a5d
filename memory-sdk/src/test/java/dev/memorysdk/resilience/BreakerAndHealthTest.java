package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.testsupport.LogCapture;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault test 7: the breaker goes CLOSED, OPEN, HALF_OPEN, CLOSED with an outage and its end, each
 * change logged once at WARN; health goes UP, DOWN, DEGRADED (half-open, then turns still buffered),
 * UP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakerAndHealthTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    /** Unpooled, so that each probe connects at once instead of waiting for the pool's reconnect backoff. */
    @Test
    void breakerAndHealthFollowTheOutageAndTheRecovery() {
        try (LogCapture breakerLog = LogCapture.of(DatabaseGuard.class);
             PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()), config -> config
                     .fallbackPolicy(FallbackPolicy.SKIP)
                     .circuitBreakerWaitInOpenState(Duration.ofSeconds(1)))
                     .build()) {
            HealthStatus up = memory.healthCheck();
            assertThat(up.status()).isEqualTo(HealthStatus.Status.UP);
            assertThat(up.details()).containsEntry("database", "reachable").containsEntry("circuitBreaker", "CLOSED");

            PROXIED.proxy().setMode(Mode.DROP);
            HealthStatus unreachable = memory.healthCheck();
            assertThat(unreachable.status()).as("probe fails, breaker still closed").isEqualTo(HealthStatus.Status.DOWN);
            assertThat(unreachable.details()).containsEntry("database", "unreachable").containsKey("error");
            for (int i = 0; i < 5 && !breakerLog.messages(Level.WARN).stream().anyMatch(m -> m.contains("to OPEN")); i++) {
                assertThat(memory.addToMemory("health", FaultTestSettings.turn("down-" + i))).isFalse();
            }
            HealthStatus open = memory.healthCheck();
            assertThat(open.status()).isEqualTo(HealthStatus.Status.DOWN);
            assertThat(open.details()).containsEntry("circuitBreaker", "OPEN").containsEntry("database", "unreachable");

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    breakerLog.messages(Level.WARN).stream().anyMatch(m -> m.contains("OPEN to HALF_OPEN")));
            HealthStatus probing = memory.healthCheck();
            assertThat(probing.status()).as("first probe succeeded, breaker still half-open")
                    .isEqualTo(HealthStatus.Status.DEGRADED);
            assertThat(probing.details()).containsEntry("database", "reachable")
                    .containsEntry("circuitBreaker", "HALF_OPEN");
            HealthStatus recovered = memory.healthCheck();
            assertThat(recovered.status()).as("second probe closed the breaker").isEqualTo(HealthStatus.Status.UP);
            assertThat(recovered.details()).containsEntry("circuitBreaker", "CLOSED");

            assertThat(breakerLog.messages(Level.WARN)).extracting(m -> m.substring(m.indexOf(": ") + 2))
                    .as("each state change logged once")
                    .containsExactly("State transition from CLOSED to OPEN", "State transition from OPEN to HALF_OPEN",
                            "State transition from HALF_OPEN to CLOSED");
        }
    }

    @Test
    void healthIsDegradedWhileBufferedTurnsWaitAndUpOnceReplayed() {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(PROXIED.proxy().jdbcUrl(PROXIED.database().name())).build()).build()) {
            PROXIED.proxy().setMode(Mode.DROP);
            for (int i = 0; i < 10; i++) {
                assertThat(memory.addToMemory("health-buffer", FaultTestSettings.turn("buffered-" + i))).isTrue();
            }
            assertThat(memory.healthCheck().details()).containsEntry("bufferedInteractions", 10);
            PROXIED.proxy().setMode(Mode.FORWARD);
            List<HealthStatus> observed = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                HealthStatus health = memory.healthCheck();
                observed.add(health);
                return health.status() == HealthStatus.Status.UP;
            });
            assertThat(observed).as("never UP while turns are buffered or the breaker is not closed")
                    .filteredOn(health -> (Integer) health.details().get("bufferedInteractions") > 0
                            || !"CLOSED".equals(health.details().get("circuitBreaker")))
                    .isNotEmpty()
                    .allMatch(health -> health.status() != HealthStatus.Status.UP);
            assertThat(PROXIED.database().queryLong("SELECT jsonb_array_length(history) FROM session_memory "
                    + "WHERE session_id = 'health-buffer'")).isEqualTo(10);
        } finally {
            PROXIED.proxy().setMode(Mode.FORWARD);
        }
    }
}
