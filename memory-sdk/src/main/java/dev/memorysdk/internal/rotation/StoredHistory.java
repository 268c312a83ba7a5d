package dev.memorysdk.internal.rotation;

import dev.memorysdk.internal.store.Jsonb;

/**
 * A session's stored history as read by the re-encrypt pass.
 *
 * @param sessionId the session
 * @param history   its stored history, null when the column is null
 */
record StoredHistory(String sessionId, Jsonb history) {
}
