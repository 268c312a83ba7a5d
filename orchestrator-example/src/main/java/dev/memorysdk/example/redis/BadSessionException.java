package dev.memorysdk.example.redis;

/** A Redis value that cannot become a session; the key is skipped. The message never holds user text. */
public final class BadSessionException extends Exception {

    private static final long serialVersionUID = 1L;

    BadSessionException(String problem) {
        super(problem);
    }
}
