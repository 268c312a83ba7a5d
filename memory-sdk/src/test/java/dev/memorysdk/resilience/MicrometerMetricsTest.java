package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Metrics published to a Micrometer registry handed to the builder, through an outage. */
class MicrometerMetricsTest {

    @Test
    void publishesOperationTimersBufferFiguresAndThePoolsAndBreakersOwnMeters() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpProxy proxy = TcpProxy.start("localhost", TestPostgres.server().getPort());
             PostgresMemoryManager memory = FaultTestSettings.builder(proxy.jdbcUrl(database.name()))
                     .bufferCapacity(5).meterRegistry(registry).build()) {
            for (int i = 0; i < 3; i++) {
                memory.addToMemory("metrics", FaultTestSettings.turn("ok-" + i));
            }
            memory.getContext("metrics");
            assertThat(timer(registry, "append", "success").count()).isEqualTo(3);
            assertThat(timer(registry, "getContext", "success").count()).isEqualTo(1);

            proxy.setMode(Mode.DROP);
            for (int i = 0; i < 8; i++) {
                memory.addToMemory("metrics", FaultTestSettings.turn("buffered-" + i));
            }
            assertThat(timer(registry, "append", "unavailable").count()).isEqualTo(8);
            assertThat(registry.get("memory.buffered.operations").tag("operation", "append").counter().count())
                    .isEqualTo(8);
            assertThat(gauge(registry, "memory.buffer.size")).isEqualTo(5);
            assertThat(gauge(registry, "memory.buffer.capacity")).isEqualTo(5);
            assertThat(gauge(registry, "memory.buffer.dropped")).as("oldest dropped when full").isEqualTo(3);
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "open").gauge().value())
                    .isEqualTo(1);
            assertThat(registry.get("resilience4j.retry.calls").meters()).isNotEmpty();
            assertThat(registry.get("hikaricp.connections").gauge()).isNotNull();

            proxy.setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(gauge(registry, "memory.buffer.size")).isZero();
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "closed").gauge().value())
                    .isEqualTo(1);
        }
    }

    private static Timer timer(SimpleMeterRegistry registry, String operation, String outcome) {
        return registry.get("memory.operations").tag("operation", operation).tag("outcome", outcome).timer();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.get(name).gauge();
        return gauge.value();
    }
}
