package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An acknowledged turn is stored exactly once, in order, on the paths a caller meets when something
 * goes wrong: a resent batch, a retry during an outage, a replay the database refuses for a while, a
 * clear during an outage. Each test failed before the fix it names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();
    private PostgresMemoryManager memory;

    @AfterEach
    void closeMemory() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        readOnly(false);
        if (memory != null) {
            memory.close();
        }
    }

    /** A failover that points at a read-only server, as new connections see it: writes get 25006. */
    private static void readOnly(boolean readOnly) {
        try (Connection connection = PROXIED.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = off");
            statement.execute("ALTER DATABASE " + PROXIED.database().name()
                    + (readOnly ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private PostgresMemoryManager memory(FallbackPolicy policy, int maxContextLength) {
        PROXIED.proxy().setMode(Mode.FORWARD);
        memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()),
                config -> config.fallbackPolicy(policy).maxContextLength(maxContextLength)).build();
        return memory;
    }

    private static List<Interaction> turns(String prefix, int count) {
        Instant start = Instant.parse("2026-11-25T00:00:00Z").plusSeconds(System.currentTimeMillis() / 1000);
        List<Interaction> turns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            turns.add(new Interaction(prefix + i, "q" + i, "a" + i, start.plusSeconds(i)));
        }
        return turns;
    }

    private static List<String> storedIds(String session) {
        return FaultTestSettings.storedIds(PROXIED.database()).getOrDefault(session, List.of());
    }

    private static List<String> ids(String prefix, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    @Nested
    class ResentBatches {

        @Test
        void aBatchLongerThanTheCapSentTwiceKeepsItsLastTurnsInOrder() {
            PostgresMemoryManager memory = memory(FallbackPolicy.FAIL, 10);
            List<Interaction> batch = turns("resent-", 15);

            assertThat(memory.addAllToMemory("resent", batch)).isEqualTo(10);
            assertThat(memory.addAllToMemory("resent", batch)).isZero();

            assertThat(memory.getContext("resent", 10)).extracting(Interaction::query)
                    .containsExactly("q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15");
            assertThat(storedIds("resent")).isEqualTo(ids("resent-", 6, 15));
        }

        @Test
        void turnsOlderThanTheKeptWindowDoNotComeBackAsNew() {
            PostgresMemoryManager memory = memory(FallbackPolicy.FAIL, 10);
            List<Interaction> batch = turns("older-", 15);
            memory.addAllToMemory("older", batch);

            assertThat(memory.addAllToMemory("older", batch.subList(0, 8))).isZero();

            assertThat(storedIds("older")).isEqualTo(ids("older-", 6, 15));
        }

        @Test
        void aResentBatchWithNewTurnsAfterTheStoredOnesAppendsOnlyThose() {
            PostgresMemoryManager memory = memory(FallbackPolicy.FAIL, 10);
            List<Interaction> batch = turns("grown-", 12);
            memory.addAllToMemory("grown", batch.subList(0, 9));

            assertThat(memory.addAllToMemory("grown", batch)).isEqualTo(3);

            assertThat(storedIds("grown")).isEqualTo(ids("grown-", 3, 12));
        }
    }

    @Nested
    class DuringAnOutage {

        @Test
        void aTurnAddedTwiceWhileTheDatabaseIsGoneIsStoredOnce() {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            Interaction turn = turns("twice-", 1).get(0);
            PROXIED.proxy().setMode(Mode.DROP);

            assertThat(memory.addToMemory("twice", turn)).isTrue();
            assertThat(memory.addToMemory("twice", turn)).isTrue();
            assertThat(memory.addAllToMemory("twice", List.of(turn))).isEqualTo(1);
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(1);

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
            assertThat(storedIds("twice")).containsExactly("twice-1");
        }

        @Test
        void aReplayRefusedByAReadOnlyDatabaseKeepsTheBufferUntilItCanWrite() throws InterruptedException {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            PROXIED.proxy().setMode(Mode.DROP);
            for (Interaction turn : turns("ro-", 3)) {
                memory.addToMemory("read-only", turn);
            }
            readOnly(true);

            PROXIED.proxy().setMode(Mode.FORWARD);
            // Replays run every 100 ms and are refused with 25006 while the database is read-only.
            Thread.sleep(1_500);
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(3);

            readOnly(false);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
            assertThat(storedIds("read-only")).containsExactly("ro-1", "ro-2", "ro-3");
        }

        @Test
        void aReplayRefusedForAMissingTableKeepsTheBuffer() throws InterruptedException {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            PROXIED.proxy().setMode(Mode.DROP);
            for (Interaction turn : turns("gone-", 2)) {
                memory.addToMemory("table-gone", turn);
            }
            PROXIED.database().execute("ALTER TABLE session_memory RENAME TO session_memory_away");
            try {
                PROXIED.proxy().setMode(Mode.FORWARD);
                // Replays run every 100 ms and are refused with 42P01 while the table is away.
                Thread.sleep(1_500);
                assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(2);
            } finally {
                PROXIED.database().execute("ALTER TABLE session_memory_away RENAME TO session_memory");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
            assertThat(storedIds("table-gone")).containsExactly("gone-1", "gone-2");
        }

        @Test
        void aTurnTheDatabaseRefusesForItsDataIsDroppedAloneAndTheRestOfItsBatchIsWritten() {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            PROXIED.database().execute("""
                    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.history @> '[{"query": "poison"}]' THEN
                        RAISE EXCEPTION 'refused' USING ERRCODE = '22000';
                      END IF;
                      RETURN NEW;
                    END $$""");
            PROXIED.database().execute("CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON session_memory "
                    + "FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
            try {
                PROXIED.proxy().setMode(Mode.DROP);
                List<Interaction> turns = turns("p-", 5);
                turns.set(2, new Interaction("p-3", "poison", "a", turns.get(2).timestamp()));
                turns.forEach(turn -> memory.addToMemory("poisoned", turn));
                PROXIED.proxy().setMode(Mode.FORWARD);

                await().atMost(Duration.ofSeconds(20)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
                assertThat(storedIds("poisoned")).containsExactly("p-1", "p-2", "p-4", "p-5");
                assertThat(memory.healthCheck().details()).containsEntry("refusedWhenFull", 0L);
            } finally {
                PROXIED.database().execute("DROP TRIGGER refuse_poison ON session_memory");
                PROXIED.database().execute("DROP FUNCTION refuse_poison()");
            }
        }

        @Test
        void aSessionWhoseRowStaysLockedDoesNotStallTheReplayOfTheOthers() throws Exception {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            memory.addToMemory("locked", turns("locked-", 1).get(0));
            PROXIED.proxy().setMode(Mode.DROP);
            memory.addToMemory("locked", turns("locked-", 2).get(1));
            memory.addToMemory("free", turns("free-", 1).get(0));

            try (Connection lock = PROXIED.database().lockSessionRow("locked")) {
                PROXIED.proxy().setMode(Mode.FORWARD);
                await().atMost(Duration.ofSeconds(20)).until(() -> storedIds("free").equals(List.of("free-1")));
                assertThat(storedIds("locked")).containsExactly("locked-1");
                lock.rollback();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);
            assertThat(storedIds("locked")).containsExactly("locked-1", "locked-2");
        }

        @Test
        void bufferedTurnsExpireByTheSessionsOwnTtl() {
            PROXIED.proxy().setMode(Mode.FORWARD);
            memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()),
                    config -> config.bufferReplayInterval(Duration.ofMinutes(10))).build();
            memory.setSessionTtl("short-ttl", Duration.ofHours(1));
            PROXIED.proxy().setMode(Mode.DROP);
            Instant now = Instant.now();
            memory.addToMemory("short-ttl", new Interaction("old", "q-old", "a", now.minus(Duration.ofHours(2))));
            memory.addToMemory("short-ttl", new Interaction("new", "q-new", "a", now));
            PROXIED.proxy().setMode(Mode.FORWARD);

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "CLOSED".equals(
                    FaultTestSettings.breakerState(memory.healthCheck())));
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(2);
            assertThat(memory.getContext("short-ttl")).extracting(Interaction::id).containsExactly("new");
        }

        @Test
        void clearMemoryThatCannotReachTheDatabaseThrowsWhateverThePolicy() {
            for (FallbackPolicy policy : FallbackPolicy.values()) {
                PostgresMemoryManager memory = memory(policy, 50);
                memory.addToMemory("clear-" + policy, turns("c-", 1).get(0));
                PROXIED.proxy().setMode(Mode.DROP);

                assertThatThrownBy(() -> memory.clearMemory("clear-" + policy))
                        .as(policy.name())
                        .isInstanceOf(MemoryUnavailableException.class)
                        .hasMessageContaining("clearMemory for session clear-" + policy);

                PROXIED.proxy().setMode(Mode.FORWARD);
                assertThat(storedIds("clear-" + policy)).as(policy.name()).containsExactly("c-1");
                memory.close();
            }
        }
    }

    @Nested
    class RejectedUpFront {

        @Test
        void aNulInsideAMetadataArrayIsRejectedBeforeAnythingIsBuffered() {
            PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER, 50);
            PROXIED.proxy().setMode(Mode.DROP);
            Interaction turn = turns("nul-", 1).get(0)
                    .withMetadata(Map.of("tags", new String[] {"fine", "bad\u0000tag"}));

            assertThatThrownBy(() -> memory.addToMemory("nul", turn))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metadata")
                    .hasMessageContaining("NUL");
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isZero();
        }

        @Test
        void aNulInsideAMetadataRecordIsRejected() {
            PostgresMemoryManager memory = memory(FallbackPolicy.FAIL, 50);
            record Usage(String model, int tokens) {
            }
            Interaction turn = turns("rec-", 1).get(0).withMetadata(Map.of("usage", new Usage("gpt\u0000x", 3)));

            assertThatThrownBy(() -> memory.addToMemory("rec", turn))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metadata");
            assertThatThrownBy(() -> memory.async().addToMemory("rec", turn))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metadata");
            assertThat(storedIds("rec")).isEmpty();
        }
    }
}
