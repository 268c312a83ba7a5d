package dev.memorysdk.internal.config;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.internal.resilience.ResilienceSettings;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * What a memory manager is assembled from: its configuration and the parts the application hands
 * over as objects. Immutable.
 *
 * @param config         the validated configuration
 * @param dataSource     the application's data source, or null when the SDK owns a pool
 * @param readDataSource the application's data source to a read replica, or null
 * @param meterRegistry  a Micrometer MeterRegistry, or null (typed Object to keep Micrometer optional)
 * @param clock          the time source for expiry
 * @param keyProvider    the keys that encrypt turns' text, or null for plain storage
 */
public record MemorySettings(MemoryConfig config, DataSource dataSource, DataSource readDataSource,
                             Object meterRegistry, Clock clock, KeyProvider keyProvider) {

    /** Socket reads are bounded a little above the statement timeout, for servers that never answer. */
    public Duration socketTimeout() {
        return config.statementTimeout().plusSeconds(2);
    }

    /** The breaker's and the retry's settings; a zero initial backoff becomes 1 ms. */
    public ResilienceSettings resilience() {
        Duration backoff = config.retryInitialBackoff();
        return new ResilienceSettings(config.circuitBreakerFailureRateThreshold(),
                config.circuitBreakerSlidingWindowSize(), config.circuitBreakerMinimumNumberOfCalls(),
                config.circuitBreakerWaitInOpenState(), config.circuitBreakerPermittedCallsInHalfOpenState(),
                config.retryMaxAttempts(), backoff.isZero() ? Duration.ofMillis(1) : backoff);
    }

    @Override
    public String toString() {
        // The provider's type only: a user's provider may print more than key ids.
        return "MemorySettings[" + config
                + (readDataSource != null ? ", readUrl=<application read DataSource>" : "")
                + ", encryption=" + (keyProvider == null ? "off" : keyProvider.getClass().getSimpleName()) + "]";
    }
}
