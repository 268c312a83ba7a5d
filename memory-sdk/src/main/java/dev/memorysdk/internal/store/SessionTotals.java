package dev.memorysdk.internal.store;

/**
 * How many sessions are stored.
 *
 * @param sessions the count, exact or estimated from the planner's statistics on large tables
 * @param exact    whether {@code sessions} was counted rather than estimated
 */
public record SessionTotals(long sessions, boolean exact) {
}
