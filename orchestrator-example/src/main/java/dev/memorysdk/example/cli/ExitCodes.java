package dev.memorysdk.example.cli;

import dev.memorysdk.MemoryException;
import dev.memorysdk.example.QueryProcessorException;
import dev.memorysdk.example.database.DatabaseStartException;

/** The app's exit codes, for scripts. Documented in {@code docs/integration.md} and {@code --help}. Constants only. */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** An unexpected failure (a bug): the message and the log say more. */
    public static final int FAILURE = 1;
    /** Bad flags, arguments or configuration (environment variables): the message names the problem. */
    public static final int USAGE = 2;
    /** No database: the embedded one did not start, or {@code DATABASE_URL} could not be reached. */
    public static final int DATABASE_UNAVAILABLE = 3;
    /** The query processor failed (for example the model endpoint refused or timed out). */
    public static final int QUERY_PROCESSOR_FAILED = 4;

    private ExitCodes() {
    }

    /** The exit code for a command that ended with {@code failure}. */
    static int of(Throwable failure) {
        if (failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof DatabaseStartException || failure instanceof MemoryException) {
            return DATABASE_UNAVAILABLE;
        }
        if (failure instanceof QueryProcessorException) {
            return QUERY_PROCESSOR_FAILED;
        }
        return FAILURE;
    }
}
