package dev.memorysdk.example;

/**
 * A {@link QueryProcessor} could not produce an answer: the model endpoint refused the request,
 * answered something unreadable, or did not answer in time. The message says which, without
 * repeating the user's text.
 */
public class QueryProcessorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@link #reason()} of an exception created without one. */
    public static final String UNSPECIFIED = "failed";

    private final String reason;

    /** Creates an exception whose message says what failed. */
    public QueryProcessorException(String message) {
        this(UNSPECIFIED, message, null);
    }

    /** Creates an exception whose message says what failed, with its cause. */
    public QueryProcessorException(String message, Throwable cause) {
        this(UNSPECIFIED, message, cause);
    }

    /**
     * Creates an exception with a short {@code reason} for logs and metrics ("connection refused",
     * "timeout", "HTTP 401", "malformed answer"), a message that says more, and its cause (may be null).
     */
    public QueryProcessorException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null || reason.isBlank() ? UNSPECIFIED : reason;
    }

    /** Which kind of failure this is, in a few words that carry no URL, key or user text. */
    public String reason() {
        return reason;
    }
}
