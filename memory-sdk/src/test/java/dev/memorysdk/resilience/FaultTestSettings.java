package dev.memorysdk.resilience;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

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

    /** Settings with the short timeouts, owning a pool to {@code jdbcUrl}. */
    static MemoryConfig.Builder config(String jdbcUrl) {
        return config().jdbcUrl(jdbcUrl).username(TestDatabase.USER);
    }

    /**
     * A builder with the short timeouts on a non-pooling data source to {@code jdbcUrl}: every call
     * connects afresh, so a test is not paced by the pool's reconnection backoff after an outage.
     */
    static PostgresMemoryManager.Builder unpooledBuilder(String jdbcUrl) {
        return unpooledBuilder(jdbcUrl, UnaryOperator.identity());
    }

    /** {@link #unpooledBuilder(String)} with {@code more} settings over the short timeouts. */
    static PostgresMemoryManager.Builder unpooledBuilder(String jdbcUrl, UnaryOperator<MemoryConfig.Builder> more) {
        return builderOn(unpooled(jdbcUrl), more);
    }

    /** A non-pooling data source to {@code jdbcUrl} with short connect and socket timeouts. */
    static DataSource unpooled(String jdbcUrl) {
        return ProxiedDatabase.unpooled(jdbcUrl);
    }

    /** A builder with the short timeouts on the given data source. */
    static PostgresMemoryManager.Builder builderOn(DataSource dataSource) {
        return builderOn(dataSource, UnaryOperator.identity());
    }

    /** A builder on the given data source with the short timeouts and {@code more} settings. */
    static PostgresMemoryManager.Builder builderOn(DataSource dataSource, UnaryOperator<MemoryConfig.Builder> more) {
        return PostgresMemoryManager.builder().dataSource(dataSource).config(more.apply(config()).build());
    }

    /** Settings with the short timeouts, for the application's data source. */
    static MemoryConfig.Builder config() {
        return MemoryConfig.custom()
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
        return database.storedTurnIdsBySession();
    }

    /**
     * The ids of {@code expected} that {@code present} lacks, in a hash lookup each: AssertJ's
     * {@code containsAll} compares every pair, minutes for the tens of thousands of turns of a run.
     */
    static List<String> missing(Set<String> present, Collection<String> expected) {
        return expected.stream().filter(id -> !present.contains(id)).toList();
    }

    /** Orders the ids AppendLoad writes ({@code t<thread>-<seq>}) by their sequence number. */
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
