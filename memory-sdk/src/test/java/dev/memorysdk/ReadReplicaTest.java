package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.StreamingReplica;
import dev.memorysdk.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Context reads through a real streaming standby that replays {@link #APPLY_DELAY} behind the
 * primary, with two managers writing and reading the same sessions as two instances of an
 * application would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplicaTest.class);

    /** The standby's replay delay: far longer than one write-then-read cycle, so its lag is certain. */
    private static final Duration APPLY_DELAY = Duration.ofMillis(100);
    private static final int CYCLES = 400;
    private static final int SESSIONS = 40;

    private StreamingReplica servers;

    @BeforeAll
    void startServers() {
        servers = StreamingReplica.start(APPLY_DELAY);
    }

    @AfterAll
    void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private PostgresMemoryManager manager() {
        return PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(servers.primary().jdbcUrl())
                .readJdbcUrl(servers.standby().jdbcUrl())
                .username(TestDatabase.USER)
                .connectionTimeout(Duration.ofMillis(500))
                .maxPoolSize(4).build())
                .build();
    }

    /**
     * Each cycle one instance appends to a session and the other reads it at once (the standby cannot
     * have it yet), then reads a session last written half a round of sessions earlier (the standby
     * may have it). Every read must hold the last turn acknowledged for its session.
     */
    @Test
    void aReadNeverMissesATurnAcknowledgedBeforeItAndTheReplicaServesWhatItHasCaughtUpWith() throws SQLException {
        try (PostgresMemoryManager first = manager(); PostgresMemoryManager second = manager();
             Connection standby = servers.standby().database().connect();
             PreparedStatement holds = standby.prepareStatement("SELECT count(*) FROM session_memory WHERE session_id = ? "
                     + "AND history @> jsonb_build_array(jsonb_build_object('id', ?::text))")) {
            PostgresMemoryManager[] instances = {first, second};
            Map<String, String> lastWritten = new HashMap<>();
            int reads = 0;
            int stale = 0;
            int standbyBehind = 0;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                String session = "replica-" + (cycle % SESSIONS);
                Interaction turn = Interaction.of("q" + cycle, "a" + cycle);
                assertThat(instances[cycle % 2].addToMemory(session, turn)).isTrue();
                lastWritten.put(session, turn.id());
                if (!standbyHolds(holds, session, turn.id())) {
                    standbyBehind++;
                }
                PostgresMemoryManager reader = instances[(cycle + 1) % 2];
                String older = "replica-" + ((cycle + SESSIONS / 2) % SESSIONS);
                for (String read : lastWritten.containsKey(older) ? List.of(session, older) : List.of(session)) {
                    reads++;
                    if (!lastId(reader.getContext(read, 1)).equals(lastWritten.get(read))) {
                        stale++;
                    }
                }
            }
            long servedWhileLagging = served(first) + served(second);

            servers.awaitCaughtUp(Duration.ofSeconds(10));
            for (Map.Entry<String, String> written : lastWritten.entrySet()) {
                for (PostgresMemoryManager instance : instances) {
                    reads++;
                    if (!lastId(instance.getContext(written.getKey(), 1)).equals(written.getValue())) {
                        stale++;
                    }
                }
            }
            long servedAfterCatchUp = served(first) + served(second) - servedWhileLagging;
            long served = servedWhileLagging + servedAfterCatchUp;
            LOG.info("{} write-then-read cycles across two managers, standby replaying {} ms late: {} stale reads of "
                            + "{}; the standby lacked the just-acknowledged turn in {} cycles; the replica served {} "
                            + "reads ({}%): {} of {} during the cycles, {} of {} after catching up",
                    CYCLES, APPLY_DELAY.toMillis(), stale, reads, standbyBehind, served, 100 * served / reads,
                    servedWhileLagging, reads - 2 * SESSIONS, servedAfterCatchUp, 2 * SESSIONS);

            assertThat(standbyBehind).as("cycles in which the standby lacked the acknowledged turn (lag is real)")
                    .isGreaterThan(CYCLES / 2);
            assertThat(stale).as("reads missing a turn acknowledged before they began").isZero();
            assertThat(servedAfterCatchUp).as("reads the caught-up replica served").isEqualTo(2L * SESSIONS);
        }
    }

    @Test
    void whileTheReplicaIsDownReadsComeFromThePrimaryAndHealthSaysSo() {
        try (PostgresMemoryManager memory = manager()) {
            Interaction turn = Interaction.of("q", "a");
            memory.addToMemory("replica-down", turn);
            assertThat(memory.healthCheck().status()).isEqualTo(HealthStatus.Status.UP);

            servers.standby().stopServer();
            try {
                assertThat(memory.getContext("replica-down")).containsExactly(turn);
                HealthStatus health = memory.healthCheck();
                assertThat(health.status()).isEqualTo(HealthStatus.Status.DEGRADED);
                assertThat(health.details()).containsEntry("database", "reachable")
                        .containsEntry("readReplica", "unreachable");
            } finally {
                servers.standby().startServer();
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            servers.awaitCaughtUp(Duration.ofSeconds(10));
            long servedBefore = served(memory);
            assertThat(memory.getContext("replica-down")).containsExactly(turn);
            assertThat(served(memory)).as("reads the replica served once back").isEqualTo(servedBefore + 1);
        }
    }

    /** Whether the standby has replayed {@code turnId}: asked on one connection, as a cycle is short. */
    private static boolean standbyHolds(PreparedStatement holds, String session, String turnId) throws SQLException {
        holds.setString(1, session);
        holds.setString(2, turnId);
        try (ResultSet count = holds.executeQuery()) {
            return count.next() && count.getLong(1) > 0;
        }
    }

    private static String lastId(List<Interaction> context) {
        return context.isEmpty() ? "<none>" : context.get(context.size() - 1).id();
    }

    private static long served(PostgresMemoryManager memory) {
        return (Long) memory.healthCheck().details().get("readReplica.served");
    }
}
