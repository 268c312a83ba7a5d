package dev.memorysdk.internal.store;

/**
 * The session row's versions around one append (see {@link SessionMemoryMapper#lockVersion}).
 *
 * @param previous the version the append changed; null when the row was created, or created by a
 *                 concurrent append after the statement began
 * @param current  the version the append wrote
 */
record AppendedVersions(String previous, String current) {
}
