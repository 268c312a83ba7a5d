package dev.memorysdk.internal.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every database call through a retry (outside) and a circuit breaker (inside), so each
 * attempt is counted by the breaker and an open breaker stops the retries at once. What is retried
 * and counted is decided by {@link FailureClassifier}. Breaker state changes are logged once each,
 * at WARN, from the breaker's event publisher (never per call). Thread-safe.
 */
public final class DatabaseGuard {

    /** Share by which each retry wait is randomised (0.5: between half and one and a half times). */
    public static final double RETRY_JITTER = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGuard.class);

    private final CircuitBreakerRegistry breakers;
    private final CircuitBreaker breaker;
    private final RetryRegistry retries;
    private final Retry retry;

    /**
     * @param clock the SDK's clock, which the breaker reads to time its open state and its
     *              sliding window, so tests that move the clock move the breaker with it
     */
    public DatabaseGuard(String name, ResilienceSettings settings, Clock clock) {
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThresholdPercent())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(FailureClassifier::isUnavailable)
                .ignoreException(failure -> !FailureClassifier.isUnavailable(failure))
                .build());
        this.breaker = breakers.circuitBreaker(name);
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                // Jitter spreads the retries of many callers that failed together (a restart).
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        settings.initialBackoff(), 2.0, RETRY_JITTER))
                .retryOnException(FailureClassifier::isRetryable)
                .failAfterMaxAttempts(false)
                .build());
        this.retry = retries.retry(name);
        breaker.getEventPublisher().onStateTransition(event ->
                LOG.warn("Database circuit breaker '{}': {}", name, event.getStateTransition()));
    }

    /**
     * Runs {@code call}, retrying transient failures. Throws the call's own exception when it fails
     * for good, or {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException} while the
     * breaker is open.
     */
    public <T> T call(Supplier<T> call) {
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
    }

    /**
     * Runs {@code call} once through the breaker, without retrying: for health probes, which must
     * answer quickly and still let a half-open breaker close once the database answers again.
     */
    public <T> T probe(Supplier<T> call) {
        return CircuitBreaker.decorateSupplier(breaker, call).get();
    }

    /**
     * Runs {@code call} with the retry but without the breaker: for the last replay on close, when
     * an open breaker may not have noticed yet that the database is back.
     */
    public <T> T callBypassingBreaker(Supplier<T> call) {
        return Retry.decorateSupplier(retry, call).get();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The registry holding this guard's breaker, for metrics bindings. */
    public CircuitBreakerRegistry breakerRegistry() {
        return breakers;
    }

    /** The registry holding this guard's retry, for metrics bindings. */
    public RetryRegistry retryRegistry() {
        return retries;
    }

    /** Whether calls are let through normally (the breaker is closed). */
    public boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Whether calls are currently refused without trying (the breaker is open). */
    public boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }
}
