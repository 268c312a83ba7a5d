package dev.memorysdk;

/**
 * How strongly an acknowledged write is persisted before the call returns.
 */
public enum Durability {
    /** Wait for the commit to be flushed as the server's {@code synchronous_commit} setting says. */
    STRICT,
    /**
     * Commit memory writes with {@code synchronous_commit = off}: a server crash can lose the last
     * fraction of a second of acknowledged turns (at most three times {@code wal_writer_delay}),
     * never corrupt them. The same promise as Redis' {@code appendfsync everysec}.
     */
    RELAXED
}
