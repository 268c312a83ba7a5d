package dev.memorysdk.internal.metrics;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.memorysdk.internal.buffer.OutageBuffer;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of the SDK: {@code memory.operations} timers tagged by operation and outcome,
 * the outage buffer's size and drops, and the bindings HikariCP and Resilience4j ship for their
 * own figures. Loaded only when the application hands a registry to the builder, so Micrometer
 * stays an optional dependency. Thread-safe.
 */
public final class MicrometerMetrics implements OperationMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> bufferedCounters = new ConcurrentHashMap<>();

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void record(String operation, Outcome outcome, long durationNanos) {
        timers.computeIfAbsent(operation + '|' + outcome, key -> Timer.builder("memory.operations")
                        .description("Memory operations by outcome")
                        .tag("operation", operation)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry))
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordBuffered(String operation) {
        bufferedCounters.computeIfAbsent(operation, key -> Counter.builder("memory.buffered.operations")
                        .description("Operations answered by the outage buffer")
                        .tag("operation", operation)
                        .register(registry))
                .increment();
    }

    /** The tracker factory to set on an SDK-owned pool's configuration before the pool starts. */
    public MicrometerMetricsTrackerFactory poolMetrics() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /** Binds the buffer gauges and the breaker's and retry's own metrics. */
    public void bind(DatabaseGuard guard, OutageBuffer buffer) {
        if (buffer != null) {
            Gauge.builder("memory.buffer.size", buffer, OutageBuffer::size)
                    .description("Turns waiting in the outage buffer")
                    .register(registry);
            Gauge.builder("memory.buffer.capacity", buffer, OutageBuffer::capacity)
                    .description("Capacity of the outage buffer")
                    .register(registry);
            Gauge.builder("memory.buffer.dropped", buffer, OutageBuffer::droppedCount)
                    .description("Buffered turns dropped because the buffer was full")
                    .register(registry);
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guard.breakerRegistry()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(guard.retryRegistry()).bindTo(registry);
    }
}
