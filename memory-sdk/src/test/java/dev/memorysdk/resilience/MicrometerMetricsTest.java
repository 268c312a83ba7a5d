package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
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
             PostgresMemoryManager memory = PostgresMemoryManager.builder().meterRegistry(registry).config(FaultTestSettings
                     .config(proxy.jdbcUrl(database.name()))
                     .bufferCapacity(5).build()).build()) {
            for (int i = 0; i < 3; i++) {
                memory.addToMemory("metrics", FaultTestSettings.turn("ok-" + i));
            }
            memory.getContext("metrics");
            assertThat(timer(registry, "append", "success").count()).isEqualTo(3);
            assertThat(timer(registry, "getContext", "success").count()).isEqualTo(1);

            proxy.setMode(Mode.DROP);
            for (int i = 0; i < 8; i++) {
                assertThat(memory.addToMemory("metrics", FaultTestSettings.turn("buffered-" + i)))
                        .as("acknowledged only while the buffer has room").isEqualTo(i < 5);
            }
            assertThat(timer(registry, "append", "unavailable").count()).isEqualTo(8);
            assertThat(registry.get("memory.buffered.operations").tag("operation", "append").counter().count())
                    .isEqualTo(5);
            assertThat(gauge(registry, "memory.buffer.size")).isEqualTo(5);
            assertThat(gauge(registry, "memory.buffer.capacity")).isEqualTo(5);
            assertThat(registry.get("memory.buffer.full.refusals").functionCounter().count())
                    .as("new turns refused when full").isEqualTo(3);
            assertThat(memory.healthCheck().details()).containsEntry("refusedWhenFull", 3L);
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "open").gauge().value())
                    .isEqualTo(1);
            assertThat(registry.get("resilience4j.retry.calls").meters()).isNotEmpty();
            assertThat(registry.get("hikaricp.connections").gauge()).isNotNull();

            proxy.setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(gauge(registry, "memory.buffer.size")).isZero();
            assertThat(FaultTestSettings.storedIds(database).get("metrics")).as("every acknowledged turn, in order")
                    .containsExactly("ok-0", "ok-1", "ok-2", "buffered-0", "buffered-1", "buffered-2", "buffered-3",
                            "buffered-4");
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("state", "closed").gauge().value())
                    .isEqualTo(1);
        }
    }

    @Test
    void twoManagersOnOneRegistryKeepTheirOwnMetersAndRemoveThemOnClose() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PostgresMemoryManager first = PostgresMemoryManager.builder().dataSource(database.dataSource())
                .meterRegistry(registry).build();
        try (PostgresMemoryManager second = PostgresMemoryManager.builder().dataSource(database.dataSource())
                .meterRegistry(registry).build()) {
            first.addToMemory("first", "q", "a");
            first.addToMemory("first", "q", "a");
            second.addToMemory("second", "q", "a");
            assertThat(registry.find("memory.operations").tag("operation", "append").timers())
                    .extracting(Timer::count).containsExactlyInAnyOrder(2L, 1L);
            assertThat(registry.find("memory.buffer.size").gauges()).hasSize(2);
            String firstName = registry.find("memory.operations").tag("operation", "append").timers().stream()
                    .filter(timer -> timer.count() == 2).findFirst().orElseThrow().getId().getTag("manager");

            first.close();
            assertThat(registry.find("memory.operations").timers()).singleElement().extracting(Timer::count)
                    .isEqualTo(1L);
            assertThat(registry.find("memory.buffer.size").gauges()).hasSize(1);
            assertThat(registry.getMeters()).as("no meter of the closed manager is left")
                    .noneMatch(meter -> firstName.equals(meter.getId().getTag("manager"))
                            || firstName.equals(meter.getId().getTag("name")));
        }
        assertThat(registry.find("memory.operations").timers()).isEmpty();
        assertThat(registry.find("resilience4j.circuitbreaker.state").gauges()).isEmpty();
    }

    private static Timer timer(SimpleMeterRegistry registry, String operation, String outcome) {
        return registry.get("memory.operations").tag("operation", operation).tag("outcome", outcome).timer();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.get(name).gauge();
        return gauge.value();
    }
}
