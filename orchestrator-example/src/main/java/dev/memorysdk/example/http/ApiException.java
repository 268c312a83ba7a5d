package dev.memorysdk.example.http;

/** A request the API answers with a client error: the status and a message naming the problem. */
final class ApiException extends RuntimeException {

    /** The message of every 503 about memory. */
    static final String MEMORY_UNAVAILABLE = "memory is unavailable, try again later";

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 503: memory cannot answer now, and retrying later is worthwhile. */
    static ApiException memoryUnavailable() {
        return new ApiException(503, MEMORY_UNAVAILABLE);
    }
}
