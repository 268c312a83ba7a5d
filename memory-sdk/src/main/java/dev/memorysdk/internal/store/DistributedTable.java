package dev.memorysdk.internal.store;

/**
 * Whether {@code session_memory} is a table Citus distributes, asked of the database at each use (a
 * table can be distributed while the SDK runs). Where a figure of the table must differ there (the
 * coordinator's table is an empty shell: its statistics and size describe no data), the SDK asks
 * this; every statement on the data is the same on every deployment. Stateless and thread-safe.
 */
public final class DistributedTable {

    private DistributedTable() {
    }

    /** Whether Citus is installed and distributes {@code session_memory}: one or two catalog lookups. */
    public static boolean isDistributed(SessionMemoryMapper mapper) {
        return mapper.hasCitus() && mapper.isDistributed();
    }
}
