package dev.memorysdk.spring.boot;

import dev.memorysdk.Durability;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.MemoryConfig;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code memory.*} properties. Each one left unset keeps the SDK's default (see
 * {@link MemoryConfig}); each one set is checked by the {@link MemoryConfig.Builder} setter of
 * its name, so defaults, ranges and messages are the SDK's, written once there.
 */
@ConfigurationProperties(prefix = "memory")
public class MemoryProperties {

    /**
     * JDBC or libpq URL of the database (jdbc:postgresql://host:port/db or
     * postgresql://user:pass@host:port/db). When set, the SDK owns a pool to it; when unset, the
     * application's DataSource is used.
     */
    private String jdbcUrl;

    /** User of the SDK-owned pool (overrides one given in the URL). */
    private String username;

    /** Password of the SDK-owned pool (overrides one given in the URL). */
    private String password;

    /**
     * The tenant every statement runs as, under the row-level security of
     * sql/optional/isolate_tenants.sql; see {@link MemoryConfig.Builder#tenant}. Unset: none.
     */
    private String tenant;

    /** Size of the SDK-owned pool; see {@link MemoryConfig.Builder#maxPoolSize} for its default and range. */
    private Integer maxPoolSize;

    /** Default time to live of turns and idle sessions; see {@link MemoryConfig.Builder#ttl}. */
    private Duration ttl;

    /** Turns (or chat messages) kept per session; see {@link MemoryConfig.Builder#maxContextLength}. */
    private Integer maxContextLength;

    /** Largest accepted turn as stored JSON, in bytes; see {@link MemoryConfig.Builder#maxInteractionBytes}. */
    private Integer maxInteractionBytes;

    /** What callers get while the database is unavailable; see {@link MemoryConfig.Builder#fallbackPolicy}. */
    private FallbackPolicy fallbackPolicy;

    /** Commit durability of writes; see {@link MemoryConfig.Builder#durability}. */
    private Durability durability;

    /** Whether the bundled migrations are applied at start; see {@link MemoryConfig.Builder#initializeSchema}. */
    private boolean initializeSchema;

    /** Longest run of one statement; see {@link MemoryConfig.Builder#statementTimeout}. */
    private Duration statementTimeout;

    /** Longest wait for a connection; see {@link MemoryConfig.Builder#connectionTimeout}. */
    private Duration connectionTimeout;

    /**
     * Interval of the automatic cleanup of expired sessions, at most one instance of the fleet per
     * interval; see {@link MemoryConfig.Builder#cleanupInterval}. Unset: off.
     */
    private Duration cleanupInterval;

    /** Sessions deleted per cleanup transaction; see {@link MemoryConfig.Builder#cleanupBatchSize}. */
    private Integer cleanupBatchSize;

    /** Turns held by the outage buffer under BUFFER; see {@link MemoryConfig.Builder#bufferCapacity}. */
    private Integer bufferCapacity;

    /**
     * Size of the near cache of context windows (e.g. 64MB); each window is served only after an
     * index lookup finds the session row unchanged. See {@link MemoryConfig.Builder#nearCacheMaxBytes}
     * for its range. Unset or 0: off.
     */
    private DataSize nearCacheMaxSize;

    /** The Spring AI ChatMemoryRepository on this memory (with memory-spring-ai on the class path). */
    private final Adapter springAi = new Adapter();

    /** The LangChain4j ChatMemoryStore on this memory (with memory-langchain4j on the class path). */
    private final Adapter langchain4j = new Adapter();

    /** Whether a framework adapter bean is defined. */
    public static class Adapter {

        /** Whether to define the adapter bean when its module is on the class path. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public Adapter getSpringAi() {
        return springAi;
    }

    public Adapter getLangchain4j() {
        return langchain4j;
    }

    /**
     * The SDK's configuration: the defaults, with every property that is set.
     *
     * @throws IllegalArgumentException naming the property, the SDK setting's range and the value
     */
    public MemoryConfig toConfig() {
        MemoryConfig.Builder config = MemoryConfig.custom();
        set("memory.jdbc-url", jdbcUrl, config::jdbcUrl);
        set("memory.username", username, config::username);
        set("memory.password", password, config::password);
        set("memory.tenant", tenant, config::tenant);
        set("memory.max-pool-size", maxPoolSize, config::maxPoolSize);
        set("memory.ttl", ttl, config::ttl);
        set("memory.max-context-length", maxContextLength, config::maxContextLength);
        set("memory.max-interaction-bytes", maxInteractionBytes, config::maxInteractionBytes);
        set("memory.fallback-policy", fallbackPolicy, config::fallbackPolicy);
        set("memory.durability", durability, config::durability);
        config.initializeSchema(initializeSchema);
        set("memory.statement-timeout", statementTimeout, config::statementTimeout);
        set("memory.connection-timeout", connectionTimeout, config::connectionTimeout);
        set("memory.cleanup-interval", cleanupInterval, config::cleanupInterval);
        set("memory.cleanup-batch-size", cleanupBatchSize, config::cleanupBatchSize);
        set("memory.buffer-capacity", bufferCapacity, config::bufferCapacity);
        set("memory.near-cache-max-size", nearCacheMaxSize == null ? null : nearCacheMaxSize.toBytes(),
                config::nearCacheMaxBytes);
        return config.build();
    }

    private static <T> void set(String property, T value, Consumer<T> setting) {
        if (value == null) {
            return;
        }
        try {
            setting.accept(value);
        } catch (IllegalArgumentException outOfRange) {
            // The SDK's message names the value; a password is never a value that can be out of range.
            throw new IllegalArgumentException(property + ": " + outOfRange.getMessage(), outOfRange);
        }
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public Integer getMaxPoolSize() {
        return maxPoolSize;
    }

    public void setMaxPoolSize(Integer maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public Integer getMaxContextLength() {
        return maxContextLength;
    }

    public void setMaxContextLength(Integer maxContextLength) {
        this.maxContextLength = maxContextLength;
    }

    public Integer getMaxInteractionBytes() {
        return maxInteractionBytes;
    }

    public void setMaxInteractionBytes(Integer maxInteractionBytes) {
        this.maxInteractionBytes = maxInteractionBytes;
    }

    public FallbackPolicy getFallbackPolicy() {
        return fallbackPolicy;
    }

    public void setFallbackPolicy(FallbackPolicy fallbackPolicy) {
        this.fallbackPolicy = fallbackPolicy;
    }

    public Durability getDurability() {
        return durability;
    }

    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getCleanupInterval() {
        return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
        this.cleanupInterval = cleanupInterval;
    }

    public DataSize getNearCacheMaxSize() {
        return nearCacheMaxSize;
    }

    public void setNearCacheMaxSize(DataSize nearCacheMaxSize) {
        this.nearCacheMaxSize = nearCacheMaxSize;
    }

    public Integer getCleanupBatchSize() {
        return cleanupBatchSize;
    }

    public void setCleanupBatchSize(Integer cleanupBatchSize) {
        this.cleanupBatchSize = cleanupBatchSize;
    }

    public Integer getBufferCapacity() {
        return bufferCapacity;
    }

    public void setBufferCapacity(Integer bufferCapacity) {
        this.bufferCapacity = bufferCapacity;
    }
}
