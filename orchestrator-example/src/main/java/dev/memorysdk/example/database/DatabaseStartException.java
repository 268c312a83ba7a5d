package dev.memorysdk.example.database;

/**
 * The app could not get a database to keep memory in: the embedded PostgreSQL did not start, its
 * data directory is in use or unusable, or {@code DATABASE_URL} could not be reached. The message
 * names the directory or database and what to do.
 */
public class DatabaseStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what failed and where. */
    public DatabaseStartException(String message) {
        super(message);
    }

    /** Creates an exception whose message says what failed and where, with its cause. */
    public DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
