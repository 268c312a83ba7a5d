package dev.memorysdk.internal.store;

import dev.memorysdk.Interaction;
import java.time.Duration;
import java.util.List;

/**
 * What a context read found in the database.
 *
 * @param turns the unexpired turns, oldest first
 * @param ttl   the session's time to live: its own, or the default (also for an unknown session)
 */
public record StoredContext(List<Interaction> turns, Duration ttl) {
}
