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
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.SessionStats;
import dev.memorysdk.crypto.EnvironmentKeyProvider;
import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.internal.GuardedMemoryStore;
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
    private final GuardedMemoryStore store;
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
     * Creates a manager configured from environment variables (see
     * {@link MemoryConfig#fromEnvironment(java.util.Map)}; {@code DATABASE_URL} is required), with
     * encryption when {@code MEMORY_ENCRYPTION_CURRENT_KEY} is set (see
     * {@link dev.memorysdk.crypto.EnvironmentKeyProvider}). The manager owns its connection pool.
     *
     * @throws IllegalArgumentException if a variable is missing or malformed (the message names it)
     */
    public static PostgresMemoryManager fromEnvironment() {
        return builderFromEnvironment(System.getenv()).build();
    }

    /**
     * A builder configured from {@code environment} as {@link #fromEnvironment()} reads it, to adjust
     * further before {@link Builder#build()}.
     *
     * @throws IllegalArgumentException if a variable is missing or malformed (the message names it)
     */
    public static Builder builderFromEnvironment(Map<String, String> environment) {
        Builder builder = builder().config(MemoryConfig.fromEnvironment(environment));
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
     * Configures a {@link PostgresMemoryManager}: its {@link MemoryConfig} (through {@link #config} or
     * the single setters, which check their value at once, see {@link MemoryConfig.Builder}) and the
     * parts given as objects (a data source, a meter registry, a clock). Either {@link #dataSource} or
     * {@link #jdbcUrl} is required. Not thread-safe; the manager it builds is.
     */
    public static final class Builder {

        /** Default time to live of turns and idle sessions: 24 hours. */
        public static final Duration DEFAULT_TTL = MemoryConfig.DEFAULT_TTL;
        /** Default number of turns kept per session. */
        public static final int DEFAULT_MAX_CONTEXT_LENGTH = MemoryConfig.DEFAULT_MAX_CONTEXT_LENGTH;
        /** Default largest turn, as stored JSON: 1 MiB. */
        public static final int DEFAULT_MAX_INTERACTION_BYTES = MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES;
        /** Default size of an SDK-owned connection pool. */
        public static final int DEFAULT_MAX_POOL_SIZE = MemoryConfig.DEFAULT_MAX_POOL_SIZE;
        /** Default longest wait for a connection. */
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = MemoryConfig.DEFAULT_CONNECTION_TIMEOUT;
        /** Default longest run of one statement. */
        public static final Duration DEFAULT_STATEMENT_TIMEOUT = MemoryConfig.DEFAULT_STATEMENT_TIMEOUT;
        /** Default policy while the database is unavailable. */
        public static final FallbackPolicy DEFAULT_FALLBACK_POLICY = MemoryConfig.DEFAULT_FALLBACK_POLICY;
        /** Default capacity of the outage buffer, in turns. */
        public static final int DEFAULT_BUFFER_CAPACITY = MemoryConfig.DEFAULT_BUFFER_CAPACITY;
        /** Default most bytes (of stored JSON) the outage buffer holds: 64 MiB. */
        public static final long DEFAULT_BUFFER_MAX_BYTES = MemoryConfig.DEFAULT_BUFFER_MAX_BYTES;
        /** Default interval at which buffered turns are offered back to the database. */
        public static final Duration DEFAULT_BUFFER_REPLAY_INTERVAL = MemoryConfig.DEFAULT_BUFFER_REPLAY_INTERVAL;
        /** Default commit durability. */
        public static final Durability DEFAULT_DURABILITY = MemoryConfig.DEFAULT_DURABILITY;
        /** Default number of sessions deleted per cleanup transaction. */
        public static final int DEFAULT_CLEANUP_BATCH_SIZE = MemoryConfig.DEFAULT_CLEANUP_BATCH_SIZE;
        /** Default number of threads running async calls. */
        public static final int DEFAULT_ASYNC_THREADS = MemoryConfig.DEFAULT_ASYNC_THREADS;
        /** Default number of async calls queued before new ones are rejected. */
        public static final int DEFAULT_ASYNC_QUEUE_CAPACITY = MemoryConfig.DEFAULT_ASYNC_QUEUE_CAPACITY;
        /** Default failure rate, in percent of recent calls, that opens the circuit breaker. */
        public static final float DEFAULT_FAILURE_RATE_THRESHOLD = MemoryConfig.DEFAULT_FAILURE_RATE_THRESHOLD;
        /** Default number of recent calls the failure rate is computed over. */
        public static final int DEFAULT_SLIDING_WINDOW_SIZE = MemoryConfig.DEFAULT_SLIDING_WINDOW_SIZE;
        /** Default number of calls recorded before the failure rate counts. */
        public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = MemoryConfig.DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        /** Default time the breaker stays open before letting probe calls through. */
        public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = MemoryConfig.DEFAULT_WAIT_IN_OPEN_STATE;
        /** Default number of probe calls let through by a half-open breaker. */
        public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = MemoryConfig.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;
        /** Default attempts per call, the first included. */
        public static final int DEFAULT_RETRY_MAX_ATTEMPTS = MemoryConfig.DEFAULT_RETRY_MAX_ATTEMPTS;
        /** Default wait before the first retry; each further retry waits twice as long. */
        public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = MemoryConfig.DEFAULT_RETRY_INITIAL_BACKOFF;

        private MemoryConfig.Builder config = MemoryConfig.custom();
        private DataSource dataSource;
        private DataSource readDataSource;
        private Object meterRegistry;
        private Clock clock = Clock.systemUTC();
        private KeyProvider keyProvider;

        private Builder() {
        }

        /**
         * Takes every setting of {@code config}, replacing what was set through this builder's other
         * setters so far; setters called afterwards change single settings of it.
         */
        public Builder config(MemoryConfig config) {
            this.config = MemoryConfig.from(config);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#tenant(String)}: every statement runs as this tenant under the
         * row-level security of {@code sql/optional/isolate_tenants.sql}.
         *
         * @throws IllegalArgumentException if blank, too long or holding NUL
         */
        public Builder tenant(String tenant) {
            config.tenant(tenant);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#requireEncryption(boolean)}: a turn stored without encryption
         * fails the read of its session. Needs {@link #encryption(KeyProvider)}.
         */
        public Builder requireEncryption(boolean requireEncryption) {
            config.requireEncryption(requireEncryption);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#nearCacheMaxBytes(long)}: keeps context windows in a near cache
         * of up to this many bytes, each served only after a version check against the database.
         * Off (0) by default.
         *
         * @throws IllegalArgumentException if the value is neither 0 nor in its range (the message gives it)
         */
        public Builder nearCacheMaxBytes(long nearCacheMaxBytes) {
            config.nearCacheMaxBytes(nearCacheMaxBytes);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#cleanupInterval(Duration)}: cleans up expired sessions in the
         * background, at most once per interval across every instance on the database. Off by default.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder cleanupInterval(Duration cleanupInterval) {
            config.cleanupInterval(cleanupInterval);
            return this;
        }

        /**
         * Uses the application's data source. The manager borrows connections from it and never
         * closes it; its own timeouts apply (the statement timeout is still enforced per statement).
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#jdbcUrl(String)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder jdbcUrl(String jdbcUrl) {
            config.jdbcUrl(jdbcUrl);
            return this;
        }

        /**
         * Sends context reads to a streaming replica through the application's data source to it (the
         * manager never closes it). A read still never misses a turn acknowledged before it began:
         * the primary answers a cheap version probe of the session row, and the replica serves the
         * history only when it holds that version; otherwise, or while the replica is down, the
         * primary serves it (health reports the replica as DEGRADED). Optional; at most one of this
         * and {@link #readJdbcUrl}.
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
         * {@link MemoryConfig.Builder#readJdbcUrl(String)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder readJdbcUrl(String readJdbcUrl) {
            config.readJdbcUrl(readJdbcUrl);
            return this;
        }

        /** {@link MemoryConfig.Builder#username(String)}. */
        public Builder username(String username) {
            config.username(username);
            return this;
        }

        /** {@link MemoryConfig.Builder#password(String)}. */
        public Builder password(String password) {
            config.password(password);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#maxPoolSize(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder maxPoolSize(int maxPoolSize) {
            config.maxPoolSize(maxPoolSize);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#connectionTimeout(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            config.connectionTimeout(connectionTimeout);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#statementTimeout(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder statementTimeout(Duration statementTimeout) {
            config.statementTimeout(statementTimeout);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#ttl(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder ttl(Duration ttl) {
            config.ttl(ttl);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#maxContextLength(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder maxContextLength(int maxContextLength) {
            config.maxContextLength(maxContextLength);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#maxInteractionBytes(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder maxInteractionBytes(int maxInteractionBytes) {
            config.maxInteractionBytes(maxInteractionBytes);
            return this;
        }

        /** {@link MemoryConfig.Builder#initializeSchema(boolean)}. */
        public Builder initializeSchema(boolean initializeSchema) {
            config.initializeSchema(initializeSchema);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#fallbackPolicy(FallbackPolicy)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder fallbackPolicy(FallbackPolicy fallbackPolicy) {
            config.fallbackPolicy(fallbackPolicy);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#bufferCapacity(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder bufferCapacity(int bufferCapacity) {
            config.bufferCapacity(bufferCapacity);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#bufferMaxBytes(long)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder bufferMaxBytes(long bufferMaxBytes) {
            config.bufferMaxBytes(bufferMaxBytes);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#bufferReplayInterval(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder bufferReplayInterval(Duration bufferReplayInterval) {
            config.bufferReplayInterval(bufferReplayInterval);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#durability(Durability)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder durability(Durability durability) {
            config.durability(durability);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#cleanupBatchSize(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder cleanupBatchSize(int cleanupBatchSize) {
            config.cleanupBatchSize(cleanupBatchSize);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#asyncThreads(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder asyncThreads(int asyncThreads) {
            config.asyncThreads(asyncThreads);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#asyncQueueCapacity(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder asyncQueueCapacity(int asyncQueueCapacity) {
            config.asyncQueueCapacity(asyncQueueCapacity);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#circuitBreakerFailureRateThreshold(float)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder circuitBreakerFailureRateThreshold(float percent) {
            config.circuitBreakerFailureRateThreshold(percent);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#circuitBreakerSlidingWindowSize(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder circuitBreakerSlidingWindowSize(int calls) {
            config.circuitBreakerSlidingWindowSize(calls);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#circuitBreakerMinimumNumberOfCalls(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder circuitBreakerMinimumNumberOfCalls(int calls) {
            config.circuitBreakerMinimumNumberOfCalls(calls);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#circuitBreakerWaitInOpenState(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder circuitBreakerWaitInOpenState(Duration wait) {
            config.circuitBreakerWaitInOpenState(wait);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#circuitBreakerPermittedCallsInHalfOpenState(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder circuitBreakerPermittedCallsInHalfOpenState(int calls) {
            config.circuitBreakerPermittedCallsInHalfOpenState(calls);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#retryMaxAttempts(int)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder retryMaxAttempts(int attempts) {
            config.retryMaxAttempts(attempts);
            return this;
        }

        /**
         * {@link MemoryConfig.Builder#retryInitialBackoff(Duration)}, checked at once.
         *
         * @throws IllegalArgumentException if the value is out of its range (the message gives it)
         */
        public Builder retryInitialBackoff(Duration backoff) {
            config.retryInitialBackoff(backoff);
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
         * Validates the settings, connects, applies the schema if asked, and returns the manager.
         *
         * @throws IllegalArgumentException naming the first invalid setting and its value
         * @throws MemoryException if the pool or the schema could not be set up
         */
        public PostgresMemoryManager build() {
            return new PostgresMemoryManager(toSettings());
        }

        private MemorySettings toSettings() {
            MemoryConfig built = config.build();
            if ((dataSource == null) == built.jdbcUrl().isEmpty()) {
                throw new IllegalArgumentException("exactly one of dataSource and jdbcUrl must be set, "
                        + (dataSource == null ? "neither was" : "both were"));
            }
            if (built.requireEncryption() && keyProvider == null) {
                throw new IllegalArgumentException("requireEncryption needs encryption: set a key provider with encryption(keys)");
            }
            if (readDataSource != null && built.readJdbcUrl().isPresent()) {
                throw new IllegalArgumentException("at most one of readDataSource and readJdbcUrl may be set, both were");
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            return new MemorySettings(built, dataSource, readDataSource, meterRegistry, clock, keyProvider);
        }
    }
}
