package dev.memorysdk.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryException;
import dev.memorysdk.internal.buffer.OutageBuffer;
import dev.memorysdk.internal.config.DatabaseUrl;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.metrics.MicrometerMetrics;
import dev.memorysdk.internal.metrics.OperationMetrics;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.FailureClassifier;
import dev.memorysdk.internal.schema.SchemaInitializer;
import dev.memorysdk.internal.store.MyBatisSessions;
import dev.memorysdk.internal.store.ReplicaReads;
import dev.memorysdk.internal.store.SessionStore;
import dev.memorysdk.internal.store.SessionTotals;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
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
 * and its replay thread, the async executor and the metrics. Thread-safe.
 */
public final class MemoryRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryRuntime.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final MemorySettings settings;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final HikariDataSource ownedReplicaPool;
    private final ReplicaReads replicaReads;
    private final InteractionCodec codec = new InteractionCodec();
    private final SessionStore sessionStore;
    private final GuardedMemoryStore store;
    private final ThreadPoolExecutor asyncExecutor;
    private final ScheduledExecutorService replayScheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MicrometerMetrics micrometer;

    private MemoryRuntime(MemorySettings settings, String name, MicrometerMetrics micrometer) {
        this.settings = settings;
        this.micrometer = micrometer;
        this.ownedPool = settings.dataSource() == null
                ? createPool(settings, "jdbcUrl", settings.jdbcUrl(), name, micrometer) : null;
        this.dataSource = ownedPool != null ? ownedPool : settings.dataSource();
        this.ownedReplicaPool = settings.readJdbcUrl() == null ? null
                : createPool(settings, "readJdbcUrl", settings.readJdbcUrl(), name + "-replica", micrometer);
        DataSource replicaSource = ownedReplicaPool != null ? ownedReplicaPool : settings.readDataSource();
        try {
            if (settings.initializeSchema()) {
                applySchema(settings, dataSource);
            }
            Clock clock = Clock.systemUTC();
            MyBatisSessions sessions = new MyBatisSessions(dataSource, settings.statementTimeout());
            this.replicaReads = replicaSource == null ? null : new ReplicaReads(
                    new MyBatisSessions(replicaSource, settings.statementTimeout()),
                    settings.resilience().waitInOpenState());
            this.sessionStore = new SessionStore(sessions, codec, settings.maxContextLength(), settings.ttl(),
                    settings.cleanupBatchSize(), settings.durability(), clock, replicaReads);
            DatabaseGuard guard = new DatabaseGuard(name, settings.resilience());
            OutageBuffer buffer = settings.fallbackPolicy() == FallbackPolicy.BUFFER
                    ? new OutageBuffer(settings.bufferCapacity(), settings.bufferMaxBytes()) : null;
            this.store = new GuardedMemoryStore(sessionStore, guard, settings.fallbackPolicy(), buffer,
                    micrometer != null ? micrometer : OperationMetrics.NONE, settings.ttl(), clock);
            if (micrometer != null) {
                micrometer.bind(guard, buffer, store.replayer());
            }
        } catch (RuntimeException failure) {
            closePools();
            throw failure;
        }
        this.asyncExecutor = new ThreadPoolExecutor(settings.asyncThreads(), settings.asyncThreads(),
                30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.asyncQueueCapacity()),
                daemonThreads(name + "-async"));
        this.asyncExecutor.allowCoreThreadTimeOut(true);
        this.replayScheduler = store.buffer() == null ? null
                : Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-replay"));
        if (replayScheduler != null) {
            long intervalMillis = settings.bufferReplayInterval().toMillis();
            replayScheduler.scheduleWithFixedDelay(this::replayQuietly, intervalMillis, intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Memory store started: {}", settings);
    }

    private static void applySchema(MemorySettings settings, DataSource dataSource) {
        try {
            SchemaInitializer.apply(dataSource);
        } catch (MemoryException failure) {
            String where = settings.jdbcUrl() != null ? DatabaseUrl.redact(settings.jdbcUrl()) : "the given DataSource";
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

    public InteractionCodec codec() {
        return codec;
    }

    public ExecutorService asyncExecutor() {
        return asyncExecutor;
    }

    /**
     * Probes the database and reports; never throws. The probe is one statement through the
     * breaker without retry (so a half-open breaker can close on it); while the breaker is open no
     * probe is sent and the answer is immediate.
     */
    public HealthStatus health() {
        Map<String, Object> details = new LinkedHashMap<>();
        DatabaseGuard guard = store.guard();
        OutageBuffer buffer = store.buffer();
        Probe probe = probeDatabase(guard, details);
        int buffered = buffer == null ? 0 : buffer.size();
        details.put("circuitBreaker", guard.breaker().getState().name());
        details.put("fallbackPolicy", settings.fallbackPolicy().name());
        details.put("bufferedInteractions", buffered);
        details.put("droppedInteractions", buffer == null ? 0L : buffer.droppedCount());
        putPoolFigures(details);
        boolean replicaDown = replicaReads != null && !replicaReads.probe(details);
        HealthStatus.Status status = probe.status();
        if (status == HealthStatus.Status.UP && (!guard.isClosed() || buffered > 0 || replicaDown)) {
            status = HealthStatus.Status.DEGRADED;
        }
        return new HealthStatus(status, probe.totalSessions(), details);
    }

    private Probe probeDatabase(DatabaseGuard guard, Map<String, Object> details) {
        if (guard.isOpen()) {
            details.put("database", "unreachable");
            details.put("error", "circuit breaker open after repeated failures");
            return new Probe(HealthStatus.Status.DOWN, -1);
        }
        try {
            SessionTotals totals = guard.probe(sessionStore::countSessions);
            details.put("database", "reachable");
            details.put("totalSessionsExact", totals.exact());
            return new Probe(HealthStatus.Status.UP, totals.sessions());
        } catch (CallNotPermittedException probesInFlight) {
            // Half-open with every probe call taken: the breaker is finding out right now.
            details.put("database", "unknown");
            details.put("error", "circuit breaker half-open, probe calls in flight");
            return new Probe(HealthStatus.Status.DEGRADED, -1);
        } catch (RuntimeException failure) {
            details.put("database", FailureClassifier.isUnavailable(failure) ? "unreachable" : "error");
            details.put("error", FailureClassifier.describe(failure));
            return new Probe(HealthStatus.Status.DOWN, -1);
        }
    }

    /** What the database probe found: the status before the breaker and buffer are considered. */
    private record Probe(HealthStatus.Status status, long totalSessions) {
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
        long graceMillis = settings.statementTimeout().toMillis() * 2;
        if (replayScheduler != null) {
            replayScheduler.shutdown();
        }
        asyncExecutor.shutdown();
        awaitQuietly(asyncExecutor, graceMillis);
        if (replayScheduler != null) {
            awaitQuietly(replayScheduler, graceMillis);
        }
        OutageBuffer buffer = store.buffer();
        if (buffer != null && !buffer.isEmpty()) {
            RuntimeException stopped;
            try {
                stopped = store.replayBufferedOnClose();
            } catch (RuntimeException unexpected) {
                stopped = unexpected;
            }
            if (!buffer.isEmpty()) {
                LOG.warn("Closing with {} buffered turn(s) not written to the database: they are lost ({})",
                        buffer.size(), stopped == null ? "unknown cause" : FailureClassifier.describe(stopped));
            }
        }
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

    private static void awaitQuietly(ExecutorService executor, long timeoutMillis) {
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void replayQuietly() {
        try {
            store.replayBuffered();
        } catch (RuntimeException unexpected) {
            LOG.error("Replaying buffered turns failed", unexpected);
        }
    }

    private void putPoolFigures(Map<String, Object> details) {
        HikariPoolMXBean pool = dataSource instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
        if (pool != null) {
            details.put("pool.active", pool.getActiveConnections());
            details.put("pool.idle", pool.getIdleConnections());
            details.put("pool.waiting", pool.getThreadsAwaitingConnection());
            details.put("pool.total", pool.getTotalConnections());
        }
    }

    private static HikariDataSource createPool(MemorySettings settings, String setting, String jdbcUrl, String name,
                                               MicrometerMetrics micrometer) {
        DatabaseUrl url = DatabaseUrl.parse(setting, jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(settings.username() != null ? settings.username() : url.username());
        config.setPassword(settings.password() != null ? settings.password() : url.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        long connectionTimeoutMillis = settings.connectionTimeout().toMillis();
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis));
        // Start even while the database is down: the breaker and the fallback policy take it from there.
        config.setInitializationFailTimeout(-1);
        // Driver properties must be strings: pgjdbc reads them with Properties.getProperty, which
        // ignores any other type, and HikariCP passes them to the driver as they are.
        String connectSeconds = String.valueOf(Math.max(1, (connectionTimeoutMillis + 999) / 1000));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        config.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("cancelSignalTimeout", connectSeconds);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "memory-sdk");
        if (micrometer != null) {
            config.setMetricsTrackerFactory(micrometer.poolMetrics());
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException failure) {
            throw new MemoryException("creating the connection pool for " + DatabaseUrl.redact(url.jdbcUrl())
                    + " failed: " + failure.getMessage(), failure);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
