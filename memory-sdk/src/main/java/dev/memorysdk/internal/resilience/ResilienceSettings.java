package dev.memorysdk.internal.resilience;

import java.time.Duration;

/**
 * Validated settings of the circuit breaker and the retry.
 *
 * @param failureRateThresholdPercent  breaker opens when this share of recent calls failed
 * @param slidingWindowSize            how many recent calls the failure rate is computed over
 * @param minimumNumberOfCalls         calls needed before the rate is computed at all
 * @param waitInOpenState              how long the breaker stays open before probing
 * @param permittedCallsInHalfOpenState probe calls let through when half-open
 * @param maxAttempts                  attempts per call, the first included
 * @param initialBackoff               wait before the first retry, doubled for each further one
 */
public record ResilienceSettings(float failureRateThresholdPercent, int slidingWindowSize,
                                 int minimumNumberOfCalls, Duration waitInOpenState,
                                 int permittedCallsInHalfOpenState, int maxAttempts, Duration initialBackoff) {
}
