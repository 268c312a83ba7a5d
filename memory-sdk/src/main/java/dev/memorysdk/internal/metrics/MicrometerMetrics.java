package dev.memorysdk.internal.metrics;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.memorysdk.internal.buffer.BufferReplayer;
import dev.memorysdk.internal.buffer.OutageBuffer;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import dev.memorysdk.internal.store.NearCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of the SDK: {@code memory.operations} timers tagged by operation and outcome,
 * the outage buffer's size and drops, and the bindings HikariCP and Resilience4j ship for their
 * own figures. Every meter of the SDK carries the manager's name (tag {@code manager}; the breaker's
 * and retry's carry it as {@code name}, the pool's as {@code pool}), so managers sharing a registry
 * keep their own figures, and {@link #close()} removes them, as HikariCP's tracker does for its
 * pool. Loaded only when the application hands a registry to the builder, so Micrometer stays an
 * optional dependency. Thread-safe.
 */
public final class MicrometerMetrics implements OperationMetrics, AutoCloseable {

    /** The tag naming the manager on the SDK's own meters. */
    public static final String MANAGER_TAG = "manager";

    private final MeterRegistry registry;
    private final String managerName;
    private static final Outcome[] OUTCOMES = Outcome.values();

    /** Each operation's timers, by outcome (ordinal): found without building a key per call. */
    private final ConcurrentMap<String, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> bufferedCounters = new ConcurrentHashMap<>();
    private final Set<Meter> gauges = ConcurrentHashMap.newKeySet();
    // A call still running when the manager closes records nothing: its meter would outlive close.
    private volatile boolean closed;

    public MicrometerMetrics(MeterRegistry registry, String managerName) {
        this.registry = registry;
        this.managerName = managerName;
    }

    @Override
    public void record(String operation, Outcome outcome, long durationNanos) {
        if (closed) {
            return;
        }
        AtomicReferenceArray<Timer> byOutcome = timers.computeIfAbsent(operation,
                key -> new AtomicReferenceArray<>(OUTCOMES.length));
        Timer timer = byOutcome.get(outcome.ordinal());
        if (timer == null) {
            // Registering is idempotent: a racing thread gets the same meter from the registry.
            timer = Timer.builder("memory.operations")
                    .description("Memory operations by outcome")
                    .tag("operation", operation)
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .tag(MANAGER_TAG, managerName)
                    .register(registry);
            byOutcome.set(outcome.ordinal(), timer);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordBuffered(String operation) {
        if (closed) {
            return;
        }
        bufferedCounters.computeIfAbsent(operation, key -> Counter.builder("memory.buffered.operations")
                        .description("Operations answered by the outage buffer")
                        .tag("operation", operation)
                        .tag(MANAGER_TAG, managerName)
                        .register(registry))
                .increment();
    }

    /** The tracker factory to set on an SDK-owned pool's configuration before the pool starts. */
    public MicrometerMetricsTrackerFactory poolMetrics() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /** Binds the breaker's and retry's own metrics. */
    public void bind(DatabaseGuard guard) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guard.breakerRegistry()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(guard.retryRegistry()).bindTo(registry);
    }

    /** Binds the outage buffer's figures and its replay's. */
    public void bind(OutageBuffer buffer, BufferReplayer replayer) {
        gauge("memory.buffer.size", "Turns waiting in the outage buffer", buffer, OutageBuffer::size);
        gauge("memory.buffer.bytes", "Bytes of stored JSON waiting in the outage buffer", buffer,
                OutageBuffer::bytes);
        gauge("memory.buffer.capacity", "Capacity of the outage buffer", buffer, OutageBuffer::capacity);
        gauges.add(FunctionCounter.builder("memory.buffer.full.refusals", buffer, OutageBuffer::refusedWhenFullCount)
                .description("New turns refused (not acknowledged) because the outage buffer was full")
                .tag(MANAGER_TAG, managerName).register(registry));
        gauge("memory.buffer.refused", "Buffered turns dropped because the database refused their data",
                replayer, BufferReplayer::refusedCount);
        gauge("memory.buffer.sessions.set.aside", "Sessions whose buffered turns the database refuses, kept "
                + "buffered while the others replay", replayer, BufferReplayer::setAsideCount);
    }

    /** Binds the near cache's figures: reads by result, evictions, and the bytes and windows held. */
    public void bind(NearCache cache) {
        for (Map.Entry<String, ToDoubleFunction<NearCache>> result : Map.<String, ToDoubleFunction<NearCache>>of(
                "hit", NearCache::hitCount, "miss", NearCache::missCount, "stale", NearCache::staleCount).entrySet()) {
            gauges.add(FunctionCounter.builder("memory.near.cache.reads", cache, result.getValue())
                    .description("Context reads by what the near cache held: hit (served after the version "
                            + "check), miss (no window), stale (the row had changed)")
                    .tag("result", result.getKey()).tag(MANAGER_TAG, managerName).register(registry));
        }
        gauges.add(FunctionCounter.builder("memory.near.cache.evictions", cache, NearCache::evictionCount)
                .description("Windows evicted from the near cache to stay within its size")
                .tag(MANAGER_TAG, managerName).register(registry));
        gauge("memory.near.cache.bytes", "Estimated bytes the near cache holds", cache, NearCache::weightedSize);
        gauge("memory.near.cache.windows", "Context windows the near cache holds", cache, NearCache::size);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        gauges.add(Gauge.builder(name, source, value).description(description).tag(MANAGER_TAG, managerName)
                .register(registry));
    }

    /** Removes this manager's meters from the registry (the pool removes its own when it closes). */
    @Override
    public void close() {
        closed = true;
        for (AtomicReferenceArray<Timer> byOutcome : timers.values()) {
            for (int i = 0; i < byOutcome.length(); i++) {
                Timer timer = byOutcome.get(i);
                if (timer != null) {
                    registry.remove(timer);
                }
            }
        }
        bufferedCounters.values().forEach(registry::remove);
        gauges.forEach(registry::remove);
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("resilience4j.")
                    && managerName.equals(meter.getId().getTag("name"))) {
                registry.remove(meter);
            }
        }
    }
}
