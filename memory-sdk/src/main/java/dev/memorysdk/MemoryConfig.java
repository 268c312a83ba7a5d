package dev.memorysdk;

import dev.memorysdk.postgres.PostgresMemoryManager;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a {@link PostgresMemoryManager}, as an immutable value: where the database is,
 * how long turns live, how many are kept, how the manager behaves while the database is
 * unavailable. One place holds every default ({@code DEFAULT_} constants) and every range
 * ({@code MIN_}/{@code MAX_} constants); each setter of {@link Builder} checks its own value at
 * once and names the setting, the range and the value in its message.
 *
 * <p>Three sources feed it: code ({@link #custom()}, {@link #from(MemoryConfig)}), the environment
 * ({@link #from(MemoryEnvironment)}) and framework properties (the Spring Boot starter binds
 * {@code memory.*} onto {@link Builder}). {@link PostgresMemoryManager.Builder#config(MemoryConfig)}
 * takes the result; what is not configuration (a {@code DataSource}, a meter registry, a clock) is
 * given to that builder directly.
 *
 * <pre>{@code
 * MemoryConfig config = MemoryConfig.custom()
 *         .jdbcUrl("postgresql://app@db:5432/app")
 *         .ttl(Duration.ofHours(6))
 *         .maxContextLength(20)
 *         .build();
 * MemoryManager memory = PostgresMemoryManager.builder().config(config).build();
 * }</pre>
 */
public final class MemoryConfig {

    /** Shortest tenant name, in characters. */
    public static final int MIN_TENANT_LENGTH = 1;
    /** Longest tenant name, in characters. */
    public static final int MAX_TENANT_LENGTH = 255;

    /** Default size of an SDK-owned connection pool. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Smallest SDK-owned connection pool. */
    public static final int MIN_MAX_POOL_SIZE = 1;
    /** Largest SDK-owned connection pool. */
    public static final int MAX_MAX_POOL_SIZE = 1000;

    /** Default longest wait for a connection: 2 seconds. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Shortest connection timeout: 250 milliseconds. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    /** Longest connection timeout: 60 seconds. */
    public static final Duration MAX_CONNECTION_TIMEOUT = Duration.ofSeconds(60);

    /** Default longest run of one statement: 5 seconds. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** Shortest statement timeout: 1 second. */
    public static final Duration MIN_STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    /** Longest statement timeout: 10 minutes. */
    public static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMinutes(10);

    /** Default time to live of turns and idle sessions: 24 hours. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    /** Shortest time to live: 1 second. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** Longest time to live: 3650 days. */
    public static final Duration MAX_TTL = Duration.ofDays(3650);

    /** Default number of turns kept per session. */
    public static final int DEFAULT_MAX_CONTEXT_LENGTH = 50;
    /** Fewest turns kept per session. */
    public static final int MIN_MAX_CONTEXT_LENGTH = 1;
    /** Most turns kept per session. */
    public static final int MAX_MAX_CONTEXT_LENGTH = 10_000;

    /** Default largest turn, as stored JSON: 1 MiB. */
    public static final int DEFAULT_MAX_INTERACTION_BYTES = 1024 * 1024;
    /** Smallest accepted limit on a turn: 1 KiB. */
    public static final int MIN_MAX_INTERACTION_BYTES = 1024;
    /** Largest accepted limit on a turn: 64 MiB. */
    public static final int MAX_MAX_INTERACTION_BYTES = 64 * 1024 * 1024;

    /** By default the bundled migrations are not applied at start. */
    public static final boolean DEFAULT_INITIALIZE_SCHEMA = false;
    /** By default plain and encrypted turns read alike. */
    public static final boolean DEFAULT_REQUIRE_ENCRYPTION = false;

    /** Default policy while the database is unavailable. */
    public static final FallbackPolicy DEFAULT_FALLBACK_POLICY = FallbackPolicy.BUFFER;
    /** Default commit durability. */
    public static final Durability DEFAULT_DURABILITY = Durability.STRICT;

    /** Default capacity of the outage buffer, in turns. */
    public static final int DEFAULT_BUFFER_CAPACITY = 10_000;
    /** Smallest capacity of the outage buffer, in turns. */
    public static final int MIN_BUFFER_CAPACITY = 1;
    /** Largest capacity of the outage buffer, in turns. */
    public static final int MAX_BUFFER_CAPACITY = 1_000_000;
    /** Default most bytes (of stored JSON) the outage buffer holds: 64 MiB. */
    public static final long DEFAULT_BUFFER_MAX_BYTES = 64L * 1024 * 1024;
    /** Smallest byte bound of the outage buffer: 1 KiB. */
    public static final long MIN_BUFFER_MAX_BYTES = 1024L;
    /** Largest byte bound of the outage buffer: 16 GiB. */
    public static final long MAX_BUFFER_MAX_BYTES = 16L * 1024 * 1024 * 1024;
    /** Default interval at which buffered turns are offered back to the database: 1 second. */
    public static final Duration DEFAULT_BUFFER_REPLAY_INTERVAL = Duration.ofSeconds(1);
    /** Shortest replay interval: 10 milliseconds. */
    public static final Duration MIN_BUFFER_REPLAY_INTERVAL = Duration.ofMillis(10);
    /** Longest replay interval: 10 minutes. */
    public static final Duration MAX_BUFFER_REPLAY_INTERVAL = Duration.ofMinutes(10);

    /** The near cache is off (0) unless a size is set. */
    public static final long DEFAULT_NEAR_CACHE_MAX_BYTES = 0;
    /** Smallest near cache: 1 KiB. */
    public static final long MIN_NEAR_CACHE_MAX_BYTES = 1024L;
    /** Largest near cache: 16 GiB. */
    public static final long MAX_NEAR_CACHE_MAX_BYTES = 16L * 1024 * 1024 * 1024;

    /** Default number of sessions deleted per cleanup transaction. */
    public static final int DEFAULT_CLEANUP_BATCH_SIZE = 1_000;
    /** Fewest sessions deleted per cleanup transaction. */
    public static final int MIN_CLEANUP_BATCH_SIZE = 1;
    /** Most sessions deleted per cleanup transaction. */
    public static final int MAX_CLEANUP_BATCH_SIZE = 100_000;
    /** Shortest interval of automatic cleanup: 1 second. */
    public static final Duration MIN_CLEANUP_INTERVAL = Duration.ofSeconds(1);
    /** Longest interval of automatic cleanup: 7 days. */
    public static final Duration MAX_CLEANUP_INTERVAL = Duration.ofDays(7);

    /** Default number of threads running async calls. */
    public static final int DEFAULT_ASYNC_THREADS = 4;
    /** Fewest threads running async calls. */
    public static final int MIN_ASYNC_THREADS = 1;
    /** Most threads running async calls. */
    public static final int MAX_ASYNC_THREADS = 256;
    /** Default number of async calls queued before new ones are rejected. */
    public static final int DEFAULT_ASYNC_QUEUE_CAPACITY = 1_000;
    /** Fewest async calls queued. */
    public static final int MIN_ASYNC_QUEUE_CAPACITY = 1;
    /** Most async calls queued. */
    public static final int MAX_ASYNC_QUEUE_CAPACITY = 1_000_000;

    /** Default failure rate, in percent of recent calls, that opens the circuit breaker. */
    public static final float DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD = 50f;
    /** Highest failure rate threshold, in percent; the lowest is anything above 0. */
    public static final float MAX_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD = 100f;
    /** Default number of recent calls the failure rate is computed over. */
    public static final int DEFAULT_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE = 10;
    /** Smallest sliding window of the circuit breaker. */
    public static final int MIN_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE = 1;
    /** Largest sliding window of the circuit breaker. */
    public static final int MAX_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE = 1000;
    /** Default number of calls recorded before the failure rate counts. */
    public static final int DEFAULT_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS = 5;
    /** Fewest calls recorded before the failure rate counts. */
    public static final int MIN_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS = 1;
    /** Most calls recorded before the failure rate counts; {@code build()} also keeps it within the window. */
    public static final int MAX_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS = MAX_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE;
    /** Default time the breaker stays open before letting probe calls through: 5 seconds. */
    public static final Duration DEFAULT_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);
    /** Shortest time the breaker stays open: 10 milliseconds. */
    public static final Duration MIN_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE = Duration.ofMillis(10);
    /** Longest time the breaker stays open: 10 minutes. */
    public static final Duration MAX_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE = Duration.ofMinutes(10);
    /** Default number of probe calls let through by a half-open breaker. */
    public static final int DEFAULT_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 2;
    /** Fewest probe calls let through by a half-open breaker. */
    public static final int MIN_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 1;
    /** Most probe calls let through by a half-open breaker. */
    public static final int MAX_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 100;
    /** Default attempts per call, the first included. */
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
    /** Fewest attempts per call: the first alone. */
    public static final int MIN_RETRY_MAX_ATTEMPTS = 1;
    /** Most attempts per call. */
    public static final int MAX_RETRY_MAX_ATTEMPTS = 10;
    /** Default wait before the first retry, 100 milliseconds; each further retry waits twice as long. */
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Shortest wait before the first retry: none. */
    public static final Duration MIN_RETRY_INITIAL_BACKOFF = Duration.ZERO;
    /** Longest wait before the first retry: 10 seconds. */
    public static final Duration MAX_RETRY_INITIAL_BACKOFF = Duration.ofSeconds(10);

    private static final MemoryConfig DEFAULTS = new Builder().build();

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String readJdbcUrl;
    private final String tenant;
    private final int maxPoolSize;
    private final Duration connectionTimeout;
    private final Duration statementTimeout;
    private final Duration ttl;
    private final int maxContextLength;
    private final int maxInteractionBytes;
    private final boolean initializeSchema;
    private final FallbackPolicy fallbackPolicy;
    private final int bufferCapacity;
    private final long bufferMaxBytes;
    private final Duration bufferReplayInterval;
    private final Durability durability;
    private final int cleanupBatchSize;
    private final Duration cleanupInterval;
    private final long nearCacheMaxBytes;
    private final boolean requireEncryption;
    private final int asyncThreads;
    private final int asyncQueueCapacity;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration waitInOpenState;
    private final int permittedCallsInHalfOpenState;
    private final int retryMaxAttempts;
    private final Duration retryInitialBackoff;

    private MemoryConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.readJdbcUrl = b.readJdbcUrl;
        this.tenant = b.tenant;
        this.maxPoolSize = b.maxPoolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.statementTimeout = b.statementTimeout;
        this.ttl = b.ttl;
        this.maxContextLength = b.maxContextLength;
        this.maxInteractionBytes = b.maxInteractionBytes;
        this.initializeSchema = b.initializeSchema;
        this.fallbackPolicy = b.fallbackPolicy;
        this.bufferCapacity = b.bufferCapacity;
        this.bufferMaxBytes = b.bufferMaxBytes;
        this.bufferReplayInterval = b.bufferReplayInterval;
        this.durability = b.durability;
        this.cleanupBatchSize = b.cleanupBatchSize;
        this.cleanupInterval = b.cleanupInterval;
        this.nearCacheMaxBytes = b.nearCacheMaxBytes;
        this.requireEncryption = b.requireEncryption;
        this.asyncThreads = b.asyncThreads;
        this.asyncQueueCapacity = b.asyncQueueCapacity;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedCallsInHalfOpenState = b.permittedCallsInHalfOpenState;
        this.retryMaxAttempts = b.retryMaxAttempts;
        this.retryInitialBackoff = b.retryInitialBackoff;
    }

    /** Every setting at its default (and no database URL). */
    public static MemoryConfig defaults() {
        return DEFAULTS;
    }

    /** A builder with every setting at its default. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding every setting of {@code base}, to change some of them. */
    public static Builder from(MemoryConfig base) {
        Objects.requireNonNull(base, "base");
        return new Builder(base);
    }

    /**
     * A builder holding the settings read from the environment, to change some of them: every
     * variable {@code environment} set, the defaults for the others.
     */
    public static Builder from(MemoryEnvironment environment) {
        Objects.requireNonNull(environment, "environment");
        return environment.applyTo(custom());
    }

    /** A builder holding every setting of this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** URL of an SDK-owned pool, as given; empty when the application gives a data source. */
    public Optional<String> jdbcUrl() {
        return Optional.ofNullable(jdbcUrl);
    }

    /** User of the owned pool, if set apart from the URL (it then wins over the URL's). */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Password of the owned pool, if set apart from the URL. Never printed by {@link #toString()}. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** URL of an SDK-owned pool to a read replica, if set. */
    public Optional<String> readJdbcUrl() {
        return Optional.ofNullable(readJdbcUrl);
    }

    /** The tenant every statement runs as, under {@code sql/optional/isolate_tenants.sql}; empty without tenants. */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** Connections in the owned pool. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** Longest wait for a pooled connection, and for the connect and login of a new one. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** Longest run of one statement. */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** Default time to live of turns and idle sessions. */
    public Duration ttl() {
        return ttl;
    }

    /** Turns kept per session. */
    public int maxContextLength() {
        return maxContextLength;
    }

    /** Largest accepted turn, as stored JSON, in bytes. */
    public int maxInteractionBytes() {
        return maxInteractionBytes;
    }

    /** Whether a turn stored without encryption is refused on read (see {@link Builder#requireEncryption}). */
    public boolean requireEncryption() {
        return requireEncryption;
    }

    /** Whether the bundled migrations are applied when the manager starts. */
    public boolean initializeSchema() {
        return initializeSchema;
    }

    /** What callers get while the database is unavailable. */
    public FallbackPolicy fallbackPolicy() {
        return fallbackPolicy;
    }

    /** Turns the outage buffer holds. */
    public int bufferCapacity() {
        return bufferCapacity;
    }

    /** Bytes of stored JSON the outage buffer holds. */
    public long bufferMaxBytes() {
        return bufferMaxBytes;
    }

    /** How often buffered turns are offered back to the database. */
    public Duration bufferReplayInterval() {
        return bufferReplayInterval;
    }

    /** Commit durability of writes. */
    public Durability durability() {
        return durability;
    }

    /** Sessions deleted per cleanup transaction. */
    public int cleanupBatchSize() {
        return cleanupBatchSize;
    }

    /** Interval of automatic cleanup; empty when it is off (the default). */
    public Optional<Duration> cleanupInterval() {
        return Optional.ofNullable(cleanupInterval);
    }

    /** Bytes the near cache of context windows holds; 0 when it is off (the default). */
    public long nearCacheMaxBytes() {
        return nearCacheMaxBytes;
    }

    /** Threads running async calls. */
    public int asyncThreads() {
        return asyncThreads;
    }

    /** Async calls queued before new ones are rejected. */
    public int asyncQueueCapacity() {
        return asyncQueueCapacity;
    }

    /** Share of failed recent calls, in percent, that opens the circuit breaker. */
    public float circuitBreakerFailureRateThreshold() {
        return failureRateThreshold;
    }

    /** Recent calls the failure rate is computed over. */
    public int circuitBreakerSlidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls recorded before the failure rate counts. */
    public int circuitBreakerMinimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** How long the breaker stays open before probing. */
    public Duration circuitBreakerWaitInOpenState() {
        return waitInOpenState;
    }

    /** Probe calls a half-open breaker lets through. */
    public int circuitBreakerPermittedCallsInHalfOpenState() {
        return permittedCallsInHalfOpenState;
    }

    /** Attempts per call for transient failures, the first included. */
    public int retryMaxAttempts() {
        return retryMaxAttempts;
    }

    /** Wait before the first retry. */
    public Duration retryInitialBackoff() {
        return retryInitialBackoff;
    }

    @Override
    public String toString() {
        // Never the password, nor credentials or query parameters of a URL.
        return "MemoryConfig[url=" + (jdbcUrl == null ? "<application DataSource>" : DatabaseUrl.redact(jdbcUrl))
                + (readJdbcUrl != null ? ", readUrl=" + DatabaseUrl.redact(readJdbcUrl) : "")
                + ", ttl=" + ttl + ", maxContextLength=" + maxContextLength
                + ", maxInteractionBytes=" + maxInteractionBytes + ", fallbackPolicy=" + fallbackPolicy
                + ", durability=" + durability + ", statementTimeout=" + statementTimeout
                + (cleanupInterval != null ? ", cleanupInterval=" + cleanupInterval : "")
                + (nearCacheMaxBytes > 0 ? ", nearCacheMaxBytes=" + nearCacheMaxBytes : "")
                + (requireEncryption ? ", requireEncryption=true" : "")
                + (tenant != null ? ", tenant=" + tenant : "") + "]";
    }

    /**
     * Builds a {@link MemoryConfig}. Each setter checks its own value and throws
     * {@link IllegalArgumentException} naming the setting, the accepted range and the value; the one
     * check that spans two settings (the breaker's minimum calls within its window) waits for
     * {@link #build()}. Not thread-safe.
     */
    public static final class Builder {

        private String jdbcUrl;
        private String username;
        private String password;
        private String readJdbcUrl;
        private String tenant;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private Duration ttl = DEFAULT_TTL;
        private int maxContextLength = DEFAULT_MAX_CONTEXT_LENGTH;
        private int maxInteractionBytes = DEFAULT_MAX_INTERACTION_BYTES;
        private boolean initializeSchema = DEFAULT_INITIALIZE_SCHEMA;
        private FallbackPolicy fallbackPolicy = DEFAULT_FALLBACK_POLICY;
        private int bufferCapacity = DEFAULT_BUFFER_CAPACITY;
        private long bufferMaxBytes = DEFAULT_BUFFER_MAX_BYTES;
        private Duration bufferReplayInterval = DEFAULT_BUFFER_REPLAY_INTERVAL;
        private Durability durability = DEFAULT_DURABILITY;
        private int cleanupBatchSize = DEFAULT_CLEANUP_BATCH_SIZE;
        private Duration cleanupInterval;
        private long nearCacheMaxBytes = DEFAULT_NEAR_CACHE_MAX_BYTES;
        private boolean requireEncryption = DEFAULT_REQUIRE_ENCRYPTION;
        private int asyncThreads = DEFAULT_ASYNC_THREADS;
        private int asyncQueueCapacity = DEFAULT_ASYNC_QUEUE_CAPACITY;
        private float failureRateThreshold = DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS;
        private Duration waitInOpenState = DEFAULT_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE;
        private int permittedCallsInHalfOpenState = DEFAULT_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE;
        private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;

        private Builder() {
        }

        private Builder(MemoryConfig base) {
            this.jdbcUrl = base.jdbcUrl;
            this.username = base.username;
            this.password = base.password;
            this.readJdbcUrl = base.readJdbcUrl;
            this.tenant = base.tenant;
            this.maxPoolSize = base.maxPoolSize;
            this.connectionTimeout = base.connectionTimeout;
            this.statementTimeout = base.statementTimeout;
            this.ttl = base.ttl;
            this.maxContextLength = base.maxContextLength;
            this.maxInteractionBytes = base.maxInteractionBytes;
            this.initializeSchema = base.initializeSchema;
            this.fallbackPolicy = base.fallbackPolicy;
            this.bufferCapacity = base.bufferCapacity;
            this.bufferMaxBytes = base.bufferMaxBytes;
            this.bufferReplayInterval = base.bufferReplayInterval;
            this.durability = base.durability;
            this.cleanupBatchSize = base.cleanupBatchSize;
            this.cleanupInterval = base.cleanupInterval;
            this.nearCacheMaxBytes = base.nearCacheMaxBytes;
            this.requireEncryption = base.requireEncryption;
            this.asyncThreads = base.asyncThreads;
            this.asyncQueueCapacity = base.asyncQueueCapacity;
            this.failureRateThreshold = base.failureRateThreshold;
            this.slidingWindowSize = base.slidingWindowSize;
            this.minimumNumberOfCalls = base.minimumNumberOfCalls;
            this.waitInOpenState = base.waitInOpenState;
            this.permittedCallsInHalfOpenState = base.permittedCallsInHalfOpenState;
            this.retryMaxAttempts = base.retryMaxAttempts;
            this.retryInitialBackoff = base.retryInitialBackoff;
        }

        /**
         * Makes the manager own a HikariCP pool to this database (else the manager needs the
         * application's {@link PostgresMemoryManager.Builder#dataSource data source}). Accepts
         * {@code jdbc:postgresql://host:port/db} and {@code postgresql://user:pass@host:port/db} (whose
         * user and password apply unless {@link #username} and {@link #password} are set);
         * {@code null} clears it.
         *
         * @throws IllegalArgumentException if it is not a PostgreSQL URL
         */
        public Builder jdbcUrl(String jdbcUrl) {
            if (jdbcUrl != null) {
                DatabaseUrl.parse("jdbcUrl", jdbcUrl);
            }
            this.jdbcUrl = jdbcUrl;
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

        /**
         * Sends context reads to a streaming replica through an SDK-owned pool to this URL (same forms
         * as {@link #jdbcUrl}); a read never misses a turn acknowledged before it began (see
         * {@link PostgresMemoryManager.Builder#readDataSource}, the same route through the application's
         * data source). {@code null} clears it.
         *
         * @throws IllegalArgumentException if it is not a PostgreSQL URL
         */
        public Builder readJdbcUrl(String readJdbcUrl) {
            if (readJdbcUrl != null) {
                DatabaseUrl.parse("readJdbcUrl", readJdbcUrl);
            }
            this.readJdbcUrl = readJdbcUrl;
            return this;
        }

        /**
         * Runs every statement as this tenant under the row-level security policy of
         * {@code sql/optional/isolate_tenants.sql}, which compares {@code memory.tenant} with each
         * row's {@code tenant_id}, so the manager sees and writes only this tenant's sessions: each
         * statement sets {@code memory.tenant} for its own transaction (with
         * {@code set_config(…, true)}, a bound parameter, in the statement's own round trip).
         * {@value #MIN_TENANT_LENGTH} to {@value #MAX_TENANT_LENGTH} characters, not blank, no NUL;
         * {@code null} (the default) sets none.
         *
         * @throws IllegalArgumentException if blank, too long or holding NUL
         */
        public Builder tenant(String tenant) {
            if (tenant != null && (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH || tenant.indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("tenant must be " + MIN_TENANT_LENGTH + " to " + MAX_TENANT_LENGTH
                        + " characters, not blank, without NUL; was " + tenant.length() + " characters");
            }
            this.tenant = tenant;
            return this;
        }

        /**
         * Connections in the owned pool, {@value #MIN_MAX_POOL_SIZE} to {@value #MAX_MAX_POOL_SIZE}.
         * Default {@value #DEFAULT_MAX_POOL_SIZE}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = range("maxPoolSize", maxPoolSize, MIN_MAX_POOL_SIZE, MAX_MAX_POOL_SIZE);
            return this;
        }

        /**
         * Longest wait for a pooled connection, and for the TCP connect and login of a new one in the
         * owned pool, {@link #MIN_CONNECTION_TIMEOUT} to {@link #MAX_CONNECTION_TIMEOUT}. Default
         * {@link #DEFAULT_CONNECTION_TIMEOUT}. A call that times out waiting is retried, so it can
         * wait this long once per attempt (see {@code docs/reliability.md} for the whole bound).
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = range("connectionTimeout", connectionTimeout, MIN_CONNECTION_TIMEOUT,
                    MAX_CONNECTION_TIMEOUT);
            return this;
        }

        /**
         * Longest run of one statement, {@link #MIN_STATEMENT_TIMEOUT} to {@link #MAX_STATEMENT_TIMEOUT},
         * with the owned pool and with the application's data source alike. Default
         * {@link #DEFAULT_STATEMENT_TIMEOUT}. The driver cancels a statement running longer (its
         * query timeout, in whole seconds rounded up); with a {@link #tenant}, each statement instead
         * sets {@code statement_timeout} for its own transaction, in the same round trip as the
         * tenant. Nothing is set on the connection, so it holds behind a pooler in transaction mode
         * (see {@code docs/scaling.md}). Socket reads of the owned pool are bounded 2 s above it;
         * schema migrations run without it.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = range("statementTimeout", statementTimeout, MIN_STATEMENT_TIMEOUT,
                    MAX_STATEMENT_TIMEOUT);
            return this;
        }

        /**
         * Default time to live, {@link #MIN_TTL} to {@link #MAX_TTL}: turns older than this are not
         * returned and are pruned, sessions idle longer are removed by cleanup. Default
         * {@link #DEFAULT_TTL}.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder ttl(Duration ttl) {
            this.ttl = range("ttl", ttl, MIN_TTL, MAX_TTL);
            return this;
        }

        /**
         * Turns kept per session, {@value #MIN_MAX_CONTEXT_LENGTH} to {@value #MAX_MAX_CONTEXT_LENGTH};
         * older ones are dropped on append. Default {@value #DEFAULT_MAX_CONTEXT_LENGTH}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxContextLength(int maxContextLength) {
            this.maxContextLength = range("maxContextLength", maxContextLength, MIN_MAX_CONTEXT_LENGTH,
                    MAX_MAX_CONTEXT_LENGTH);
            return this;
        }

        /**
         * Largest accepted turn as stored JSON, in bytes, {@value #MIN_MAX_INTERACTION_BYTES} to
         * {@value #MAX_MAX_INTERACTION_BYTES}. Default {@value #DEFAULT_MAX_INTERACTION_BYTES}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxInteractionBytes(int maxInteractionBytes) {
            this.maxInteractionBytes = range("maxInteractionBytes", maxInteractionBytes, MIN_MAX_INTERACTION_BYTES,
                    MAX_MAX_INTERACTION_BYTES);
            return this;
        }

        /**
         * Strict mode: with true, a turn stored without encryption fails every read of its session
         * with {@code MemoryDecryptionException} (naming the session and the turn id), so that
         * someone who can write the table but has no key cannot plant a turn, or replace an
         * encrypted one, with text of their choice. Needs encryption (a key provider, checked by
         * {@link PostgresMemoryManager.Builder#build()}). Turn it on once no plain turn is left:
         * after the key rotation pass with {@code includePlainTurns} sealed the turns written before
         * encryption. Default {@value #DEFAULT_REQUIRE_ENCRYPTION}: plain and encrypted turns read
         * alike (see {@code docs/security.md}).
         */
        public Builder requireEncryption(boolean requireEncryption) {
            this.requireEncryption = requireEncryption;
            return this;
        }

        /**
         * Whether the manager applies the bundled {@code sql/} migrations when it starts (idempotent,
         * under an advisory lock so several instances can start at once). Default
         * {@value #DEFAULT_INITIALIZE_SCHEMA}.
         */
        public Builder initializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
            return this;
        }

        /**
         * What callers get while the database is unavailable. Default {@link #DEFAULT_FALLBACK_POLICY}.
         *
         * @throws IllegalArgumentException if null
         */
        public Builder fallbackPolicy(FallbackPolicy fallbackPolicy) {
            this.fallbackPolicy = notNull("fallbackPolicy", fallbackPolicy);
            return this;
        }

        /**
         * Turns the outage buffer holds under {@link FallbackPolicy#BUFFER}, {@value #MIN_BUFFER_CAPACITY}
         * to {@value #MAX_BUFFER_CAPACITY}. Default {@value #DEFAULT_BUFFER_CAPACITY}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder bufferCapacity(int bufferCapacity) {
            this.bufferCapacity = range("bufferCapacity", bufferCapacity, MIN_BUFFER_CAPACITY, MAX_BUFFER_CAPACITY);
            return this;
        }

        /**
         * Bytes the outage buffer holds under {@link FallbackPolicy#BUFFER}, counted as the UTF-8
         * length of the turns' stored JSON, {@value #MIN_BUFFER_MAX_BYTES} to {@value #MAX_BUFFER_MAX_BYTES}.
         * Default {@value #DEFAULT_BUFFER_MAX_BYTES}. Together with {@link #bufferCapacity} it bounds
         * the memory an outage can take: the oldest buffered turns are dropped (WARN, counted) when
         * either bound is reached.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder bufferMaxBytes(long bufferMaxBytes) {
            this.bufferMaxBytes = range("bufferMaxBytes", bufferMaxBytes, MIN_BUFFER_MAX_BYTES, MAX_BUFFER_MAX_BYTES);
            return this;
        }

        /**
         * How often buffered turns are offered back to the database, {@link #MIN_BUFFER_REPLAY_INTERVAL}
         * to {@link #MAX_BUFFER_REPLAY_INTERVAL}. Default {@link #DEFAULT_BUFFER_REPLAY_INTERVAL}.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder bufferReplayInterval(Duration bufferReplayInterval) {
            this.bufferReplayInterval = range("bufferReplayInterval", bufferReplayInterval,
                    MIN_BUFFER_REPLAY_INTERVAL, MAX_BUFFER_REPLAY_INTERVAL);
            return this;
        }

        /**
         * Commit durability of writes. Default {@link #DEFAULT_DURABILITY}.
         *
         * @throws IllegalArgumentException if null
         */
        public Builder durability(Durability durability) {
            this.durability = notNull("durability", durability);
            return this;
        }

        /**
         * Sessions deleted per cleanup transaction, {@value #MIN_CLEANUP_BATCH_SIZE} to
         * {@value #MAX_CLEANUP_BATCH_SIZE}. Default {@value #DEFAULT_CLEANUP_BATCH_SIZE}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder cleanupBatchSize(int cleanupBatchSize) {
            this.cleanupBatchSize = range("cleanupBatchSize", cleanupBatchSize, MIN_CLEANUP_BATCH_SIZE,
                    MAX_CLEANUP_BATCH_SIZE);
            return this;
        }

        /**
         * Runs {@link MemoryManager#cleanupExpiredSessions()} in the background at this interval,
         * {@link #MIN_CLEANUP_INTERVAL} to {@link #MAX_CLEANUP_INTERVAL}; {@code null} (the default)
         * leaves it to the application. Across a fleet of instances sharing one database, one
         * instance at a time cleans up: each run first takes a lease in the database
         * ({@code session_memory_lease}) for the length of the interval, so the others skip their turn.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder cleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = cleanupInterval == null ? null
                    : range("cleanupInterval", cleanupInterval, MIN_CLEANUP_INTERVAL, MAX_CLEANUP_INTERVAL);
            return this;
        }

        /**
         * Keeps the context windows this instance read or wrote in a near cache of up to this many
         * bytes (estimated as two bytes per character of the turns' stored JSON),
         * {@value #MIN_NEAR_CACHE_MAX_BYTES} to {@value #MAX_NEAR_CACHE_MAX_BYTES}; 0 (the default)
         * leaves it off. A cached window is served only after an index lookup of the session row's
         * version (its {@code xmin}, without reading the history) finds the row unchanged since the
         * window was read, and while none of the session's turns has expired: a read never misses a
         * turn acknowledged before it began, whichever instance wrote it. This instance's own appends
         * update a cached window in place. The least recently used windows are evicted first; with a
         * meter registry, hits, misses and evictions are meters ({@code memory.near.cache.*}).
         *
         * @throws IllegalArgumentException if neither 0 nor in range
         */
        public Builder nearCacheMaxBytes(long nearCacheMaxBytes) {
            this.nearCacheMaxBytes = nearCacheMaxBytes == 0 ? 0
                    : range("nearCacheMaxBytes", nearCacheMaxBytes, MIN_NEAR_CACHE_MAX_BYTES, MAX_NEAR_CACHE_MAX_BYTES);
            return this;
        }

        /**
         * Threads running async calls, {@value #MIN_ASYNC_THREADS} to {@value #MAX_ASYNC_THREADS}.
         * Default {@value #DEFAULT_ASYNC_THREADS}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder asyncThreads(int asyncThreads) {
            this.asyncThreads = range("asyncThreads", asyncThreads, MIN_ASYNC_THREADS, MAX_ASYNC_THREADS);
            return this;
        }

        /**
         * Async calls queued before new ones are rejected, {@value #MIN_ASYNC_QUEUE_CAPACITY} to
         * {@value #MAX_ASYNC_QUEUE_CAPACITY}. Default {@value #DEFAULT_ASYNC_QUEUE_CAPACITY}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder asyncQueueCapacity(int asyncQueueCapacity) {
            this.asyncQueueCapacity = range("asyncQueueCapacity", asyncQueueCapacity, MIN_ASYNC_QUEUE_CAPACITY,
                    MAX_ASYNC_QUEUE_CAPACITY);
            return this;
        }

        /**
         * Share of failed recent calls, in percent, that opens the breaker: above 0, at most
         * {@value #MAX_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD}. Default
         * {@value #DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreakerFailureRateThreshold(float percent) {
            if (!(percent > 0 && percent <= MAX_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD)) {
                throw new IllegalArgumentException("circuitBreakerFailureRateThreshold must be above 0 and at most "
                        + (int) MAX_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD + ", was " + percent);
            }
            this.failureRateThreshold = percent;
            return this;
        }

        /**
         * Recent calls the failure rate is computed over, {@value #MIN_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE}
         * to {@value #MAX_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE}. Default
         * {@value #DEFAULT_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreakerSlidingWindowSize(int calls) {
            this.slidingWindowSize = range("circuitBreakerSlidingWindowSize", calls,
                    MIN_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE, MAX_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE);
            return this;
        }

        /**
         * Calls recorded before the failure rate counts, {@value #MIN_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS}
         * to {@value #MAX_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS}, and at most the window size (checked
         * by {@link #build()}). Default {@value #DEFAULT_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreakerMinimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = range("circuitBreakerMinimumNumberOfCalls", calls,
                    MIN_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS, MAX_CIRCUIT_BREAKER_MINIMUM_NUMBER_OF_CALLS);
            return this;
        }

        /**
         * How long the breaker stays open before probing, {@link #MIN_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE}
         * to {@link #MAX_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE}. Default
         * {@link #DEFAULT_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE}.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder circuitBreakerWaitInOpenState(Duration wait) {
            this.waitInOpenState = range("circuitBreakerWaitInOpenState", wait, MIN_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE,
                    MAX_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE);
            return this;
        }

        /**
         * Probe calls a half-open breaker lets through, {@value #MIN_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE}
         * to {@value #MAX_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE}. Default
         * {@value #DEFAULT_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE}.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder circuitBreakerPermittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = range("circuitBreakerPermittedCallsInHalfOpenState", calls,
                    MIN_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE,
                    MAX_CIRCUIT_BREAKER_PERMITTED_CALLS_IN_HALF_OPEN_STATE);
            return this;
        }

        /**
         * Attempts per call for transient failures (connection lost or refused, server restarting,
         * serialization failure, deadlock), the first included, {@value #MIN_RETRY_MAX_ATTEMPTS} to
         * {@value #MAX_RETRY_MAX_ATTEMPTS}. Default {@value #DEFAULT_RETRY_MAX_ATTEMPTS}. Timeouts are
         * never retried.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder retryMaxAttempts(int attempts) {
            this.retryMaxAttempts = range("retryMaxAttempts", attempts, MIN_RETRY_MAX_ATTEMPTS, MAX_RETRY_MAX_ATTEMPTS);
            return this;
        }

        /**
         * Wait before the first retry, {@link #MIN_RETRY_INITIAL_BACKOFF} to {@link #MAX_RETRY_INITIAL_BACKOFF};
         * doubles for each further retry, each wait randomised by up to half either way so callers
         * that failed together do not retry together. Default {@link #DEFAULT_RETRY_INITIAL_BACKOFF}.
         *
         * @throws IllegalArgumentException if null or out of range
         */
        public Builder retryInitialBackoff(Duration backoff) {
            this.retryInitialBackoff = range("retryInitialBackoff", backoff, MIN_RETRY_INITIAL_BACKOFF,
                    MAX_RETRY_INITIAL_BACKOFF);
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws IllegalArgumentException if the breaker's minimum number of calls exceeds its window
         */
        public MemoryConfig build() {
            range("circuitBreakerMinimumNumberOfCalls", minimumNumberOfCalls, 1, slidingWindowSize);
            return new MemoryConfig(this);
        }

        private static int range(String setting, int value, int min, int max) {
            return (int) range(setting, (long) value, min, max);
        }

        private static long range(String setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private static Duration range(String setting, Duration value, Duration min, Duration max) {
            notNull(setting, value);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private static <T> T notNull(String setting, T value) {
            if (value == null) {
                throw new IllegalArgumentException(setting + " must not be null");
            }
            return value;
        }
    }
}
