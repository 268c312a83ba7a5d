package dev.memorysdk.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryException;
import dev.memorysdk.internal.buffer.OutageBuffer;
import dev.memorysdk.internal.cleanup.FleetLease;
import dev.memorysdk.DatabaseUrl;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import dev.memorysdk.internal.metrics.OperationMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.schema.SchemaInitializer;
import dev.memorysdk.internal.store.MyBatisSessions;
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
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final MemorySettings settings;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final HikariDataSource ownedReplicaPool;
    private final ReplicaReads replicaReads;
    private final InteractionCodec codec;
    private final SessionStore sessionStore;
    private final GuardedMemoryStore store;
    private final ThreadPoolExecutor asyncExecutor;
    private final ReplayLifecycle replay;
    private final ScheduledCleanup cleanup;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MicrometerMetrics micrometer;
    private final HealthProbe healthProbe;

    private MemoryRuntime(MemorySettings settings, String name, MicrometerMetrics micrometer) {
        this.settings = settings;
        this.micrometer = micrometer;
        MemoryConfig config = settings.config();
        this.codec = InteractionCodec.of(settings);
        this.ownedPool = settings.dataSource() == null
                ? OwnedPool.create(settings, "jdbcUrl", config.jdbcUrl().orElseThrow(), name, micrometer) : null;
        this.dataSource = ownedPool != null ? ownedPool : settings.dataSource();
        this.ownedReplicaPool = config.readJdbcUrl()
                .map(url -> OwnedPool.create(settings, "readJdbcUrl", url, name + "-replica", micrometer))
                .orElse(null);
        DataSource replicaSource = ownedReplicaPool != null ? ownedReplicaPool : settings.readDataSource();
        try {
            if (config.initializeSchema()) {
                applySchema(settings, dataSource);
            }
            Clock clock = settings.clock();
            String tenant = config.tenant().orElse(null);
            MyBatisSessions sessions = new MyBatisSessions(dataSource, config.statementTimeout(), tenant);
            this.replicaReads = replicaSource == null ? null : new ReplicaReads(
                    new MyBatisSessions(replicaSource, config.statementTimeout(), tenant),
                    settings.resilience().waitInOpenState());
            NearCache nearCache = config.nearCacheMaxBytes() <= 0 ? null : new NearCache(config.nearCacheMaxBytes(),
                    settings.keyProvider() == null ? null : keyId -> settings.keyProvider().key(keyId).isPresent());
            this.sessionStore = new SessionStore(sessions, codec, config.maxContextLength(), config.ttl(),
                    config.cleanupBatchSize(), config.durability(), clock, replicaReads, nearCache);
            DatabaseGuard guard = new DatabaseGuard(name, settings.resilience());
            OutageBuffer buffer = config.fallbackPolicy() == FallbackPolicy.BUFFER
                    ? new OutageBuffer(config.bufferCapacity(), config.bufferMaxBytes()) : OutageBuffer.disabled();
            this.store = new GuardedMemoryStore(sessionStore, guard, config.fallbackPolicy(), buffer,
                    micrometer != null ? micrometer : OperationMetrics.NONE, config.ttl(), clock);
            if (micrometer != null) {
                micrometer.bind(guard, buffer, store.replayer());
                if (nearCache != null) {
                    micrometer.bind(nearCache);
                }
            }
            this.healthProbe = new HealthProbe(guard, buffer, sessionStore, dataSource, replicaReads,
                    config.fallbackPolicy());
        } catch (RuntimeException failure) {
            closePools();
            throw failure;
        }
        this.asyncExecutor = new ThreadPoolExecutor(config.asyncThreads(), config.asyncThreads(),
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.asyncQueueCapacity()),
                Threads.daemon(name + "-async"));
        this.asyncExecutor.allowCoreThreadTimeOut(true);
        this.replay = new ReplayLifecycle(store, config.bufferReplayInterval(), name);
        this.cleanup = config.cleanupInterval()
                .map(interval -> new ScheduledCleanup(new FleetLease(dataSource, config.statementTimeout(),
                        ScheduledCleanup.leaseOf(config.tenant()), name), interval, store::cleanupExpired, name))
                .orElse(null);
        LOG.info("Memory store started: {}", settings);
    }

    private static void applySchema(MemorySettings settings, DataSource dataSource) {
        try {
            SchemaInitializer.apply(dataSource);
        } catch (MemoryException failure) {
            String where = settings.config().jdbcUrl().map(DatabaseUrl::redact).orElse("the given DataSource");
            throw new MemoryException("initializeSchema on " + where + ": " + failure.getMessage(), failure.getCause());
        }
    }

    /** Assembles the runtime; closes whatever it created if a step fails. */
    public static MemoryRuntime start(MemorySettings settings) {
        String name = "memory-sdk-" + INSTANCES.incrementAndGet();
        MicrometerMetrics micrometer = settings.meterRegistry() == null ? null
                : new MicrometerMetrics((MeterRegistry) settings.meterRegistry(), name);
        return new MemoryRuntime(settings, name, micrometer);
    }

    public GuardedMemoryStore store() {
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
     * Stops the replay thread (letting a running replay finish, never interrupting a database call)
     * and the executor, offers buffered turns one last time, closes an owned pool.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceMillis = settings.config().statementTimeout().toMillis() * 2;
        asyncExecutor.shutdown();
        Threads.awaitQuietly(asyncExecutor, graceMillis);
        if (cleanup != null) {
            cleanup.stop(graceMillis);
        }
        replay.stop(graceMillis);
        replay.lastReplay();
        closePools();
        if (micrometer != null) {
            micrometer.close();
        }
        LOG.info("Memory store closed");
    }

    private void closePools() {
        if (ownedReplicaPool != null) {
            ownedReplicaPool.close();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
