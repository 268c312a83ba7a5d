package dev.memorysdk.postgres;

import dev.memorysdk.AsyncMemoryManager;
import dev.memorysdk.ContextRead;
import dev.memorysdk.Durability;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.KeyRotation;
import dev.memorysdk.MemoryAnalytics;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryEnvironment;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.crypto.EnvironmentKeyProvider;
import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.internal.GuardedOperations;
import dev.memorysdk.internal.InputValidation;
import dev.memorysdk.internal.MemoryRuntime;
import dev.memorysdk.internal.analytics.AnalyticsQueries;
import dev.memorysdk.internal.analytics.DatabaseAnalytics;
import dev.memorysdk.internal.async.ExecutorAsyncMemoryManager;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.rotation.SessionReencryptor;
import dev.memorysdk.internal.write.EncodedTurns;
import dev.memorysdk.internal.write.TurnEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link MemoryManager} on PostgreSQL: each session is one row of {@code session_memory} holding its
 * turns as a JSONB array. Appends are single upsert statements (no read-modify-write), so
 * concurrent appends to one session lose nothing; every database call goes through a retry and a
 * circuit breaker, with the configured {@link FallbackPolicy} answering while the database is
 * unavailable.
 *
 * <p>Create one per application with {@link #builder()} or {@link #fromEnvironment()} and share it:
 * it is thread-safe. Close it on shutdown to release its executor and, if it created one, its
 * connection pool.
 */
public final class PostgresMemoryManager implements MemoryManager {

    private final MemorySettings settings;
    private final MemoryRuntime runtime;
    private final GuardedOperations store;
    private final InteractionCodec codec;
    private final InputValidation validation;
    private final TurnEncoder turns;
    private final ExecutorAsyncMemoryManager async;
    private final MemoryAnalytics analytics;
    private final KeyRotation keyRotation;
    private volatile boolean closed;

    private PostgresMemoryManager(MemorySettings settings) {
        this.settings = settings;
        this.runtime = MemoryRuntime.start(settings);
        this.store = runtime.store();
        this.codec = runtime.codec();
        this.validation = new InputValidation(settings.config().maxInteractionBytes());
        this.turns = new TurnEncoder(validation, codec);
        this.async = new ExecutorAsyncMemoryManager(this, validation, turns, runtime.asyncExecutor(),
                this::requireOpen, settings.clock());
        this.analytics = new DatabaseAnalytics(new AnalyticsQueries(runtime.dataSource(), settings.config().statementTimeout(),
                settings.config().tenant().orElse(null)),
                settings.clock());
        this.keyRotation = codec.encrypts()
                ? new SessionReencryptor(runtime.dataSource(), settings.config().statementTimeout(),
                        settings.config().tenant().orElse(null), codec, turns)
                : null;
    }

    @Override
    public KeyRotation keyRotation() {
        requireOpen();
        if (keyRotation == null) {
            throw new IllegalStateException("keyRotation needs encryption: build the manager with encryption(keys)");
        }
        return keyRotation;
    }

    @Override
    public MemoryAnalytics analytics() {
        requireOpen();
        return analytics;
    }

    /** Returns a builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a manager configured from environment variables (see {@link MemoryEnvironment};
     * {@code DATABASE_URL} is required), with
     * encryption when {@code MEMORY_ENCRYPTION_CURRENT_KEY} is set (see
     * {@link dev.memorysdk.crypto.EnvironmentKeyProvider}). The manager owns its connection pool.
     *
     * @throws IllegalArgumentException if a variable is missing or malformed (the message names it)
     */
    public static PostgresMemoryManager fromEnvironment() {
        return builderFromEnvironment(System.getenv()).build();
    }

    /**
     * A builder configured from {@code environment} as {@link #fromEnvironment()} reads it, to give
     * it further objects before {@link Builder#build()}; to change settings, build a
     * {@link MemoryConfig} with {@link MemoryConfig#from(MemoryEnvironment)} instead.
     *
     * @throws IllegalArgumentException if a variable is missing or malformed (the message names it)
     */
    public static Builder builderFromEnvironment(Map<String, String> environment) {
        Builder builder = builder().config(MemoryConfig.from(MemoryEnvironment.parse(environment)).build());
        String currentKey = environment.get(EnvironmentKeyProvider.CURRENT_KEY);
        if (currentKey != null && !currentKey.isBlank()) {
            builder.encryption(EnvironmentKeyProvider.from(environment));
        }
        return builder;
    }

    @Override
    public boolean addToMemory(String sessionId, String query, String answer) {
        return addToMemory(sessionId, query, answer, settings.clock().instant());
    }

    @Override
    public boolean addToMemory(String sessionId, String query, String answer, Instant timestamp) {
        return addToMemory(sessionId, new Interaction(UUID.randomUUID().toString(), query, answer, timestamp));
    }

    @Override
    public boolean addToMemory(String sessionId, Interaction interaction) {
        requireOpen();
        return store.append(sessionId, interaction, turns.encode(sessionId, interaction));
    }

    @Override
    public int addAllToMemory(String sessionId, List<Interaction> interactions) {
        requireOpen();
        EncodedTurns batch = turns.encodeAll(sessionId, interactions);
        return batch.isEmpty() ? 0 : store.appendAll(sessionId, batch.turns(), batch.encoded());
    }

    @Override
    public int updateMemory(String sessionId, Collection<String> removeTurnIds, List<Interaction> append) {
        requireOpen();
        EncodedTurns batch = turns.encodeAll(sessionId, append);
        Set<String> appendIds = new HashSet<>();
        batch.turns().forEach(turn -> appendIds.add(turn.id()));
        List<String> removeIds = validation.requireRemovableIds(removeTurnIds, appendIds);
        if (batch.isEmpty() && removeIds.isEmpty()) {
            return 0;
        }
        return store.removeAndAppend(sessionId, removeIds, batch.turns(), batch.encoded());
    }

    @Override
    public List<Interaction> getContext(String sessionId) {
        return getContext(sessionId, DEFAULT_CONTEXT_LIMIT);
    }

    @Override
    public List<Interaction> getContext(String sessionId, int limit) {
        return readContext(sessionId, limit).turns();
    }

    @Override
    public ContextRead readContext(String sessionId, int limit) {
        requireOpen();
        validation.requireSessionId(sessionId);
        validation.requireLimit(limit);
        return store.context(sessionId, limit);
    }

    @Override
    public boolean clearMemory(String sessionId) {
        requireOpen();
        validation.requireSessionId(sessionId);
        return store.clear(sessionId);
    }

    @Override
    public int eraseTenant() {
        requireOpen();
        if (settings.config().tenant().isEmpty()) {
            throw new IllegalStateException("eraseTenant needs a manager built with a tenant");
        }
        return store.eraseTenant();
    }

    @Override
    public int cleanupExpiredSessions() {
        requireOpen();
        return store.cleanupExpired();
    }

    @Override
    public int cleanupExpiredSessions(Duration maxAge) {
        requireOpen();
        validation.requirePositive("maxAge", maxAge);
        return store.cleanupOlderThan(maxAge);
    }

    @Override
    public void setSessionTtl(String sessionId, Duration ttl) {
        requireOpen();
        validation.requireSessionId(sessionId);
        if (ttl != null) {
            validation.requireAtLeastOneSecond("ttl", ttl);
        }
        store.setTtl(sessionId, ttl);
    }

    @Override
    public Optional<SessionStats> getSessionStats(String sessionId) {
        requireOpen();
        validation.requireSessionId(sessionId);
        return store.stats(sessionId);
    }

    @Override
    public List<SessionStats> getAllSessions(int limit) {
        requireOpen();
        validation.requireLimit(limit);
        return store.sessions(limit);
    }

    @Override
    public HealthStatus healthCheck() {
        requireOpen();
        return runtime.health();
    }

    @Override
    public AsyncMemoryManager async() {
        return async;
    }

    /**
     * Closes the manager: calls made after this fail with {@link IllegalStateException}; calls in
     * flight are waited for up to 2 × statementTimeout; buffered turns are offered to the database
     * one last time (stopping at the first unavailability) and those not written are reported by
     * count at WARN; the owned pools and meters are released; every async future has completed
     * (one whose call had not ended fails with {@link IllegalStateException}) when this returns.
     * Bounded as {@code docs/reliability.md} says. Idempotent.
     *
     * <p>It stops every thread the manager started, each named after the manager
     * ({@code memory-sdk-<n>}): the async executor's ({@code -async-<i>}), the replay of buffered
     * turns ({@code -replay-1}, under {@link FallbackPolicy#BUFFER}), the automatic cleanup
     * ({@code -cleanup-1}, with a cleanup interval) and the owned pools' HikariCP threads
     * ({@code :housekeeper}, {@code :connection-adder}, {@code :connection-closer}). Threads that a
     * library starts once for the whole JVM and owns are left to it: Resilience4j's
     * {@code CircuitBreakerAutoTransitionThread} (started the first time any breaker opens),
     * pgjdbc's shared cancel timer and cleaner, and the common fork-join pool the near cache's
     * Caffeine uses; all are daemons.
     */
    @Override
    public void close() {
        closed = true;
        runtime.close();
        async.completeUnfinished();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this memory manager is closed");
        }
    }

    @Override
    public String toString() {
        return "PostgresMemoryManager[" + settings + "]";
    }

    /**
     * Assembles a {@link PostgresMemoryManager} from its {@link MemoryConfig}, taken whole as every
     * value setting (each checked by {@link MemoryConfig.Builder} when it was set), and the parts
     * given as objects: a data source (or the config's {@code jdbcUrl}), a replica data source, a
     * meter registry, a clock and a key provider. Not thread-safe; the manager it builds is.
     *
     * <pre>{@code
     * PostgresMemoryManager memory = PostgresMemoryManager.builder()
     *         .config(MemoryConfig.custom().ttl(Duration.ofHours(6)).build())
     *         .dataSource(applicationDataSource)
     *         .build();
     * }</pre>
     */
    public static final class Builder {

        private MemoryConfig config = MemoryConfig.defaults();
        private DataSource dataSource;
        private DataSource readDataSource;
        private Object meterRegistry;
        private Clock clock = Clock.systemUTC();
        private KeyProvider keyProvider;

        private Builder() {
        }

        /**
         * Every value setting of the manager. Default {@link MemoryConfig#defaults()}; a second call
         * replaces the first.
         *
         * @throws IllegalArgumentException if null
         */
        public Builder config(MemoryConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            this.config = config;
            return this;
        }

        /**
         * Uses the application's data source. The manager borrows connections from it and never
         * closes it; its own timeouts apply (the statement timeout is still enforced per statement).
         * Exactly one of this and the config's {@link MemoryConfig.Builder#jdbcUrl jdbcUrl} is needed.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * Sends context reads to a streaming replica through the application's data source to it (the
         * manager never closes it). A read still never misses a turn acknowledged before it began:
         * the primary answers a cheap version probe of the session row, and the replica serves the
         * history only when it holds that version; otherwise, or while the replica is down, the
         * primary serves it (health reports the replica as DEGRADED). Optional; at most one of this
         * and the config's {@link MemoryConfig.Builder#readJdbcUrl readJdbcUrl}.
         */
        public Builder readDataSource(DataSource readDataSource) {
            this.readDataSource = readDataSource;
            return this;
        }

        /**
         * The time source for expiry (which turns are past their TTL) and for buffered turns' age.
         * Default {@link Clock#systemUTC()}; tests inject a fixed or moving clock.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Publishes metrics to this Micrometer {@code MeterRegistry} (operation timers, buffer size,
         * the pool's and the breaker's own meters). Requires micrometer-core and
         * resilience4j-micrometer on the class path. Default: no metrics.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * Encrypts every turn's query, answer and metadata with AES-256-GCM before it leaves the JVM,
         * under {@code keys.currentKeyId(sessionId)}; turns stored plain before stay readable, and
         * turns under older keys stay readable while {@code keys} still has them (see
         * {@link PostgresMemoryManager#keyRotation()} and {@code docs/security.md}). Ids and
         * timestamps stay plain, so TTL, the cap, cleanup and idempotent appends work unchanged.
         * Default: no encryption.
         *
         * @throws IllegalArgumentException if {@code keys} is null
         */
        public Builder encryption(KeyProvider keys) {
            if (keys == null) {
                throw new IllegalArgumentException("encryption key provider must not be null");
            }
            this.keyProvider = keys;
            return this;
        }

        /**
         * Checks that the objects fit the config, connects, applies the schema if the config asks,
         * starts the background threads and returns the manager. Blocks while it connects.
         *
         * @throws IllegalArgumentException if neither or both of a data source and a {@code jdbcUrl}
         *     are given, both a read data source and a {@code readJdbcUrl}, {@code requireEncryption}
         *     without a key provider, or a null clock
         * @throws MemoryException if the pool or the schema could not be set up
         */
        public PostgresMemoryManager build() {
            return new PostgresMemoryManager(toSettings());
        }

        private MemorySettings toSettings() {
            if ((dataSource == null) == config.jdbcUrl().isEmpty()) {
                throw new IllegalArgumentException("exactly one of dataSource and jdbcUrl must be set, "
                        + (dataSource == null ? "neither was" : "both were"));
            }
            if (config.requireEncryption() && keyProvider == null) {
                throw new IllegalArgumentException("requireEncryption needs encryption: set a key provider with encryption(keys)");
            }
            if (readDataSource != null && config.readJdbcUrl().isPresent()) {
                throw new IllegalArgumentException("at most one of readDataSource and readJdbcUrl may be set, both were");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            return new MemorySettings(config, dataSource, readDataSource, meterRegistry, clock, keyProvider);
        }
    }
}
