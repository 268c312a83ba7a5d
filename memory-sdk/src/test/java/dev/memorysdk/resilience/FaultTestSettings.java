package dev.memorysdk.resilience;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Short timeouts for fault tests, so an outage is noticed, and recovered from, in about a second,
 * and the bound on one call that these settings imply.
 */
final class FaultTestSettings {

    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration WAIT_IN_OPEN_STATE = Duration.ofMillis(500);
    static final Duration REPLAY_INTERVAL = Duration.ofMillis(100);
    static final int RETRY_MAX_ATTEMPTS = 3;
    static final Duration RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);

    /**
     * The longest one call may take with these settings, as docs/reliability.md gives it:
     * attempts x (connectionTimeout + validation + statementTimeout + 2 s) + the jittered backoffs.
     */
    static final Duration CALL_BOUND = bound();

    /**
     * The longest {@code close()} may take with these settings, as docs/reliability.md gives it:
     * 2 x statementTimeout for calls in flight, as much for a running replay, then the last
     * replay's first statement (one call).
     */
    static final Duration CLOSE_BOUND = STATEMENT_TIMEOUT.multipliedBy(4).plus(CALL_BOUND);

    private FaultTestSettings() {
    }

    /** A builder with the short timeouts, owning a pool to {@code jdbcUrl}. */
    static PostgresMemoryManager.Builder builder(String jdbcUrl) {
        return withShortTimeouts(PostgresMemoryManager.builder().jdbcUrl(jdbcUrl).username(TestDatabase.USER));
    }

    /**
     * A builder with the short timeouts on a non-pooling data source to {@code jdbcUrl}: every call
     * connects afresh, so a test is not paced by the pool's reconnection backoff after an outage.
     */
    static PostgresMemoryManager.Builder unpooledBuilder(String jdbcUrl) {
        return builderOn(unpooled(jdbcUrl));
    }

    /** A non-pooling data source to {@code jdbcUrl} with short connect and socket timeouts. */
    static PGSimpleDataSource unpooled(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(TestDatabase.USER);
        dataSource.setConnectTimeout(1);
        dataSource.setSocketTimeout(3);
        return dataSource;
    }

    /** A builder with the short timeouts on the given data source. */
    static PostgresMemoryManager.Builder builderOn(DataSource dataSource) {
        return withShortTimeouts(PostgresMemoryManager.builder().dataSource(dataSource));
    }

    private static PostgresMemoryManager.Builder withShortTimeouts(PostgresMemoryManager.Builder builder) {
        return builder
                .connectionTimeout(CONNECTION_TIMEOUT)
                .statementTimeout(STATEMENT_TIMEOUT)
                .circuitBreakerWaitInOpenState(WAIT_IN_OPEN_STATE)
                .bufferReplayInterval(REPLAY_INTERVAL)
                .retryMaxAttempts(RETRY_MAX_ATTEMPTS)
                .retryInitialBackoff(RETRY_INITIAL_BACKOFF);
    }

    static Interaction turn(String id) {
        return new Interaction(id, "query " + id, "answer " + id, Instant.now());
    }

    static int bufferedInteractions(MemoryManager memory) {
        return (Integer) memory.healthCheck().details().get("bufferedInteractions");
    }

    static String breakerState(HealthStatus health) {
        return (String) health.details().get("circuitBreaker");
    }

    /** Every stored turn id, per session, in stored order. */
    static Map<String, List<String>> storedIds(TestDatabase database) {
        Map<String, List<String>> ids = new HashMap<>();
        String sessions = database.queryString("SELECT string_agg(session_id, ',') FROM session_memory");
        if (sessions == null) {
            return ids;
        }
        for (String session : sessions.split(",")) {
            String stored = database.queryString(
                    "SELECT string_agg(e ->> 'id', ',' ORDER BY ord) FROM session_memory, "
                            + "jsonb_array_elements(history) WITH ORDINALITY AS t(e, ord) WHERE session_id = ?",
                    session);
            ids.put(session, stored == null ? List.of() : List.of(stored.split(",")));
        }
        return ids;
    }

    /** Orders the ids AppendLoad writes ({@code t<thread>-<seq>}) by their sequence number. */
    /**
     * The ids of {@code expected} that {@code present} lacks, in a hash lookup each: AssertJ's
     * {@code containsAll} compares every pair, minutes for the tens of thousands of turns of a run.
     */
    static List<String> missing(Set<String> present, Collection<String> expected) {
        return expected.stream().filter(id -> !present.contains(id)).toList();
    }

    static int bySequence(String left, String right) {
        return Integer.compare(sequence(left), sequence(right));
    }

    private static int sequence(String id) {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    private static Duration bound() {
        Duration validation = CONNECTION_TIMEOUT.compareTo(Duration.ofSeconds(1)) < 0
                ? CONNECTION_TIMEOUT : Duration.ofSeconds(1);
        Duration attempt = CONNECTION_TIMEOUT.plus(validation).plus(STATEMENT_TIMEOUT).plusSeconds(2);
        Duration backoffs = Duration.ZERO;
        for (int retry = 0; retry < RETRY_MAX_ATTEMPTS - 1; retry++) {
            backoffs = backoffs.plus(RETRY_INITIAL_BACKOFF.multipliedBy(1L << retry).multipliedBy(3).dividedBy(2));
        }
        return attempt.multipliedBy(RETRY_MAX_ATTEMPTS).plus(backoffs);
    }
}
