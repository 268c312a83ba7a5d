package dev.memorysdk;

/**
 * The database refuses the SDK's configuration: a wrong password ({@code 28P01}), a user not
 * allowed to log in ({@code 28000}), a database that does not exist ({@code 3D000}), or a missing
 * privilege ({@code 42501}). Retrying does not help until an operator changes the configuration or
 * the database, so this is thrown under every {@link FallbackPolicy}: nothing was stored, buffered
 * or acknowledged. The message names the operation and the server's own words, never a password.
 */
public class MemoryConfigurationException extends MemoryException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the operation and the server's cause. */
    public MemoryConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
