package dev.memorysdk.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets calls in until it is closed, and counts those in flight so that closing can wait for them:
 * after {@link #closeAndAwait} no call starts, and the ones that had started have ended (or the
 * wait ran out). Thread-safe.
 */
final class CallGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean closed;

    /**
     * Runs {@code call} as one call in flight.
     *
     * @throws IllegalStateException if the gate is closed; {@code call} is not run then
     */
    <T> T call(Supplier<T> call) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("this memory manager is closed");
            }
            return call.get();
        } finally {
            if (inFlight.decrementAndGet() == 0 && closed) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    /**
     * Closes the gate and waits up to {@code timeoutMillis} for the calls in flight to end.
     *
     * @return how many calls were still in flight when the wait ended
     */
    int closeAndAwait(long timeoutMillis) {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return inFlight.get();
    }
}
