package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cleanup reports the sessions it deleted when a DELETE committed, its reply was lost on the way
 * (held by the proxy, then the connection dropped) and the SDK retried. The DELETE is held on a row
 * lock until the proxy holds replies, so the loss falls after the commit every time.
 */
class LostCleanupReplyTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    private static final int EXPIRED = 5;

    @Test
    void aRetriedDeleteWhoseFirstReplyWasLostReportsWhatTheFirstDeleted() throws Exception {
        TestDatabase direct = PROXIED.database();
        direct.update("INSERT INTO session_memory (session_id, updated_at) "
                + "SELECT 'expired-' || g, now() - interval '2 hours' FROM generate_series(1, " + EXPIRED + ") AS g");
        try (PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(direct.name()), config -> config
                .statementTimeout(Duration.ofSeconds(10)).fallbackPolicy(FallbackPolicy.FAIL)
                .ttl(Duration.ofHours(1))).build()) {
            CompletableFuture<Integer> cleanup;
            try (Connection lock = direct.lockSessionRow("expired-1")) {
                cleanup = CompletableFuture.supplyAsync(memory::cleanupExpiredSessions);
                awaitTrue(() -> direct.queryLong("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE%'") == 1);
                PROXIED.proxy().setMode(Mode.HANG);
                lock.rollback();
            }
            awaitTrue(() -> direct.queryLong("SELECT count(*) FROM session_memory") == 0);
            PROXIED.proxy().setMode(Mode.DROP);
            PROXIED.proxy().setMode(Mode.FORWARD);

            assertThat(cleanup.get(20, TimeUnit.SECONDS)).as("sessions reported deleted").isEqualTo(EXPIRED);
        } finally {
            PROXIED.proxy().setMode(Mode.FORWARD);
        }
    }

    /** Polls the database's own state (no timing assumption): up to 10 s. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the database did not reach the expected state within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
