package dev.memorysdk.internal.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Sorts failures of database calls by SQLState and cause: connection loss and server shutdown
 * (class {@code 08}, {@code 57P01}-{@code 57P03}) and serialization failures or deadlocks
 * ({@code 40001}, {@code 40P01}) are transient; a cancelled statement ({@code 57014}), a socket
 * read timeout or the pool's acquisition timeout are timeouts; everything else (data exceptions
 * {@code 22}, integrity violations {@code 23}, invalid arguments) is permanent.
 */
public final class FailureClassifier {

    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01");
    private static final String QUERY_CANCELED = "57014";
    private static final int MAX_CAUSE_DEPTH = 16;

    private FailureClassifier() {
    }

    public static FailureKind classify(Throwable failure) {
        if (failure instanceof IllegalArgumentException) {
            return FailureKind.PERMANENT;
        }
        if (failure instanceof CallNotPermittedException) {
            return FailureKind.TRANSIENT;
        }
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
            FailureKind kind = classifyOne(current);
            if (kind != null) {
                return kind;
            }
        }
        return FailureKind.PERMANENT;
    }

    /** Whether the failure means the database is (for now) unavailable: transient or timed out. */
    public static boolean isUnavailable(Throwable failure) {
        return classify(failure) != FailureKind.PERMANENT;
    }

    public static boolean isRetryable(Throwable failure) {
        return !(failure instanceof CallNotPermittedException) && classify(failure) == FailureKind.TRANSIENT;
    }

    private static FailureKind classifyOne(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (failure instanceof SQLTransientConnectionException) {
            // HikariCP's "Connection is not available, request timed out": the wait already happened.
            return FailureKind.TIMEOUT;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (QUERY_CANCELED.equals(state)) {
                return FailureKind.TIMEOUT;
            }
            if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
                return hasSocketTimeoutCause(sql) ? FailureKind.TIMEOUT : FailureKind.TRANSIENT;
            }
            return FailureKind.PERMANENT;
        }
        return null;
    }

    private static boolean hasSocketTimeoutCause(Throwable failure) {
        Throwable current = failure.getCause();
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
            if (current instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
