package dev.memorysdk.internal.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Sorts failures of database calls by SQLState and cause.
 *
 * <ul>
 *   <li>{@link FailureKind#TRANSIENT} (retried, counted by the breaker): connection loss (class
 *       {@code 08}), server shutdown or restart ({@code 57P01}-{@code 57P03}), a session ended by
 *       the server ({@code 57P05}), too many connections ({@code 53300}), serialization failures
 *       and deadlocks ({@code 40001}, {@code 40P01}), a write reaching a read-only server
 *       ({@code 25006}: during a failover, until connections reach the new primary), and HikariCP's connection acquisition timeout
 *       (a {@link SQLTransientConnectionException}), which is how a database that refuses
 *       connections shows up through the pool.</li>
 *   <li>{@link FailureKind#TIMEOUT} (counted, not retried, so a caller's wait stays bounded): a
 *       statement cancelled by the statement timeout ({@code 57014}) and a socket read timeout.</li>
 *   <li>{@link FailureKind#PERMANENT} (neither retried nor counted): a configuration the database
 *       refuses ({@link #isMisconfiguration}), wherever it is in the chain, and everything else, in particular
 *       data exceptions (class {@code 22}), integrity violations (class {@code 23}) and
 *       {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <p>The cause chain is walked outside in, so a MyBatis exception wrapping a driver exception is
 * classified by the driver exception. Stateless and thread-safe.
 */
public final class FailureClassifier {

    private static final Set<String> TRANSIENT_STATES =
            Set.of("57P01", "57P02", "57P03", "57P05", "53300", "40001", "40P01", "25006");
    private static final Set<String> MISCONFIGURATION_STATES = Set.of("28P01", "28000", "3D000", "42501");
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final String QUERY_CANCELED = "57014";
    private static final String DATA_EXCEPTION_CLASS = "22";
    private static final String INTEGRITY_VIOLATION_CLASS = "23";
    private static final String RAISED_BY_TRIGGER = "P0001";
    private static final int MAX_CAUSE_DEPTH = 16;

    private FailureClassifier() {
    }

    /** How the retry and the breaker treat {@code failure}. */
    public static FailureKind classify(Throwable failure) {
        if (failure instanceof IllegalArgumentException || isMisconfiguration(failure)) {
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

    /**
     * Whether the database refuses the SDK's configuration, anywhere in the cause chain (a pool's
     * acquisition timeout carries the last connection failure as its cause): a wrong password
     * ({@code 28P01}) or login ({@code 28000}), a missing database ({@code 3D000}), a missing
     * privilege ({@code 42501}). Permanent until an operator acts, so never an outage.
     */
    public static boolean isMisconfiguration(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && MISCONFIGURATION_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
     * Whether the database refused the data itself (SQLState class {@code 22}, data exception): the
     * one failure for which dropping a buffered turn is right, since writing it again fails again.
     * Refusals of any other kind (read-only, disk full, privileges, a missing table) end when an
     * operator acts, so they are not data refusals.
     */
    public static boolean isDataRefused(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.startsWith(DATA_EXCEPTION_CLASS) && classify(failure) == FailureKind.PERMANENT;
    }

    /**
     * Whether the database refused the statement for this session's row or turns: an integrity
     * violation (class {@code 23}, such as a check {@code 23514} or a unique {@code 23505}
     * constraint) or an exception raised by a trigger ({@code P0001}). Other sessions may still be
     * written, so a replay sets such a session aside rather than stopping.
     */
    public static boolean isSessionRefused(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith(INTEGRITY_VIOLATION_CLASS) || RAISED_BY_TRIGGER.equals(state))
                && classify(failure) == FailureKind.PERMANENT;
    }

    /**
     * A short description of a failure for messages: the first {@link SQLException} in the cause
     * chain (the driver's or the pool's own words), else the root cause, as class and message;
     * followed by the root cause when it says something else, since a pool's "connection is not
     * available" hides the server's reason (a wrong password, a refused port, an unknown host).
     * Driver and pool messages carry no password.
     */
    public static String describe(Throwable failure) {
        List<Throwable> chain = causes(failure);
        Throwable described = chain.get(chain.size() - 1);
        for (Throwable cause : chain) {
            if (cause instanceof SQLException) {
                described = cause;
                break;
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        String text = described.getClass().getSimpleName() + ": " + described.getMessage();
        if (root != described && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    /** Whether a {@link SQLException} with {@code sqlState} is in the failure's cause chain. */
    public static boolean hasSqlState(Throwable failure, String sqlState) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The first SQLState in the failure's cause chain, or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The failure and its causes, outside in, each once: a cause chain may loop back on itself. */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && chain.size() < MAX_CAUSE_DEPTH && seen.add(cause);
             cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
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
