package dev.memorysdk.internal.buffer;

import dev.memorysdk.Interaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted while the database was unavailable, in arrival order, bounded: when full, the
 * oldest turn is dropped to make room. Lives in process memory only. Thread-safe; the emptiness
 * check on the hot path takes no lock.
 */
public final class OutageBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(OutageBuffer.class);
    private static final long WARN_EVERY_N_DROPS = 1_000;

    private final int capacity;
    private final ArrayDeque<PendingTurn> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    public OutageBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a turn at the end; drops the oldest turn first when the buffer is full. */
    public void add(String sessionId, Interaction turn, String encodedTurn) {
        PendingTurn droppedTurn = null;
        lock.lock();
        try {
            if (queue.size() >= capacity) {
                droppedTurn = queue.pollFirst();
            }
            queue.addLast(new PendingTurn(sessionId, turn, encodedTurn));
            size.set(queue.size());
        } finally {
            lock.unlock();
        }
        if (droppedTurn != null) {
            long drops = dropped.incrementAndGet();
            if (drops == 1 || drops % WARN_EVERY_N_DROPS == 0) {
                LOG.warn("Outage buffer full ({} turns): dropped the oldest buffered turn (of session {}); "
                        + "{} dropped so far", capacity, droppedTurn.sessionId(), drops);
            }
        }
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

    /** Turns dropped because the buffer was full, since start. */
    public long droppedCount() {
        return dropped.get();
    }

    /** The session's buffered turns, oldest first. */
    public List<PendingTurn> pendingFor(String sessionId) {
        if (isEmpty()) {
            return List.of();
        }
        lock.lock();
        try {
            List<PendingTurn> pending = new ArrayList<>();
            for (PendingTurn turn : queue) {
                if (turn.sessionId().equals(sessionId)) {
                    pending.add(turn);
                }
            }
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** The sessions that have buffered turns, in the order their oldest turn arrived. */
    public List<String> sessionsInArrivalOrder() {
        lock.lock();
        try {
            Set<String> sessions = new LinkedHashSet<>();
            for (PendingTurn turn : queue) {
                sessions.add(turn.sessionId());
            }
            return new ArrayList<>(sessions);
        } finally {
            lock.unlock();
        }
    }

    /** Removes exactly these entries (those since dropped are ignored). */
    public void remove(Collection<PendingTurn> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        Set<PendingTurn> toRemove = Collections.newSetFromMap(new IdentityHashMap<>());
        toRemove.addAll(delivered);
        lock.lock();
        try {
            for (Iterator<PendingTurn> it = queue.iterator(); it.hasNext(); ) {
                if (toRemove.contains(it.next())) {
                    it.remove();
                }
            }
            size.set(queue.size());
        } finally {
            lock.unlock();
        }
    }

    /** Drops every buffered turn of the session; returns how many there were. */
    public int removeSession(String sessionId) {
        lock.lock();
        try {
            int before = queue.size();
            queue.removeIf(turn -> turn.sessionId().equals(sessionId));
            size.set(queue.size());
            return before - queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A buffered turn. Compared by identity: the same turn buffered twice is two entries.
     *
     * @param sessionId   its session
     * @param turn        the turn
     * @param encodedTurn its stored JSON form
     */
    public record PendingTurn(String sessionId, Interaction turn, String encodedTurn) {

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
