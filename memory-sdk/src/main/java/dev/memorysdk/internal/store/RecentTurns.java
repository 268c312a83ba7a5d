package dev.memorysdk.internal.store;

/**
 * What a context read fetches in one round trip: the last turns of the history, the timestamps of
 * all stored turns (to find expired ones without transferring whole turns), the session's TTL and
 * the row's version.
 *
 * @param recent     the last N stored elements, oldest first
 * @param timestamps the {@code timestamp} field of every stored element that has one, as a JSON array
 * @param ttlSeconds the session's own TTL, or null for the default
 * @param version    the row's version (its {@code xmin}), see {@link SessionMemoryMapper#readVersion}
 */
public record RecentTurns(Jsonb recent, Jsonb timestamps, Integer ttlSeconds, String version) {
}
