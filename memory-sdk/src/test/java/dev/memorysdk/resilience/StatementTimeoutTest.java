package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault test 4: a statement slower than the statement timeout (an append waiting for a row lock
 * that another transaction holds) is cancelled by the driver and reported, not waited on, and not
 * retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementTimeoutTest {

    private static final Logger LOG = LoggerFactory.getLogger(StatementTimeoutTest.class);

    /** The statement timeout, plus room for the cancel round trip on a loaded machine; not two timeouts. */
    private static final Duration CANCELLED_WITHIN =
            FaultTestSettings.STATEMENT_TIMEOUT.plus(Duration.ofMillis(900));

    private TestDatabase database;

    @BeforeAll
    void createDatabase() {
        database = TestPostgres.createDatabase().withSchema();
    }

    @Test
    void appendBlockedLongerThanTheStatementTimeoutIsCancelledAndReportedUnderFail() throws Exception {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(database.jdbcUrl())
                .fallbackPolicy(FallbackPolicy.FAIL).build()).build()) {
            memory.addToMemory("locked-fail", FaultTestSettings.turn("before-lock"));
            MemoryUnavailableException failure;
            long elapsedMillis;
            try (Connection lockHolder = database.lockSessionRow("locked-fail")) {
                long started = System.nanoTime();
                failure = catchThrowableOfType(MemoryUnavailableException.class,
                        () -> memory.addToMemory("locked-fail", FaultTestSettings.turn("blocked")));
                elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                lockHolder.rollback();
            }
            LOG.info("Append blocked by a row lock answered after {} ms (statement timeout {} ms)", elapsedMillis,
                    FaultTestSettings.STATEMENT_TIMEOUT.toMillis());
            assertThat(failure).hasMessageContaining("append").hasMessageContaining("locked-fail");
            assertThat(TestDatabase.sqlStates(failure)).contains("57014");
            assertThat(elapsedMillis).as("ms until the caller got its answer")
                    .isGreaterThanOrEqualTo(FaultTestSettings.STATEMENT_TIMEOUT.toMillis() - 50)
                    .isLessThan(CANCELLED_WITHIN.toMillis());
            assertThat(storedIds("locked-fail")).as("the cancelled append left nothing behind")
                    .isEqualTo("before-lock");
        }
    }

    @Test
    void appendBlockedLongerThanTheStatementTimeoutIsBufferedAndWrittenOnceTheLockIsGone() throws Exception {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(database.jdbcUrl()).build()).build()) {
            memory.addToMemory("locked-buffer", FaultTestSettings.turn("before-lock"));
            try (Connection lockHolder = database.lockSessionRow("locked-buffer")) {
                long started = System.nanoTime();
                assertThat(memory.addToMemory("locked-buffer", FaultTestSettings.turn("blocked"))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CANCELLED_WITHIN);
                HealthStatus health = memory.healthCheck();
                assertThat(health.status()).isEqualTo(HealthStatus.Status.DEGRADED);
                assertThat(health.details()).containsEntry("bufferedInteractions", 1);
                assertThat(memory.getContext("locked-buffer")).extracting(Interaction::id)
                        .containsExactly("before-lock", "blocked");
                lockHolder.rollback();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(storedIds("locked-buffer")).isEqualTo("before-lock,blocked");
        }
    }

    @Test
    @Timeout(60)
    void contextReadBlockedByATableLockIsCancelledAndReportedUnderFail() throws Exception {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(database.jdbcUrl())
                .fallbackPolicy(FallbackPolicy.FAIL).build()).build()) {
            memory.addToMemory("table-locked", FaultTestSettings.turn("before-lock"));
            MemoryUnavailableException failure;
            try (Connection lockHolder = database.lockTable()) {
                failure = catchThrowableOfType(MemoryUnavailableException.class,
                        () -> memory.getContext("table-locked"));
                lockHolder.rollback();
            }
            assertThat(failure).as("the blocked read failed instead of waiting for the lock")
                    .hasMessageContaining("getContext");
            assertThat(TestDatabase.sqlStates(failure)).as("cancelled by the statement timeout").contains("57014");
            assertThat(memory.getContext("table-locked")).extracting(Interaction::id).containsExactly("before-lock");
        }
    }


    private String storedIds(String sessionId) {
        return database.queryString("SELECT string_agg(e ->> 'id', ',' ORDER BY ord) FROM session_memory, "
                + "jsonb_array_elements(history) WITH ORDINALITY AS t(e, ord) WHERE session_id = ?", sessionId);
    }
}
