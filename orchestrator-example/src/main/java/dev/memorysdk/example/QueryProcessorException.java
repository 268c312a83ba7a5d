package dev.memorysdk.example;

/**
 * A {@link QueryProcessor} could not produce an answer: the model endpoint refused the request,
 * answered something unreadable, or did not answer in time. The message says which, without
 * repeating the user's text.
 */
public class QueryProcessorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what failed. */
    public QueryProcessorException(String message) {
        super(message);
    }

    /** Creates an exception whose message says what failed, with its cause. */
    public QueryProcessorException(String message, Throwable cause) {
        super(message, cause);
    }
}
