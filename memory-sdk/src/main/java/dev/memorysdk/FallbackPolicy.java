package dev.memorysdk;

/**
 * What the memory manager does when the database is unavailable (connection failures, timeouts, or
 * an open circuit breaker). Errors caused by the caller's input, and a configuration the database
 * refuses ({@link MemoryConfigurationException}), are never subject to the policy, and
 * {@link MemoryManager#setSessionTtl} throws {@link MemoryUnavailableException} under every policy
 * (it has nothing to fall back to). See {@code docs/reliability.md} for the trade-offs.
 */
public enum FallbackPolicy {
    /** Throw {@link MemoryUnavailableException}. The caller decides. */
    FAIL,
    /**
     * Continue without memory: appends return {@code false}, reads return an empty list (or empty
     * optional), clears return {@code false}, cleanups return 0. Turns written during the outage are
     * not kept.
     */
    SKIP,
    /**
     * Keep appends in a bounded in-process buffer, serve them to reads together with what the
     * database returns, and replay them in order once the database is back. Turns buffered when
     * the process dies are lost; when the buffer is full a new turn is refused (not acknowledged,
     * as under {@link #SKIP}) and every turn already buffered is kept.
     */
    BUFFER
}
