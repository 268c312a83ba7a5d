package dev.memorysdk.internal.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.memorysdk.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Context windows this instance read or wrote, each with the version of the session row it came
 * from (the row's {@code xmin}). A window is a candidate only: the caller serves it after reading
 * the row's current version and finding it equal, so nothing written since, by any instance, is
 * missed. Bounded in bytes (an estimate: two per character of the turns' text, plus a fixed
 * overhead per turn, per metadata entry and per window), least recently used first out. Thread-safe.
 */
public final class NearCache {

    /** Bytes counted for an entry besides its turns: the key, the version, the objects around them. */
    private static final int ENTRY_OVERHEAD = 256;
    /** Bytes counted for a turn besides its text: the record, its strings' headers, the timestamp. */
    private static final int TURN_OVERHEAD = 128;
    /** Bytes counted for a metadata entry besides its key's text: the map node and a small value. */
    private static final int METADATA_ENTRY_OVERHEAD = 96;

    private static final String SEALED_PREFIX = "\"enc:v1:";

    private final Cache<String, Window> windows;
    private final Predicate<String> keyAvailable;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();

    /**
     * @param maxBytes     the bound on the estimated bytes held
     * @param keyAvailable whether the key with an id can still be had (with encryption on; else null):
     *                     a window holding turns decrypted with a key since destroyed is not served
     */
    public NearCache(long maxBytes, Predicate<String> keyAvailable) {
        this.keyAvailable = keyAvailable;
        this.windows = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String sessionId, Window window) -> window.weight())
                .recordStats()
                .build();
    }

    /**
     * One session's cached window.
     *
     * @param version the session row's version the window was read from (or written as)
     * @param turns   the last stored turns, oldest first: at most {@code limit}, fewer only when the
     *                session held fewer
     * @param limit   how many turns were asked for when the window was read
     * @param oldest  the oldest timestamp among all the session's stored turns (or earlier), null if
     *                none had one; nothing has expired while it has not
     * @param ttl     the session's time to live at that version
     * @param keyIds  the ids of the keys the turns were stored encrypted with, if any
     * @param weight  the estimated bytes this entry holds
     */
    public record Window(String version, List<Interaction> turns, int limit, Instant oldest, Duration ttl,
                         Set<String> keyIds, int weight) {

        public Window {
            turns = List.copyOf(turns);
            keyIds = Set.copyOf(keyIds);
        }

        static Window of(String version, List<Interaction> turns, int limit, Instant oldest, Duration ttl,
                         Set<String> keyIds) {
            long bytes = ENTRY_OVERHEAD + 2L * version.length();
            for (Interaction turn : turns) {
                bytes += TURN_OVERHEAD + 2L * (turn.id().length() + turn.query().length() + turn.answer().length());
                for (String key : turn.metadata().keySet()) {
                    bytes += METADATA_ENTRY_OVERHEAD + 2L * key.length();
                }
            }
            return new Window(version, turns, limit, oldest, ttl, keyIds, (int) Math.min(Integer.MAX_VALUE, bytes));
        }

        /** Whether the window holds the last {@code wanted} turns of the session. */
        boolean covers(int wanted) {
            return wanted <= limit || turns.size() < limit;
        }

        /** The last {@code wanted} turns, oldest first. */
        List<Interaction> last(int wanted) {
            return turns.size() <= wanted ? turns : turns.subList(turns.size() - wanted, turns.size());
        }

        /** Whether a stored turn may have expired at {@code now}: the cached window is then no answer. */
        boolean mayHaveExpired(Instant now) {
            return oldest != null && oldest.isBefore(now.minus(ttl));
        }

        /**
         * This window after {@code turn} was appended to the row at {@code version}, giving
         * {@code newVersion}: the turn last, the window as long as before, the stored history at most
         * {@code maxLength} turns. The oldest timestamp stays (the trimmed turn's may be older than
         * every remaining one: still a safe lower bound) unless the new turn's is older.
         */
        Window appended(Interaction turn, Set<String> turnKeyIds, String newVersion, int maxLength) {
            int keep = Math.min(limit, maxLength);
            List<Interaction> next = new ArrayList<>(Math.min(turns.size() + 1, keep));
            int from = Math.max(0, turns.size() + 1 - keep);
            for (int i = from; i < turns.size(); i++) {
                next.add(turns.get(i));
            }
            next.add(turn);
            Instant newOldest = oldest == null || turn.timestamp().isBefore(oldest) ? turn.timestamp() : oldest;
            Set<String> ids = new HashSet<>(keyIds);
            ids.addAll(turnKeyIds);
            return of(newVersion, next, limit, newOldest, ttl, ids);
        }
    }

    /**
     * The cached window of the session if it holds the last {@code limit} turns; null otherwise
     * (counted as a miss).
     */
    public Window covering(String sessionId, int limit) {
        Window window = windows.getIfPresent(sessionId);
        if (window == null || !window.covers(limit)) {
            misses.increment();
            return null;
        }
        return window;
    }

    /** Whether every key the window's turns were decrypted with can still be had (crypto-shredding). */
    private boolean keysAvailable(Window window) {
        if (keyAvailable == null) {
            return true;
        }
        for (String keyId : window.keyIds()) {
            if (!keyAvailable.test(keyId)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ids of the keys of the encrypted values in a stored JSON text ({@code "enc:v1:<keyId>:...}).
     */
    public static Set<String> keyIds(String storedJson) {
        Set<String> ids = Set.of();
        for (int at = storedJson.indexOf(SEALED_PREFIX); at >= 0; at = storedJson.indexOf(SEALED_PREFIX, at + 1)) {
            int start = at + SEALED_PREFIX.length();
            int end = storedJson.indexOf(':', start);
            if (end > start) {
                if (ids.isEmpty()) {
                    ids = new HashSet<>();
                }
                ids.add(storedJson.substring(start, end));
            }
        }
        return ids;
    }

    /** Whether a window of the session is cached (an append then reports the versions it moved between). */
    public boolean holds(String sessionId) {
        return windows.getIfPresent(sessionId) != null;
    }

    /**
     * Whether {@code window} may answer a read now: the session's row is still at the version the
     * window was read at ({@code version}, read after the caller's read began; null for no row), no
     * turn it holds may have expired and every key of its turns is still there. Counts a hit; a
     * window that may not answer is dropped and counted stale.
     */
    public boolean confirms(String sessionId, Window window, String version, Instant now) {
        if (version != null && version.equals(window.version()) && !window.mayHaveExpired(now)
                && keysAvailable(window)) {
            hits.increment();
            return true;
        }
        stale(sessionId);
        return false;
    }

    /** Counts a cached window not served: the row had changed, or a turn may have expired. */
    private void stale(String sessionId) {
        stale.increment();
        windows.invalidate(sessionId);
    }

    /** Caches a window read from the row at {@code version}. */
    public void put(String sessionId, String version, List<Interaction> turns, int limit, Instant oldest,
                    Duration ttl, Set<String> keyIds) {
        windows.put(sessionId, Window.of(version, turns, limit, oldest, ttl, keyIds));
    }

    /**
     * Moves the cached window along with an append of this instance: only if it was cached at
     * {@code previousVersion}, the version the append changed, so it still matches the row exactly.
     */
    public void appended(String sessionId, String previousVersion, String newVersion, Interaction turn,
                         Set<String> turnKeyIds, int maxLength) {
        windows.asMap().computeIfPresent(sessionId, (id, window) -> window.version().equals(previousVersion)
                ? window.appended(turn, turnKeyIds, newVersion, maxLength) : null);
    }

    /** Forgets the session's window (after a write this cache cannot follow). */
    public void invalidate(String sessionId) {
        windows.invalidate(sessionId);
    }

    /** Windows served from the cache after their version was confirmed. */
    public long hitCount() {
        return hits.sum();
    }

    /** Reads that found no window holding the turns asked for. */
    public long missCount() {
        return misses.sum();
    }

    /** Reads that found a window but not the row's current version (or a turn that may have expired). */
    public long staleCount() {
        return stale.sum();
    }

    /** Windows evicted to stay within the size. */
    public long evictionCount() {
        return windows.stats().evictionCount();
    }

    /** Estimated bytes held. */
    public long weightedSize() {
        return windows.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    /** Windows held. */
    public long size() {
        return windows.estimatedSize();
    }
}
