package dev.memorysdk.internal.buffer;

import dev.memorysdk.Interaction;
import dev.memorysdk.internal.json.StorableText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted while the database was unavailable, bounded in turns and in bytes (of their stored
 * JSON): when full, the oldest turns (of any session) are dropped to make room, with a WARN when the buffer starts overflowing and a count
 * ({@link #droppedCount()}) for metrics. A turn whose id is already buffered for its session is not
 * buffered again (a caller's retry during an outage). Turns are indexed by session, so asking
 * whether a session has buffered turns costs no scan. Lives in process memory only. Thread-safe; the emptiness check
 * on the hot path takes no lock.
 */
public final class OutageBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(OutageBuffer.class);
    private static final long WARN_EVERY_N_DROPS = 1_000;

    private final int capacity;
    private final long maxBytes;
    private final Set<String> pendingIds = new HashSet<>();
    private long bytes;
    private final TreeMap<Long, PendingTurn> inArrivalOrder = new TreeMap<>();
    private final Map<String, ArrayDeque<PendingTurn>> bySession = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private long nextSequence;
    private long droppedThisOverflow;

    /**
     * @param capacity most turns held
     * @param maxBytes most bytes held, counted as the UTF-8 length of the turns' stored JSON
     */
    public OutageBuffer(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * A buffer that holds nothing, for the policies that do not buffer: always empty, it accepts no
     * turn, so callers need no branch on whether there is a buffer.
     */
    public static OutageBuffer disabled() {
        return new OutageBuffer(0, 0);
    }

    /** Whether this buffer takes turns at all ({@code false} for {@link #disabled()}). */
    public boolean acceptsTurns() {
        return capacity > 0;
    }

    /**
     * Adds a turn at the end unless a turn with its id is already buffered for the session; drops
     * the oldest buffered turns first when the buffer is full.
     *
     * @return false if the turn was already buffered
     */
    public boolean add(String sessionId, Interaction turn, String encodedTurn) {
        if (!acceptsTurns()) {
            throw new IllegalStateException("this outage buffer is disabled");
        }
        PendingTurn droppedTurn = null;
        long droppedInOverflow = 0;
        long droppedBefore = 0;
        long droppedTotal = 0;
        long turnBytes = StorableText.utf8Length(encodedTurn);
        lock.lock();
        try {
            if (!pendingIds.add(key(sessionId, turn.id()))) {
                return false;
            }
            droppedBefore = droppedThisOverflow;
            while (!inArrivalOrder.isEmpty()
                    && (inArrivalOrder.size() >= capacity || bytes + turnBytes > maxBytes)) {
                droppedTurn = inArrivalOrder.pollFirstEntry().getValue();
                unindex(droppedTurn);
                droppedInOverflow = ++droppedThisOverflow;
                droppedTotal = dropped.incrementAndGet();
            }
            PendingTurn pending = new PendingTurn(nextSequence++, sessionId, turn, encodedTurn, turnBytes);
            inArrivalOrder.put(pending.sequence(), pending);
            bySession.computeIfAbsent(sessionId, id -> new ArrayDeque<>()).addLast(pending);
            bytes += turnBytes;
            size.set(inArrivalOrder.size());
        } finally {
            lock.unlock();
        }
        if (droppedTurn != null) {
            if (droppedBefore == 0 || droppedInOverflow / WARN_EVERY_N_DROPS > droppedBefore / WARN_EVERY_N_DROPS) {
                LOG.warn("Outage buffer full ({} turns or {} bytes): dropping the oldest buffered turns to keep new ones "
                        + "(turn {} of session {} dropped); {} dropped since this overflow began, {} since start",
                        capacity, maxBytes, droppedTurn.turn().id(), droppedTurn.sessionId(), droppedInOverflow, droppedTotal);
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return size.get() == 0;
    }

    public int size() {
        return size.get();
    }

    public int capacity() {
        return capacity;
    }

    /** Bytes of stored JSON held now. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Turns dropped because the buffer was full, since start. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Whether the session has buffered turns. */
    public boolean hasPending(String sessionId) {
        if (isEmpty()) {
            return false;
        }
        lock.lock();
        try {
            return bySession.containsKey(sessionId);
        } finally {
            lock.unlock();
        }
    }

    /** The session's buffered turns, oldest first. */
    public List<PendingTurn> pendingFor(String sessionId) {
        if (isEmpty()) {
            return List.of();
        }
        lock.lock();
        try {
            ArrayDeque<PendingTurn> pending = bySession.get(sessionId);
            return pending == null ? List.of() : new ArrayList<>(pending);
        } finally {
            lock.unlock();
        }
    }

    /** The session's oldest buffered turns, at most {@code max}, oldest first. */
    public List<PendingTurn> oldestFor(String sessionId, int max) {
        lock.lock();
        try {
            ArrayDeque<PendingTurn> pending = bySession.get(sessionId);
            if (pending == null) {
                return List.of();
            }
            List<PendingTurn> oldest = new ArrayList<>(Math.min(max, pending.size()));
            for (PendingTurn turn : pending) {
                if (oldest.size() == max) {
                    break;
                }
                oldest.add(turn);
            }
            return oldest;
        } finally {
            lock.unlock();
        }
    }

    /** The sessions that have buffered turns, ordered by the arrival of their oldest buffered turn. */
    public List<String> sessionsInArrivalOrder() {
        lock.lock();
        try {
            List<ArrayDeque<PendingTurn>> sessions = new ArrayList<>(bySession.values());
            sessions.sort(Comparator.comparingLong(pending -> pending.peekFirst().sequence()));
            List<String> ids = new ArrayList<>(sessions.size());
            sessions.forEach(pending -> ids.add(pending.peekFirst().sessionId()));
            return ids;
        } finally {
            lock.unlock();
        }
    }

    /** Removes exactly these entries (those since dropped or removed are ignored). */
    public void remove(Collection<PendingTurn> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (PendingTurn turn : delivered) {
                if (inArrivalOrder.remove(turn.sequence()) != null) {
                    unindex(turn);
                }
            }
            afterRemoval();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every buffered turn of the session; returns how many there were. */
    public int removeSession(String sessionId) {
        lock.lock();
        try {
            ArrayDeque<PendingTurn> pending = bySession.remove(sessionId);
            if (pending == null) {
                return 0;
            }
            pending.forEach(turn -> {
                inArrivalOrder.remove(turn.sequence());
                forget(turn);
            });
            afterRemoval();
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    private void unindex(PendingTurn turn) {
        forget(turn);
        ArrayDeque<PendingTurn> pending = bySession.get(turn.sessionId());
        // Turns leave a session oldest first, so this is the head in every path but removeSession.
        if (pending != null && pending.remove(turn) && pending.isEmpty()) {
            bySession.remove(turn.sessionId());
        }
    }

    private void forget(PendingTurn turn) {
        pendingIds.remove(key(turn.sessionId(), turn.turn().id()));
        bytes -= turn.bytes();
    }

    /** Session ids never contain NUL (checked on input), so this key is unambiguous. */
    private static String key(String sessionId, String turnId) {
        return sessionId + '\u0000' + turnId;
    }

    private void afterRemoval() {
        size.set(inArrivalOrder.size());
        if (droppedThisOverflow > 0 && inArrivalOrder.size() < capacity) {
            LOG.info("Outage buffer has room again; {} buffered turn(s) were dropped while it was full",
                    droppedThisOverflow);
            droppedThisOverflow = 0;
        }
    }

    /**
     * A buffered turn.
     *
     * @param sequence    its position in arrival order, unique within the buffer
     * @param sessionId   its session
     * @param turn        the turn
     * @param encodedTurn its stored JSON form
     * @param bytes       the UTF-8 length of {@code encodedTurn}
     */
    public record PendingTurn(long sequence, String sessionId, Interaction turn, String encodedTurn, long bytes) {
    }
}
