package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.HealthStatus;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.StreamingReplica;
import dev.memorysdk.testsupport.TestDatabase;
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
 * A failover as an operator's tooling makes it: the primary is killed ({@code kill -9}) while 16
 * threads append at an orchestrator's pace, and its synchronous streaming standby is promoted
 * ({@code pg_promote()}). The SDK reaches both through one multi-host URL with
 * {@code targetServerType=primary}. Afterwards every acknowledged turn is on the new primary, none
 * twice, each session's turns in order; the SDK writes to the new primary again (health UP, outage
 * buffer empty) within {@link #CARRY_ON_BOUND} of the promotion, and the times are logged as the
 * figures docs/reliability.md gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverTest.class);
    private static final int THREADS = 16;
    private static final int TURNS_PER_SESSION = 200;
    /** One turn per thread every 20 ms: an orchestrator's pace. */
    private static final Duration PAUSE = Duration.ofMillis(20);
    /**
     * The longest the SDK may take, once the standby is promoted, to write to it again with these
     * settings (docs/reliability.md, "Failover"): the breaker's wait, HikariCP's reconnection backoff
     * (at most 5 s), a replay interval, and room for a loaded machine.
     */
    private static final Duration CARRY_ON_BOUND = Duration.ofSeconds(10);

    private StreamingReplica servers;

    @BeforeAll
    void startServers() {
        servers = StreamingReplica.start(Duration.ZERO);
        // Synchronous: a commit is acknowledged only once the standby has flushed it, so the promoted
        // standby holds every acknowledged turn. (Asynchronous replication may lose the last commits.)
        servers.primary().database().execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
        servers.primary().database().execute("SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(10)).until(() -> servers.primary().database()
                .queryLong("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") == 1);
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    /** Both servers in one URL, the primary first. */
    private String multiHostUrl() {
        return "jdbc:postgresql://localhost:" + servers.primary().port() + ",localhost:" + servers.standby().port()
                + "/postgres?targetServerType=primary";
    }

    @Test
    void promotingTheStandbyLosesNoAcknowledgedTurnAndTheSdkCarriesOnAgainstIt() {
        Set<String> acknowledged;
        int notAcknowledged;
        long killedAt;
        long promotedAt;
        long carriedOnAt;
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(FaultTestSettings
                .config(multiHostUrl())
                .maxContextLength(TURNS_PER_SESSION).bufferCapacity(100_000).build()).build()) {
            try (AppendLoad load = AppendLoad.start(memory, "failover", THREADS, TURNS_PER_SESSION, PAUSE)) {
                load.awaitRecovered();

                killedAt = System.nanoTime();
                servers.primary().killServer();
                servers.standby().database().queryString("SELECT pg_promote(true, 60)::text");
                promotedAt = System.nanoTime();
                await().atMost(CARRY_ON_BOUND).pollInterval(Duration.ofMillis(10))
                        .until(() -> memory.healthCheck().status() == HealthStatus.Status.UP
                                && FaultTestSettings.bufferedInteractions(memory) == 0);
                carriedOnAt = System.nanoTime();

                load.awaitRecovered();
                acknowledged = load.acknowledged();
                notAcknowledged = load.notAcknowledged();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
        }

        TestDatabase newPrimary = servers.standby().database();
        Map<String, List<String>> stored = FaultTestSettings.storedIds(newPrimary);
        List<String> allStored = stored.values().stream().flatMap(List::stream).toList();
        Set<String> distinctStored = new HashSet<>(allStored);
        LOG.info("Failover: promotion took {} ms after the kill; the SDK wrote to the new primary {} ms after the "
                        + "kill ({} ms after the promotion); acknowledged {}, not acknowledged {}, stored {} "
                        + "({} distinct, {} duplicates), acknowledged but missing {}",
                millis(promotedAt - killedAt), millis(carriedOnAt - killedAt), millis(carriedOnAt - promotedAt),
                acknowledged.size(), notAcknowledged, allStored.size(), distinctStored.size(),
                allStored.size() - distinctStored.size(),
                acknowledged.stream().filter(id -> !distinctStored.contains(id)).count());

        assertThat(allStored).as("no turn stored twice").hasSameSizeAs(distinctStored);
        assertThat(FaultTestSettings.missing(distinctStored, acknowledged)).as("every acknowledged turn on the new primary")
                .isEmpty();
        stored.forEach((session, ids) -> assertThat(ids).as("order of " + session)
                .isSortedAccordingTo(FaultTestSettings::bySequence));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
