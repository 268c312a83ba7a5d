package dev.memorysdk.internal.buffer;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A fixed set of locks, one per session id's hash stripe, so that writers of one session exclude
 * each other without a map that grows with the sessions. Thread-safe.
 */
final class SessionLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    SessionLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of the session's stripe. */
    ReentrantLock lockFor(String sessionId) {
        return stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
    }

    /** Runs {@code action} holding every stripe, taken in index order so that no two callers deadlock. */
    <T> T whileAllHeld(Supplier<T> action) {
        int held = 0;
        try {
            for (; held < STRIPES; held++) {
                stripes[held].lock();
            }
            return action.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                stripes[i].unlock();
            }
        }
    }
}
