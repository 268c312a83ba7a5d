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
 * JSON). A turn in the buffer has been acknowledged to its caller, so it is never dropped to make
 * room: when new turns do not fit, they are refused (not acknowledged), counted
 * ({@link #refusedWhenFullCount()}) and warned about once per overflow. A turn whose id is already
 * buffered for its session is not buffered again (a caller's retry during an outage). Turns are
 * indexed by session, so asking whether a session has buffered turns costs no scan. Lives in process
 * memory only. Thread-safe; the emptiness check on the hot path takes no lock.
 */
public final class OutageBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(OutageBuffer.class);

    private final int capacity;
    private final long maxBytes;
    private final Set<String> pendingIds = new HashSet<>();
    private long bytes;
    private final TreeMap<Long, PendingTurn> inArrivalOrder = new TreeMap<>();
    private final Map<String, ArrayDeque<PendingTurn>> bySession = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong refusedWhenFull = new AtomicLong();
    private long nextSequence;
    private boolean overflowing;
    private boolean sealed;

    /**
     * @param capacity most turns held
     * @param maxBytes most bytes held, counted as the UTF-8 length of the turns' stored JSON
     */
    public OutageBuffer(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one turn at the end, as {@link #addAll} does.
     *
     * @return true if the turn is buffered after the call (now or before); false if the buffer is full
     */
    public boolean add(String sessionId, Interaction turn, String encodedTurn) {
        return addAll(sessionId, List.of(turn), List.of(encodedTurn));
    }

    /**
     * Adds the session's turns at the end, in order, all or none: turns already buffered for the
     * session are skipped, and if the others do not fit within the capacity and the byte bound,
     * none is added and they are counted as refused. Turns already buffered are never dropped.
     *
     * @return true if every turn is buffered after the call; false if they were refused for room or
     *     the buffer is {@link #seal() sealed}
     */
    public boolean addAll(String sessionId, List<Interaction> turns, List<String> encodedTurns) {
        List<PendingTurn> fresh = new ArrayList<>(turns.size());
        long freshBytes = 0;
        boolean warn;
        lock.lock();
        try {
            if (sealed) {
                return false;
            }
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < turns.size(); i++) {
                String key = key(sessionId, turns.get(i).id());
                if (!pendingIds.contains(key) && keys.add(key)) {
                    long turnBytes = StorableText.utf8Length(encodedTurns.get(i));
                    fresh.add(new PendingTurn(0, sessionId, turns.get(i), encodedTurns.get(i), turnBytes));
                    freshBytes += turnBytes;
                }
            }
            if (inArrivalOrder.size() + fresh.size() <= capacity && bytes + freshBytes <= maxBytes) {
                fresh.forEach(this::append);
                return true;
            }
            refusedWhenFull.addAndGet(fresh.size());
            warn = !overflowing;
            overflowing = true;
        } finally {
            lock.unlock();
        }
        if (warn) {
            LOG.warn("Outage buffer full ({} turns or {} bytes): new turns are refused (not acknowledged) until "
                    + "it has room; every turn already buffered is kept; {} refused since start",
                    capacity, maxBytes, refusedWhenFull.get());
        }
        return false;
    }

    /**
     * Takes no more turns: {@link #addAll} refuses every later one. What is buffered stays, for a
     * last replay that no new turn can slip in behind.
     */
    public void seal() {
        lock.lock();
        try {
            sealed = true;
        } finally {
            lock.unlock();
        }
    }

    private void append(PendingTurn unsequenced) {
        PendingTurn pending = new PendingTurn(nextSequence++, unsequenced.sessionId(), unsequenced.turn(),
                unsequenced.encodedTurn(), unsequenced.bytes());
        pendingIds.add(key(pending.sessionId(), pending.turn().id()));
        inArrivalOrder.put(pending.sequence(), pending);
        bySession.computeIfAbsent(pending.sessionId(), id -> new ArrayDeque<>()).addLast(pending);
        bytes += pending.bytes();
        size.set(inArrivalOrder.size());
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

    /** Turns refused (not acknowledged) because the buffer was full, since start. */
    public long refusedWhenFullCount() {
        return refusedWhenFull.get();
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
        if (overflowing && inArrivalOrder.size() < capacity) {
            LOG.info("Outage buffer has room again; {} new turn(s) refused while full since start",
                    refusedWhenFull.get());
            overflowing = false;
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
