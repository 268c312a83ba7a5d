package dev.memorysdk.internal.config;

import dev.memorysdk.Durability;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.internal.resilience.ResilienceSettings;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Every setting of a memory manager, validated by the builder. Immutable.
 *
 * @param dataSource          the application's data source, or null when the SDK owns a pool
 * @param jdbcUrl             the URL of the SDK-owned pool (null with a data source)
 * @param username            user of the SDK-owned pool, or null
 * @param password            password of the SDK-owned pool, or null
 * @param maxPoolSize         size of the SDK-owned pool
 * @param connectionTimeout   longest wait for a connection (pool and TCP connect)
 * @param statementTimeout    longest run of one statement
 * @param ttl                 default time to live of turns and sessions
 * @param maxContextLength    turns kept per session
 * @param maxInteractionBytes largest accepted turn, as stored JSON, in bytes
 * @param initializeSchema    whether to apply the bundled migrations at start
 * @param fallbackPolicy      what to do while the database is unavailable
 * @param bufferCapacity      turns the outage buffer holds
 * @param bufferMaxBytes      bytes (of stored JSON) the outage buffer holds
 * @param bufferReplayInterval how often buffered turns are offered back to the database
 * @param durability          commit durability of writes
 * @param cleanupBatchSize    sessions deleted per cleanup transaction
 * @param asyncThreads        threads of the async executor
 * @param asyncQueueCapacity  queued async calls before rejecting
 * @param resilience          breaker and retry settings
 * @param meterRegistry       a Micrometer MeterRegistry, or null (typed Object to keep Micrometer optional)
 * @param readDataSource      the application's data source to a read replica, or null
 * @param readJdbcUrl         the URL of an SDK-owned pool to a read replica, or null
 * @param clock               the time source for expiry
 * @param keyProvider         the keys that encrypt turns' text, or null for plain storage
 */
public record MemorySettings(DataSource dataSource, String jdbcUrl, String username, String password,
                             int maxPoolSize, Duration connectionTimeout, Duration statementTimeout,
                             Duration ttl, int maxContextLength, int maxInteractionBytes,
                             boolean initializeSchema, FallbackPolicy fallbackPolicy, int bufferCapacity, long bufferMaxBytes,
                             Duration bufferReplayInterval, Durability durability, int cleanupBatchSize,
                             int asyncThreads, int asyncQueueCapacity, ResilienceSettings resilience,
                             Object meterRegistry, DataSource readDataSource, String readJdbcUrl,
                             Clock clock, KeyProvider keyProvider) {

    /** Socket reads are bounded a little above the statement timeout, for servers that never answer. */
    public Duration socketTimeout() {
        return statementTimeout.plusSeconds(2);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "MemorySettings[url=" + (jdbcUrl == null ? "<application DataSource>" : DatabaseUrl.redact(jdbcUrl))
                + ", ttl=" + ttl + ", maxContextLength=" + maxContextLength
                + ", maxInteractionBytes=" + maxInteractionBytes + ", fallbackPolicy=" + fallbackPolicy
                + ", durability=" + durability + ", statementTimeout=" + statementTimeout
                + (readJdbcUrl != null ? ", readUrl=" + DatabaseUrl.redact(readJdbcUrl)
                        : readDataSource != null ? ", readUrl=<application read DataSource>" : "")
                // The provider's type only: a user's provider may print more than key ids.
                + ", encryption=" + (keyProvider == null ? "off" : keyProvider.getClass().getSimpleName()) + "]";
    }
}
