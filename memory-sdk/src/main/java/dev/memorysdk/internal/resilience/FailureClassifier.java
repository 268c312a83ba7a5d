package dev.memorysdk.internal.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Sorts failures of database calls by SQLState and cause.
 *
 * <ul>
 *   <li>{@link FailureKind#TRANSIENT} (retried, counted by the breaker): connection loss (class
 *       {@code 08}), server shutdown or restart ({@code 57P01}-{@code 57P03}), a session ended by
 *       the server ({@code 57P05}), too many connections ({@code 53300}), serialization failures
 *       and deadlocks ({@code 40001}, {@code 40P01}), and HikariCP's connection acquisition timeout
 *       (a {@link SQLTransientConnectionException}), which is how a database that refuses
 *       connections shows up through the pool.</li>
 *   <li>{@link FailureKind#TIMEOUT} (counted, not retried, so a caller's wait stays bounded): a
 *       statement cancelled by the statement timeout ({@code 57014}) and a socket read timeout.</li>
 *   <li>{@link FailureKind#PERMANENT} (neither retried nor counted): everything else, in particular
 *       data exceptions (class {@code 22}), integrity violations (class {@code 23}) and
 *       {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <p>The cause chain is walked outside in, so a MyBatis exception wrapping a driver exception is
 * classified by the driver exception. Stateless and thread-safe.
 */
public final class FailureClassifier {

    private static final Set<String> TRANSIENT_STATES =
            Set.of("57P01", "57P02", "57P03", "57P05", "53300", "40001", "40P01");
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final String QUERY_CANCELED = "57014";
    private static final int MAX_CAUSE_DEPTH = 16;

    private FailureClassifier() {
    }

    /** How the retry and the breaker treat {@code failure}. */
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

    /** Whether another attempt may succeed: transient, and not a rejection by an open breaker. */
    public static boolean isRetryable(Throwable failure) {
        return !(failure instanceof CallNotPermittedException) && classify(failure) == FailureKind.TRANSIENT;
    }

    /**
     * Whether the database itself answered with an error that retrying will not change (a SQLState
     * outside the transient and timeout ones), as opposed to a failure on the client side.
     */
    public static boolean isRefusedByDatabase(Throwable failure) {
        if (classify(failure) != FailureKind.PERMANENT) {
            return false;
        }
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
            if (current instanceof SQLException sql && sql.getSQLState() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A short description of a failure for messages: the first {@link SQLException} in the cause
     * chain (the driver's or the pool's own words), else the root cause, as class and message.
     */
    public static String describe(Throwable failure) {
        Throwable described = failure;
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            described = cause;
            if (cause instanceof SQLException) {
                break;
            }
        }
        return described.getClass().getSimpleName() + ": " + described.getMessage();
    }

    private static FailureKind classifyOne(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (failure instanceof SQLTransientConnectionException) {
            // HikariCP's "Connection is not available, request timed out": no connection could be
            // had within connectionTimeout, typically because the database refuses or drops them.
            return FailureKind.TRANSIENT;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (QUERY_CANCELED.equals(state)) {
                return FailureKind.TIMEOUT;
            }
            if (state.startsWith(CONNECTION_EXCEPTION_CLASS) || TRANSIENT_STATES.contains(state)) {
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
