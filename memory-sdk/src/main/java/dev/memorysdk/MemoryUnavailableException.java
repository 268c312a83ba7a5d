package dev.memorysdk;

/**
 * The database cannot be reached right now: it is down or too slow, or the circuit
 * breaker is open. Thrown under {@link FallbackPolicy#FAIL}; the other policies degrade instead.
 * Retrying later may succeed.
 */
public class MemoryUnavailableException extends MemoryException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the operation and session. */
    public MemoryUnavailableException(String message) {
        super(message);
    }

    /** Creates an exception with a message naming the operation and session, and its cause. */
    public MemoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
