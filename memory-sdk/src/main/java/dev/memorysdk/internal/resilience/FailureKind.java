package dev.memorysdk.internal.resilience;

/** How a failed database call is treated by the retry and the circuit breaker. */
public enum FailureKind {
    /** The database is unreachable, refuses connections or is shutting down, or a transaction conflicted: retry, count. */
    TRANSIENT,
    /** The call ran out of time (statement timeout, socket read timeout): count, don't retry. */
    TIMEOUT,
    /** The call itself was wrong (bad data, constraint, our own validation): neither retry nor count. */
    PERMANENT
}
