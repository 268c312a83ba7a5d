package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.RestartablePostgres;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole fault run: 16 threads appending through a TCP proxy while the database restarts, its
 * backends are terminated, the network turns into a black hole, a failover points writes at a
 * read-only server, and a session row stays locked past the statement timeout. Afterwards every
 * acknowledged turn is stored, none twice, each session's turns in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultRunTest {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRunTest.class);
    private static final int THREADS = 16;
    private static final int TURNS_PER_SESSION = 200;
    private static final Duration PAUSE = Duration.ofMillis(3);
    private static final String TERMINATE_SDK_BACKENDS = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE application_name = 'memory-sdk' AND datname = current_database()";

    private RestartablePostgres postgres;
    private TestDatabase database;
    private TcpProxy proxy;

    @BeforeAll
    void start() {
        postgres = RestartablePostgres.start();
        database = postgres.database().withSchema();
        proxy = TcpProxy.start("localhost", postgres.port());
    }

    @AfterAll
    void stop() {
        proxy.close();
        postgres.close();
    }

    @Test
    void acknowledgedEqualsStoredWithNoDuplicatesAndOrderKeptThroughEveryFault() throws Exception {
        Set<String> acknowledged;
        int notAcknowledged;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(proxy.jdbcUrl(database.name()))
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(100_000).build()).build()) {
            try (AppendLoad load = AppendLoad.start(memory, "fault", THREADS, TURNS_PER_SESSION, PAUSE)) {
                load.awaitRecovered();

                postgres.stopServer();
                awaitBuffered(memory);
                postgres.startServer();
                load.awaitRecovered();
                LOG.info("restart survived, {} acknowledged so far", load.acknowledged().size());

                assertThat(database.queryLong(TERMINATE_SDK_BACKENDS)).as("backends terminated").isPositive();
                load.awaitRecovered();
                LOG.info("terminated backends survived, {} acknowledged so far", load.acknowledged().size());

                proxy.setMode(Mode.HANG);
                awaitBuffered(memory);
                proxy.setMode(Mode.FORWARD);
                load.awaitRecovered();
                LOG.info("black hole survived, {} acknowledged so far", load.acknowledged().size());

                readOnlyFailover(memory);
                load.awaitRecovered();
                LOG.info("read-only failover survived, {} acknowledged so far", load.acknowledged().size());

                lockContention(load);
                load.awaitRecovered();
                LOG.info("lock contention survived, {} acknowledged so far", load.acknowledged().size());
                acknowledged = load.acknowledged();
                notAcknowledged = load.notAcknowledged();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0
                    && memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(memory.healthCheck().details()).containsEntry("refusedWhenFull", 0L);
        }

        Map<String, List<String>> stored = FaultTestSettings.storedIds(database);
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        LOG.info("Fault run: acknowledged {}, not acknowledged {}, stored {} ({} distinct, {} duplicates)",
                acknowledged.size(), notAcknowledged, allStored.size(), distinctStored.size(),
                allStored.size() - distinctStored.size());

        assertThat(notAcknowledged).as("appends answered false or failed under BUFFER").isZero();
        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(FaultTestSettings.missing(distinctStored, acknowledged)).as("every acknowledged turn stored")
                .isEmpty();
        assertThat(FaultTestSettings.missing(acknowledged, distinctStored)).as("nothing stored that was not acknowledged")
                .isEmpty();
        stored.forEach((session, ids) -> assertThat(ids).as("order of " + session)
                .isSortedAccordingTo(FaultTestSettings::bySequence));
    }

    /** Stays in the fault until it has been noticed: appends are being buffered. */
    private static void awaitBuffered(PostgresMemoryManager memory) {
        await().atMost(Duration.ofSeconds(30)).until(() -> FaultTestSettings.bufferedInteractions(memory) >= 100);
    }

    /** The database turns read-only and drops its connections, as a failover to a standby would, then comes back. */
    private void readOnlyFailover(PostgresMemoryManager memory) throws Exception {
        try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " SET default_transaction_read_only = on");
            statement.execute(TERMINATE_SDK_BACKENDS);
            awaitBuffered(memory);
            statement.execute("SET default_transaction_read_only = off");
            statement.execute("ALTER DATABASE " + database.name() + " RESET default_transaction_read_only");
            statement.execute(TERMINATE_SDK_BACKENDS);
        }
    }

    /** Holds the row of a session thread 0 is writing to past several statement timeouts. */
    private void lockContention(AppendLoad load) throws Exception {
        String session = database.queryString("SELECT session_id FROM session_memory WHERE session_id LIKE 'fault-t0-%' "
                + "ORDER BY updated_at DESC LIMIT 1");
        int before = load.acknowledged().size();
        try (Connection lock = database.lockSessionRow(session)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged().size() >= before + 300);
            Thread.sleep(FaultTestSettings.STATEMENT_TIMEOUT.multipliedBy(3).toMillis());
            lock.rollback();
        }
    }
}
