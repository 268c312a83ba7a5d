package dev.memorysdk.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryException;
import dev.memorysdk.internal.fallback.Fallback;
import dev.memorysdk.internal.cleanup.FleetLease;
import dev.memorysdk.DatabaseUrl;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import dev.memorysdk.internal.metrics.OperationMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.schema.SchemaInitializer;
import dev.memorysdk.internal.store.MapperCalls;
import dev.memorysdk.internal.store.NearCache;
import dev.memorysdk.internal.store.ReplicaReads;
import dev.memorysdk.internal.store.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a memory manager runs on, assembled from its settings and released on close: the
 * connection pool (when the SDK owns it), the schema, the store and its guard, the outage buffer
 * and its replay lifecycle, the async executor and the metrics. Thread-safe.
 */
public final class MemoryRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryRuntime.class);
    // The one piece of global state: it numbers the managers of this JVM so that their threads,
    // pools and meters ("memory-sdk-<n>") have distinct names. Nothing else is shared between them.
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final MemorySettings settings;
    private final StartedParts parts;
    private final DataSource dataSource;
    private final InteractionCodec codec;
    private final GuardedOperations store;
    private final ThreadPoolExecutor asyncExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HealthProbe healthProbe;

    /** Makes every part in order, registering each in {@code parts} as it is made. */
    private MemoryRuntime(MemorySettings settings, String name, StartedParts parts) {
        this.settings = settings;
        this.parts = parts;
        MemoryConfig config = settings.config();
        MicrometerMetrics micrometer = settings.meterRegistry() == null ? null : parts.add("meters",
                new MicrometerMetrics((MeterRegistry) settings.meterRegistry(), name), MicrometerMetrics::close);
        this.codec = InteractionCodec.of(settings);
        HikariDataSource ownedPool = settings.dataSource() == null ? parts.add("connection pool",
                OwnedPool.create(settings, "jdbcUrl", config.jdbcUrl().orElseThrow(), name, micrometer),
                HikariDataSource::close) : null;
        this.dataSource = ownedPool != null ? ownedPool : settings.dataSource();
        HikariDataSource ownedReplicaPool = config.readJdbcUrl()
                .map(url -> parts.add("replica pool",
                        OwnedPool.create(settings, "readJdbcUrl", url, name + "-replica", micrometer),
                        HikariDataSource::close))
                .orElse(null);
        DataSource replicaSource = ownedReplicaPool != null ? ownedReplicaPool : settings.readDataSource();
        if (config.initializeSchema()) {
            applySchema(settings, dataSource);
        }
        Clock clock = settings.clock();
        String tenant = config.tenant().orElse(null);
        MapperCalls sessions = new MapperCalls(dataSource, config.statementTimeout(), tenant);
        ReplicaReads replicaReads = replicaSource == null ? null : new ReplicaReads(
                new MapperCalls(replicaSource, config.statementTimeout(), tenant),
                settings.resilience().waitInOpenState());
        NearCache nearCache = config.nearCacheMaxBytes() <= 0 ? null : new NearCache(config.nearCacheMaxBytes(),
                settings.keyProvider() == null ? null : keyId -> settings.keyProvider().key(keyId).isPresent());
        SessionStore sessionStore = new SessionStore(sessions, codec, config.maxContextLength(), config.ttl(),
                config.cleanupBatchSize(), config.durability(), clock, replicaReads, nearCache);
        DatabaseGuard guard = new DatabaseGuard(name, settings.resilience(), clock);
        Fallback fallback = Fallback.of(config.fallbackPolicy(), config.bufferCapacity(), config.bufferMaxBytes(),
                sessionStore::appendAll, guard);
        this.store = new GuardedOperations(sessionStore, guard, fallback,
                micrometer != null ? micrometer : OperationMetrics.NONE, config.ttl(), clock);
        if (micrometer != null) {
            micrometer.bind(guard);
            fallback.bindMeters(micrometer);
            if (nearCache != null) {
                micrometer.bind(nearCache);
            }
        }
        this.healthProbe = new HealthProbe(guard, fallback, sessionStore, dataSource, replicaReads);
        long graceMillis = graceMillis(settings);
        this.asyncExecutor = parts.add("async executor", new ThreadPoolExecutor(config.asyncThreads(),
                config.asyncThreads(), 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.asyncQueueCapacity()),
                Threads.daemon(name + "-async")), executor -> {
                    executor.shutdown();
                    Threads.awaitQuietly(executor, graceMillis);
                });
        this.asyncExecutor.allowCoreThreadTimeOut(true);
        parts.add("replay", new ReplayLifecycle(fallback, config.bufferReplayInterval(), name), replay -> {
            replay.stop(graceMillis);
            replay.lastReplay();
        });
        config.cleanupInterval().ifPresent(interval -> parts.add("cleanup", new ScheduledCleanup(
                new FleetLease(dataSource, config.statementTimeout(), ScheduledCleanup.leaseOf(config.tenant()), name),
                interval, store::cleanupExpired, name), cleanup -> cleanup.stop(graceMillis)));
        LOG.info("Memory manager started: {}", settings);
    }

    /** How long close waits for calls in flight, and again for a running replay or cleanup. */
    private static long graceMillis(MemorySettings settings) {
        return settings.config().statementTimeout().toMillis() * 2;
    }

    private static void applySchema(MemorySettings settings, DataSource dataSource) {
        try {
            SchemaInitializer.apply(dataSource);
        } catch (MemoryException failure) {
            String where = settings.config().jdbcUrl().map(DatabaseUrl::redact).orElse("the given DataSource");
            throw new MemoryException("initializeSchema on " + where + ": " + failure.getMessage(), failure.getCause());
        }
    }

    /** Assembles the runtime; closes whatever it made, in reverse order, if a step fails. */
    public static MemoryRuntime start(MemorySettings settings) {
        String name = "memory-sdk-" + INSTANCES.incrementAndGet();
        StartedParts parts = new StartedParts();
        try {
            return new MemoryRuntime(settings, name, parts);
        } catch (RuntimeException | Error failure) {
            parts.closeAll();
            throw failure;
        }
    }

    public GuardedOperations store() {
        return store;
    }

    /** The primary pool (or the given DataSource), for read-only companions such as analytics. */
    public DataSource dataSource() {
        return dataSource;
    }

    public InteractionCodec codec() {
        return codec;
    }

    public ExecutorService asyncExecutor() {
        return asyncExecutor;
    }

    /** Probes the database and reports; never throws. See {@link HealthProbe}. */
    public HealthStatus health() {
        return healthProbe.health();
    }

    /**
     * Stops taking calls and waits up to 2 × statementTimeout for those in flight (blocking and
     * async), then closes the parts in reverse order of their making: cleanup (its thread), the
     * periodic replay (its thread; a running round ends after its statement) and the last replay
     * (stopping at the first unavailability), the async executor (its threads), the pools (their
     * HikariCP threads), the meters. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        asyncExecutor.shutdown();
        int stillRunning = store.stopCalls(graceMillis(settings));
        if (stillRunning > 0) {
            LOG.warn("Closing with {} call(s) still running after {} ms; what they buffer now is refused",
                    stillRunning, graceMillis(settings));
        }
        parts.closeAll();
        LOG.info("Memory manager closed");
    }
}
