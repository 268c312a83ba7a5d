package dev.memorysdk;

import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.internal.GuardedMemoryStore;
import dev.memorysdk.internal.InputValidation;
import dev.memorysdk.internal.MemoryRuntime;
import dev.memorysdk.internal.analytics.AnalyticsQueries;
import dev.memorysdk.internal.async.ExecutorAsyncMemoryManager;
import dev.memorysdk.internal.config.DatabaseUrl;
import dev.memorysdk.internal.config.EnvironmentConfig;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.config.SettingsValidator;
import dev.memorysdk.internal.json.InteractionCodec;
import dev.memorysdk.internal.resilience.ResilienceSettings;
import dev.memorysdk.internal.rotation.SessionReencryptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final ExecutorAsyncMemoryManager async;
    private final MemoryAnalytics analytics;
    private final KeyRotation keyRotation;
    private volatile boolean closed;

    private PostgresMemoryManager(MemorySettings settings) {
        this.settings = settings;
        this.runtime = MemoryRuntime.start(settings);
        this.store = runtime.store();
        this.codec = runtime.codec();
        this.validation = new InputValidation(settings.maxInteractionBytes());
        this.async = new ExecutorAsyncMemoryManager(this, validation, codec, runtime.asyncExecutor(),
                this::requireOpen);
        this.analytics = new MemoryAnalytics(new AnalyticsQueries(runtime.dataSource(), settings.statementTimeout()),
                settings.clock());
        this.keyRotation = codec.encrypts()
                ? new KeyRotation(new SessionReencryptor(runtime.dataSource(), settings.statementTimeout(), codec))
                : null;
    }

    /**
     * Returns the re-encrypt pass, which moves stored turns to their session's current key (see
     * {@code docs/security.md}, key rotation). Thread-safe.
     *
     * @throws IllegalStateException if this manager was built without
     *     {@link Builder#encryption(KeyProvider) encryption}, or is closed
     */
    public KeyRotation keyRotation() {
        requireOpen();
        if (keyRotation == null) {
            throw new IllegalStateException("keyRotation needs encryption: build the manager with encryption(keys)");
        }
        return keyRotation;
    }

    /**
     * Returns the analytics over this manager's store: active sessions, turns per session, activity
     * per day, stored bytes, frequent metadata values. Thread-safe.
     */
    public MemoryAnalytics analytics() {
        requireOpen();
        return analytics;
    }

    /** Returns a builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a manager configured from environment variables: {@code DATABASE_URL} (required;
     * {@code postgresql://user:pass@host:port/db} or {@code jdbc:postgresql://...}),
     * {@code MEMORY_TTL_HOURS}, {@code MEMORY_MAX_CONTEXT_LENGTH}, {@code MEMORY_FALLBACK_POLICY},
     * {@code MEMORY_INITIALIZE_SCHEMA}, and encryption when {@code MEMORY_ENCRYPTION_CURRENT_KEY} is set
     * (see {@link dev.memorysdk.crypto.EnvironmentKeyProvider}). The manager owns its connection pool.
     *
     * @throws IllegalArgumentException if a variable is missing or malformed (the message names it)
     */
    public static PostgresMemoryManager fromEnvironment() {
        return EnvironmentConfig.builderFrom(System.getenv()).build();
    }

    @Override
    public boolean addToMemory(String sessionId, String query, String answer) {
        return addToMemory(sessionId, query, answer, Instant.now());
    }

    @Override
    public boolean addToMemory(String sessionId, String query, String answer, Instant timestamp) {
        return addToMemory(sessionId, new Interaction(UUID.randomUUID().toString(), query, answer, timestamp));
    }

    @Override
    public boolean addToMemory(String sessionId, Interaction interaction) {
        requireOpen();
        validation.requireSessionId(sessionId);
        String encoded = codec.sealed(sessionId, interaction, validation.requireStorable(interaction, codec));
        return store.append(sessionId, interaction, encoded);
    }

    @Override
    public int addAllToMemory(String sessionId, List<Interaction> interactions) {
        requireOpen();
        validation.requireSessionId(sessionId);
        List<Interaction> distinct = validation.requireDistinctTurns(interactions);
        List<String> encoded = new ArrayList<>(distinct.size());
        for (Interaction interaction : distinct) {
            encoded.add(codec.sealed(sessionId, interaction, validation.requireStorable(interaction, codec)));
        }
        return distinct.isEmpty() ? 0 : store.appendAll(sessionId, distinct, encoded);
    }

    @Override
    public List<Interaction> getContext(String sessionId) {
        return getContext(sessionId, DEFAULT_CONTEXT_LIMIT);
    }

    @Override
    public List<Interaction> getContext(String sessionId, int limit) {
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
     * Closes the manager: calls made after this fail with {@link IllegalStateException}, async calls
     * still queued complete (most with that exception), buffered turns are offered to the database
     * one last time, and an owned pool is closed. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        runtime.close();
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
     * Configures a {@link PostgresMemoryManager}. Every setting has a default (the {@code DEFAULT_}
     * constants); {@link #build()} validates them all and names any bad one. Either
     * {@link #dataSource} or {@link #jdbcUrl} is required. Not thread-safe; the manager it builds is.
     */
    public static final class Builder {

        /** Default time to live of turns and idle sessions: 24 hours. */
        public static final Duration DEFAULT_TTL = Duration.ofHours(24);
        /** Default number of turns kept per session. */
        public static final int DEFAULT_MAX_CONTEXT_LENGTH = 50;
        /** Default largest turn, as stored JSON: 1 MiB. */
        public static final int DEFAULT_MAX_INTERACTION_BYTES = 1024 * 1024;
        /** Default size of an SDK-owned connection pool. */
        public static final int DEFAULT_MAX_POOL_SIZE = 10;
        /** Default longest wait for a connection. */
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
        /** Default longest run of one statement. */
        public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
        /** Default policy while the database is unavailable. */
        public static final FallbackPolicy DEFAULT_FALLBACK_POLICY = FallbackPolicy.BUFFER;
        /** Default capacity of the outage buffer, in turns. */
        public static final int DEFAULT_BUFFER_CAPACITY = 10_000;
        /** Default most bytes (of stored JSON) the outage buffer holds: 64 MiB. */
        public static final long DEFAULT_BUFFER_MAX_BYTES = 64L * 1024 * 1024;
        /** Default interval at which buffered turns are offered back to the database. */
        public static final Duration DEFAULT_BUFFER_REPLAY_INTERVAL = Duration.ofSeconds(1);
        /** Default commit durability. */
        public static final Durability DEFAULT_DURABILITY = Durability.STRICT;
        /** Default number of sessions deleted per cleanup transaction. */
        public static final int DEFAULT_CLEANUP_BATCH_SIZE = 1_000;
        /** Default number of threads running async calls. */
        public static final int DEFAULT_ASYNC_THREADS = 4;
        /** Default number of async calls queued before new ones are rejected. */
        public static final int DEFAULT_ASYNC_QUEUE_CAPACITY = 1_000;
        /** Default failure rate, in percent of recent calls, that opens the circuit breaker. */
        public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
        /** Default number of recent calls the failure rate is computed over. */
        public static final int DEFAULT_SLIDING_WINDOW_SIZE = 10;
        /** Default number of calls recorded before the failure rate counts. */
        public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 5;
        /** Default time the breaker stays open before letting probe calls through. */
        public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);
        /** Default number of probe calls let through by a half-open breaker. */
        public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 2;
        /** Default attempts per call, the first included. */
        public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
        /** Default wait before the first retry; each further retry waits twice as long. */
        public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);

        private DataSource dataSource;
        private String jdbcUrl;
        private String username;
        private String password;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private Duration ttl = DEFAULT_TTL;
        private int maxContextLength = DEFAULT_MAX_CONTEXT_LENGTH;
        private int maxInteractionBytes = DEFAULT_MAX_INTERACTION_BYTES;
        private boolean initializeSchema;
        private FallbackPolicy fallbackPolicy = DEFAULT_FALLBACK_POLICY;
        private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
        private long bufferMaxBytes = DEFAULT_BUFFER_MAX_BYTES;
        private Duration bufferReplayInterval = DEFAULT_BUFFER_REPLAY_INTERVAL;
        private Durability durability = DEFAULT_DURABILITY;
        private int cleanupBatchSize = DEFAULT_CLEANUP_BATCH_SIZE;
        private int asyncThreads = DEFAULT_ASYNC_THREADS;
        private int asyncQueueCapacity = DEFAULT_ASYNC_QUEUE_CAPACITY;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private Duration waitInOpenState = DEFAULT_WAIT_IN_OPEN_STATE;
        private int permittedCallsInHalfOpenState = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;
        private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
        private Object meterRegistry;
        private DataSource readDataSource;
        private String readJdbcUrl;
        private Clock clock = Clock.systemUTC();
        private KeyProvider keyProvider;

        private Builder() {
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
         * Makes the manager own a HikariCP pool to this database, closed with the manager. Accepts
         * {@code jdbc:postgresql://host:port/db} and {@code postgresql://user:pass@host:port/db}.
         */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
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
         * {@link #readDataSource} through an SDK-owned HikariCP pool to this replica URL (same forms
         * as {@link #jdbcUrl}; same size, timeouts and credentials as the primary's pool unless the URL
         * names a user), closed with the manager.
         */
        public Builder readJdbcUrl(String readJdbcUrl) {
            this.readJdbcUrl = readJdbcUrl;
            return this;
        }

        /** User of the owned pool (overrides one given in the URL). */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Password of the owned pool (overrides one given in the URL). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Connections in the owned pool, 1 to 1000. Default {@value #DEFAULT_MAX_POOL_SIZE}. */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /**
         * Longest wait for a pooled connection, and for the TCP connect and login of a new one in the
         * owned pool, 250 ms to 60 s. Default 2 s. A call that times out waiting is retried, so it can
         * wait this long once per attempt (see {@code docs/reliability.md} for the whole bound).
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /**
         * Longest run of one statement, 1 s to 10 min. Default 5 s. Each statement sets it as
         * {@code statement_timeout} for its own transaction, in the same round trip, and nothing is
         * set on the connection, so it holds behind a pooler in transaction mode (see
         * {@code docs/scaling.md}). Socket reads of the owned pool are bounded 2 s above it.
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        /**
         * Default time to live, 1 s to 3650 days: turns older than this are not returned and are
         * pruned, sessions idle longer are removed by cleanup. Default 24 h.
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** Turns kept per session, 1 to 10000; older ones are dropped on append. Default 50. */
        public Builder maxContextLength(int maxContextLength) {
            this.maxContextLength = maxContextLength;
            return this;
        }

        /** Largest accepted turn as stored JSON, 1 KiB to 64 MiB. Default 1 MiB. */
        public Builder maxInteractionBytes(int maxInteractionBytes) {
            this.maxInteractionBytes = maxInteractionBytes;
            return this;
        }

        /**
         * Whether {@link #build()} applies the bundled {@code sql/} migrations (idempotent, under an
         * advisory lock so several instances can start at once). Default false.
         */
        public Builder initializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
            return this;
        }

        /** What callers get while the database is unavailable. Default {@link FallbackPolicy#BUFFER}. */
        public Builder fallbackPolicy(FallbackPolicy fallbackPolicy) {
            this.fallbackPolicy = fallbackPolicy;
            return this;
        }

        /** Turns the outage buffer holds under {@link FallbackPolicy#BUFFER}, 1 to 1,000,000. Default 10,000. */
        public Builder bufferCapacity(int bufferCapacity) {
            this.bufferCapacity = bufferCapacity;
            return this;
        }

        /**
         * Bytes the outage buffer holds under {@link FallbackPolicy#BUFFER}, counted as the UTF-8
         * length of the turns' stored JSON, 1 KiB to 16 GiB. Default 64 MiB. Together with
         * {@link #bufferCapacity} it bounds the memory an outage can take: the oldest buffered turns
         * are dropped (WARN, counted) when either bound is reached.
         */
        public Builder bufferMaxBytes(long bufferMaxBytes) {
            this.bufferMaxBytes = bufferMaxBytes;
            return this;
        }

        /** How often buffered turns are offered back to the database, 10 ms to 10 min. Default 1 s. */
        public Builder bufferReplayInterval(Duration bufferReplayInterval) {
            this.bufferReplayInterval = bufferReplayInterval;
            return this;
        }

        /** Commit durability of writes. Default {@link Durability#STRICT}. */
        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /** Sessions deleted per cleanup transaction, 1 to 100,000. Default 1000. */
        public Builder cleanupBatchSize(int cleanupBatchSize) {
            this.cleanupBatchSize = cleanupBatchSize;
            return this;
        }

        /** Threads running {@link #async()} calls, 1 to 256. Default 4. */
        public Builder asyncThreads(int asyncThreads) {
            this.asyncThreads = asyncThreads;
            return this;
        }

        /** Async calls queued before new ones are rejected, 1 to 1,000,000. Default 1000. */
        public Builder asyncQueueCapacity(int asyncQueueCapacity) {
            this.asyncQueueCapacity = asyncQueueCapacity;
            return this;
        }

        /** Share of failed recent calls, in percent (above 0, at most 100), that opens the breaker. Default 50. */
        public Builder circuitBreakerFailureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /** Recent calls the failure rate is computed over, 1 to 1000. Default 10. */
        public Builder circuitBreakerSlidingWindowSize(int calls) {
            this.slidingWindowSize = calls;
            return this;
        }

        /** Calls recorded before the failure rate counts, 1 to the window size. Default 5. */
        public Builder circuitBreakerMinimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = calls;
            return this;
        }

        /** How long the breaker stays open before probing, 10 ms to 10 min. Default 5 s. */
        public Builder circuitBreakerWaitInOpenState(Duration wait) {
            this.waitInOpenState = wait;
            return this;
        }

        /** Probe calls a half-open breaker lets through, 1 to 100. Default 2. */
        public Builder circuitBreakerPermittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = calls;
            return this;
        }

        /**
         * Attempts per call for transient failures (connection lost or refused, server restarting,
         * serialization failure, deadlock), the first included, 1 to 10. Default 3. Timeouts are
         * never retried.
         */
        public Builder retryMaxAttempts(int attempts) {
            this.retryMaxAttempts = attempts;
            return this;
        }

        /**
         * Wait before the first retry, 0 to 10 s; doubles for each further retry, each wait randomised
         * by up to half either way so callers that failed together do not retry together. Default 100 ms.
         */
        public Builder retryInitialBackoff(Duration backoff) {
            this.retryInitialBackoff = backoff;
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
            SettingsValidator check = new SettingsValidator();
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw new IllegalArgumentException("exactly one of dataSource and jdbcUrl must be set, "
                        + (dataSource == null ? "neither was" : "both were"));
            }
            if (jdbcUrl != null && jdbcUrl.isBlank()) {
                throw new IllegalArgumentException("jdbcUrl must not be blank");
            }
            if (readDataSource != null && readJdbcUrl != null) {
                throw new IllegalArgumentException("at most one of readDataSource and readJdbcUrl may be set, both were");
            }
            if (readJdbcUrl != null) {
                DatabaseUrl.parse("readJdbcUrl", readJdbcUrl);
            }
            check.range("maxPoolSize", maxPoolSize, 1, 1000);
            check.range("connectionTimeout", connectionTimeout, Duration.ofMillis(250), Duration.ofSeconds(60));
            check.range("statementTimeout", statementTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
            check.range("ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(3650));
            check.range("maxContextLength", maxContextLength, 1, 10_000);
            check.range("maxInteractionBytes", maxInteractionBytes, 1024, 64 * 1024 * 1024);
            check.notNull("fallbackPolicy", fallbackPolicy);
            check.range("bufferCapacity", bufferCapacity, 1, 1_000_000);
            check.range("bufferMaxBytes", bufferMaxBytes, 1024L, 16L * 1024 * 1024 * 1024);
            check.range("bufferReplayInterval", bufferReplayInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
            check.notNull("durability", durability);
            check.notNull("clock", clock);
            check.range("cleanupBatchSize", cleanupBatchSize, 1, 100_000);
            check.range("asyncThreads", asyncThreads, 1, 256);
            check.range("asyncQueueCapacity", asyncQueueCapacity, 1, 1_000_000);
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException(
                        "circuitBreakerFailureRateThreshold must be above 0 and at most 100, was " + failureRateThreshold);
            }
            check.range("circuitBreakerSlidingWindowSize", slidingWindowSize, 1, 1000);
            check.range("circuitBreakerMinimumNumberOfCalls", minimumNumberOfCalls, 1, slidingWindowSize);
            check.range("circuitBreakerWaitInOpenState", waitInOpenState, Duration.ofMillis(10), Duration.ofMinutes(10));
            check.range("circuitBreakerPermittedCallsInHalfOpenState", permittedCallsInHalfOpenState, 1, 100);
            check.range("retryMaxAttempts", retryMaxAttempts, 1, 10);
            check.range("retryInitialBackoff", retryInitialBackoff, Duration.ZERO, Duration.ofSeconds(10));
            ResilienceSettings resilience = new ResilienceSettings(failureRateThreshold, slidingWindowSize,
                    minimumNumberOfCalls, waitInOpenState, permittedCallsInHalfOpenState, retryMaxAttempts,
                    retryInitialBackoff.isZero() ? Duration.ofMillis(1) : retryInitialBackoff);
            return new MemorySettings(dataSource, jdbcUrl, username, password, maxPoolSize, connectionTimeout,
                    statementTimeout, ttl, maxContextLength, maxInteractionBytes, initializeSchema, fallbackPolicy,
                    bufferCapacity, bufferMaxBytes, bufferReplayInterval, durability, cleanupBatchSize, asyncThreads,
                    asyncQueueCapacity, resilience, meterRegistry, readDataSource, readJdbcUrl, clock, keyProvider);
        }
    }
}
