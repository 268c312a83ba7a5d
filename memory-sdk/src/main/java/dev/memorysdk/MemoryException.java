package dev.memorysdk;

/**
 * A failure on the database side (not of the caller's input): the database refused or
 * failed an operation. The message names the operation and the session.
 *
 * <p>Invalid input is reported with {@link IllegalArgumentException} instead.
 */
public class MemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the operation and session. */
    public MemoryException(String message) {
        super(message);
    }

    /** Creates an exception with a message naming the operation and session, and its cause. */
    public MemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
