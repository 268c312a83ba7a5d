package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The memory contract: what every deployment of the SDK must do, whatever options it runs with. One
 * concrete class per run names the deployment ({@link #deploy}) and the options ({@link #options});
 * each run takes a fresh database, shares the JVM's servers, and empties the table between tests.
 * Checks of what is stored go through the owner's view of the database ({@link #database}), and a
 * check of raw stored text goes through {@link #assertStoredAs}, which knows what encryption makes of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MemoryContract {

    /** The run's deployment, as {@link #deploy} made it. */
    Deployment deployment;
    /** The run's database as its owner sees it directly, in the run's tenant when it has one. */
    TestDatabase database;
    /** The manager under test. */
    PostgresMemoryManager memory;

    /**
     * Makes the run's deployment: a fresh database with the migrations applied, reachable as every
     * role of {@code options}; skips the run (JUnit assumption) when a binary it needs is missing.
     */
    abstract Deployment deploy(ContractOptions options);

    /** The run's options; every option at its default unless a run says otherwise. */
    ContractOptions options() {
        return ContractOptions.DEFAULTS;
    }

    @BeforeAll
    void startRun() {
        deployment = deploy(options());
        options().prepare(deployment.database());
        deployment.awaitReplicated();
        database = options().ownerView(deployment.database());
        // The application's role of a tenant run may not change the schema; the owner applied it.
        memory = manager(config -> config.initializeSchema(!options().tenant()));
    }

    /** A new manager of this run (deployment and options), with {@code settings} applied last; the caller closes it. */
    PostgresMemoryManager manager(UnaryOperator<MemoryConfig.Builder> settings) {
        MemoryConfig config = settings.apply(options().apply(deployment.connect(options().role()))).build();
        return options().apply(PostgresMemoryManager.builder()).config(config).build();
    }

    @AfterAll
    void stopRun() {
        // Null when the run was skipped (a missing system binary): the skip must stay a skip.
        if (memory != null) {
            memory.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @BeforeEach
    void emptyTable() {
        deployment.emptyTable();
    }

    /**
     * Checks the session's stored turn at {@code index} (negative from the end) in the table's JSON:
     * its id in clear, its query and answer through {@link #assertStoredAs}.
     */
    void assertStoredElement(String session, int index, Interaction written) {
        String element = "SELECT history -> ? ->> ? FROM session_memory WHERE session_id = ?";
        assertThat(database.queryString(element, index, "id", session)).isEqualTo(written.id());
        assertStoredAs(database.queryString(element, index, "query", session), written.query());
        assertStoredAs(database.queryString(element, index, "answer", session), written.answer());
    }

    /**
     * Checks a text value as stored in the table's JSON against what was written: the same text in
     * clear, or, with encryption, a sealed value that does not contain it.
     */
    void assertStoredAs(String stored, String written) {
        if (options().encryption()) {
            assertThat(stored).as("a sealed value").isNotNull().doesNotContain(written);
        } else {
            assertThat(stored).isEqualTo(written);
        }
    }

    private static String session() {
        return "session-" + UUID.randomUUID();
    }

    /** {@code count} new turns, oldest first, whose queries are {@code prefix + 1} to {@code prefix + count}. */
    private static List<Interaction> turns(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> Interaction.of(prefix + i, "a" + i)).toList();
    }

    private static Interaction turn(String query, String answer, Instant timestamp) {
        return new Interaction(UUID.randomUUID().toString(), query, answer, timestamp);
    }

    @Nested
    class Appending {

        @Test
        void storesSeveralInteractionsInOrder() {
            String session = session();
            for (int i = 1; i <= 3; i++) {
                assertThat(memory.addToMemory(session, "q" + i, "a" + i)).isTrue();
            }
            assertThat(memory.getContext(session)).extracting(Interaction::query).containsExactly("q1", "q2", "q3");
            assertThat(memory.getContext(session)).extracting(Interaction::answer).containsExactly("a1", "a2", "a3");
        }

        @Test
        void keepsOnlyTheLastMaxContextLengthInteractions() {
            String session = session();
            for (int i = 1; i <= 55; i++) {
                memory.addToMemory(session, "q" + i, "a" + i);
            }
            assertThat(memory.getSessionStats(session)).map(SessionStats::historyLength).contains(50);
            List<Interaction> all = memory.getContext(session, 100);
            assertThat(all).hasSize(50);
            assertThat(all.get(0).query()).isEqualTo("q6");
            assertThat(all.get(49).query()).isEqualTo("q55");
        }

        @Test
        void reAddingTheSameInteractionStoresItOnce() {
            String session = session();
            Interaction interaction = Interaction.of("what is 2+2?", "4");
            assertThat(memory.addToMemory(session, interaction)).isTrue();
            assertThat(memory.addToMemory(session, interaction)).isTrue();
            assertThat(memory.getContext(session, 10)).containsExactly(interaction);
            assertThat(memory.getSessionStats(session)).map(SessionStats::historyLength).contains(1);
        }

        @Test
        void storesEachTurnAsOneElementOfTheSessionsHistory() {
            String session = session();
            Interaction interaction = Interaction.of("stored question", "stored answer");
            memory.addToMemory(session, interaction);
            assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = ?",
                    session)).isEqualTo(1);
            assertStoredElement(session, 0, interaction);
        }

        @Test
        void keepsTheExplicitTimestampAndMetadata() {
            String session = session();
            Instant when = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
            Interaction interaction = new Interaction("id-1", "q", "a", when,
                    Map.of("model", "gpt-x", "tokens", 42, "tags", List.of("a", "b"), "nested", Map.of("k", true)));
            memory.addToMemory(session, interaction);
            Interaction stored = memory.getContext(session).get(0);
            assertThat(stored.timestamp()).isEqualTo(when);
            assertThat(stored.metadata()).isEqualTo(interaction.metadata());
            assertThat(stored).isEqualTo(interaction);
        }

        @Test
        void updatesTheSessionTimestamp() {
            String session = session();
            memory.addToMemory(session, "q", "a");
            // A bound value: Citus refuses STABLE functions of a column in an UPDATE of a distributed table.
            database.update("UPDATE session_memory SET updated_at = ? WHERE session_id = ?",
                    Timestamp.from(Instant.now().minus(Duration.ofHours(1))), session);
            Instant hourAgo = memory.getSessionStats(session).orElseThrow().lastUpdated();
            memory.addToMemory(session, "q2", "a2");
            assertThat(memory.getSessionStats(session).orElseThrow().lastUpdated())
                    .isAfter(hourAgo.plus(Duration.ofMinutes(59)));
        }
    }

    @Nested
    class BatchAppending {

        @Test
        void appendsAllInOrderAndCountsThem() {
            String session = session();
            memory.addToMemory(session, "q0", "a0");
            List<Interaction> batch = IntStream.rangeClosed(1, 4)
                    .mapToObj(i -> Interaction.of("q" + i, "a" + i)).toList();
            assertThat(memory.addAllToMemory(session, batch)).isEqualTo(4);
            assertThat(memory.getContext(session, 10)).extracting(Interaction::query)
                    .containsExactly("q0", "q1", "q2", "q3", "q4");
        }

        @Test
        void skipsInteractionsAlreadyStoredOrRepeatedInTheBatch() {
            String session = session();
            Interaction stored = Interaction.of("q1", "a1");
            memory.addToMemory(session, stored);
            Interaction fresh = Interaction.of("q2", "a2");
            assertThat(memory.addAllToMemory(session, List.of(stored, fresh, fresh))).isEqualTo(1);
            assertThat(memory.getContext(session, 10)).containsExactly(stored, fresh);
        }

        @Test
        void trimsAFirstBatchLongerThanTheCap() {
            String session = session();
            List<Interaction> batch = IntStream.rangeClosed(1, 60)
                    .mapToObj(i -> Interaction.of("q" + i, "a" + i)).toList();
            memory.addAllToMemory(session, batch);
            List<Interaction> context = memory.getContext(session, 100);
            assertThat(context).hasSize(50);
            assertThat(context.get(0).query()).isEqualTo("q11");
        }

        @Test
        void aBatchOntoAFullHistoryKeepsTheNewestCapTurns() {
            String session = session();
            memory.addAllToMemory(session, turns("q", 50));
            List<Interaction> batch = turns("n", 3);

            assertThat(memory.addAllToMemory(session, batch)).isEqualTo(3);

            List<Interaction> context = memory.getContext(session, 100);
            assertThat(context).hasSize(50);
            assertThat(context.get(0).query()).isEqualTo("q4");
            assertThat(context.subList(47, 50)).containsExactlyElementsOf(batch);
        }

        @Test
        void anEmptyBatchStoresNothing() {
            String session = session();
            assertThat(memory.addAllToMemory(session, List.of())).isZero();
            assertThat(memory.getSessionStats(session)).isEmpty();
        }
    }

    @Nested
    class Updating {

        @Test
        void removesTheGivenTurnsAndAppendsTheNewOnesInOneChange() {
            String session = session();
            Interaction first = Interaction.of("q1", "a1");
            Interaction second = Interaction.of("q2", "a2");
            memory.addAllToMemory(session, List.of(first, second));
            Interaction replacement = Interaction.of("updated question", "updated answer");

            assertThat(memory.updateMemory(session, List.of(first.id()), List.of(replacement))).isEqualTo(1);

            assertThat(memory.getContext(session, 10)).containsExactly(second, replacement);
            assertStoredElement(session, -1, replacement);
        }

        @Test
        void anUpdateAtTheCapRemovesTheGivenTurnsAndKeepsTheNewest() {
            String session = session();
            List<Interaction> stored = turns("q", 50);
            memory.addAllToMemory(session, stored);
            List<Interaction> appended = turns("n", 2);

            assertThat(memory.updateMemory(session, List.of(stored.get(9).id()), appended)).isEqualTo(2);

            List<Interaction> expected = new ArrayList<>(stored.subList(1, 50));
            expected.remove(stored.get(9));
            expected.addAll(appended);
            assertThat(memory.getContext(session, 100)).containsExactlyElementsOf(expected);
        }

        @Test
        void anUpdateOfManyTurnsRemovesAndAppendsThemAll() {
            String session = session();
            List<Interaction> stored = turns("q", 50);
            memory.addAllToMemory(session, stored);
            List<Interaction> appended = turns("n", 30);

            assertThat(memory.updateMemory(session, stored.subList(0, 40).stream().map(Interaction::id).toList(),
                    appended)).isEqualTo(30);

            List<Interaction> expected = new ArrayList<>(stored.subList(40, 50));
            expected.addAll(appended);
            assertThat(memory.getContext(session, 100)).containsExactlyElementsOf(expected);
        }

        @Test
        void aRetriedUpdateAppendsNothingTwice() {
            String session = session();
            Interaction kept = Interaction.of("kept", "a");
            Interaction appended = Interaction.of("appended", "a");
            memory.addToMemory(session, kept);
            memory.updateMemory(session, List.of(), List.of(appended));

            assertThat(memory.updateMemory(session, List.of(), List.of(appended))).isZero();
            assertThat(memory.getContext(session, 10)).containsExactly(kept, appended);
        }
    }

    @Nested
    class Asynchronously {

        @Test
        void appendsAndReadsCompleteWithWhatTheBlockingCallsReturn() throws Exception {
            String session = session();
            Interaction interaction = Interaction.of("async question", "async answer");
            AsyncMemoryManager async = memory.async();

            assertThat(async.addToMemory(session, interaction).get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(async.getContext(session).get(30, TimeUnit.SECONDS)).containsExactly(interaction);
            assertThat(async.clearMemory(session).get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(memory.getContext(session)).isEmpty();
        }
    }

    @Nested
    class Reading {

        @Test
        void returnsTheLastFiveByDefaultOldestFirst() {
            String session = session();
            for (int i = 1; i <= 8; i++) {
                memory.addToMemory(session, "q" + i, "a" + i);
            }
            assertThat(memory.getContext(session)).extracting(Interaction::query)
                    .containsExactly("q4", "q5", "q6", "q7", "q8");
        }

        @Test
        void returnsTheLastNOldestFirst() {
            String session = session();
            for (int i = 1; i <= 8; i++) {
                memory.addToMemory(session, "q" + i, "a" + i);
            }
            assertThat(memory.getContext(session, 2)).extracting(Interaction::query).containsExactly("q7", "q8");
            assertThat(memory.getContext(session, 1)).extracting(Interaction::query).containsExactly("q8");
            assertThat(memory.getContext(session, 7)).extracting(Interaction::query).startsWith("q2").endsWith("q8");
            assertThat(memory.getContext(session, 8)).extracting(Interaction::query)
                    .as("a limit equal to the history's length returns the history whole")
                    .containsExactly("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8");
        }

        @Test
        void returnsEverythingWhenTheLimitExceedsTheHistory() {
            String session = session();
            memory.addToMemory(session, "q1", "a1");
            memory.addToMemory(session, "q2", "a2");
            assertThat(memory.getContext(session, 40)).extracting(Interaction::query).containsExactly("q1", "q2");
        }

        @Test
        void returnsAnEmptyListForAnUnknownSession() {
            assertThat(memory.getContext("nobody-" + UUID.randomUUID())).isEmpty();
        }

        @Test
        void keepsSessionsApart() {
            String first = session();
            String second = session();
            memory.addToMemory(first, "first q", "first a");
            memory.addToMemory(second, "second q", "second a");
            assertThat(memory.getContext(first)).extracting(Interaction::query).containsExactly("first q");
            assertThat(memory.getContext(second)).extracting(Interaction::query).containsExactly("second q");
        }
    }

    @Nested
    class Expiry {

        @Test
        void doesNotReturnInteractionsOlderThanTheTtlAndRemovesThem() {
            String session = session();
            Instant now = Instant.now();
            memory.addToMemory(session, turn("old", "a", now.minus(Duration.ofHours(25))));
            memory.addToMemory(session, turn("older", "a", now.minus(Duration.ofHours(30))));
            memory.addToMemory(session, turn("recent", "a", now.minus(Duration.ofHours(1))));

            assertThat(memory.getContext(session)).extracting(Interaction::query).containsExactly("recent");
            assertThat(memory.getSessionStats(session)).map(SessionStats::historyLength).contains(1);
        }

        @Test
        void fillsTheWindowFromUnexpiredInteractionsAfterPruning() {
            String session = session();
            Instant now = Instant.now();
            memory.addToMemory(session, turn("kept-1", "a", now.minus(Duration.ofHours(2))));
            memory.addToMemory(session, turn("kept-2", "a", now.minus(Duration.ofHours(1))));
            memory.addToMemory(session, turn("expired", "a", now.minus(Duration.ofHours(48))));
            assertThat(memory.getContext(session, 2)).extracting(Interaction::query).containsExactly("kept-1", "kept-2");
        }

        @Test
        void aReadWithNothingExpiredWritesNothing() {
            String session = session();
            memory.addToMemory(session, "q1", "a1");
            memory.addToMemory(session, "q2", "a2");
            String versionBefore = rowVersion(session);

            assertThat(memory.getContext(session)).hasSize(2);
            assertThat(memory.getContext(session, 1)).hasSize(1);

            // Any UPDATE of the row, even one that changes nothing, makes a new row version with a new
            // xmin. (The table's n_tup_upd cannot isolate these reads: pooled backends report their
            // counts up to ten seconds after the fact.)
            assertThat(rowVersion(session)).isEqualTo(versionBefore);
        }

        @Test
        void aReadThatPrunesWritesOnceAndTheNextReadNotAgain() {
            String session = session();
            memory.addToMemory(session, turn("expired", "a", Instant.now().minus(Duration.ofDays(2))));
            memory.addToMemory(session, "fresh", "a");
            String versionBefore = rowVersion(session);
            memory.getContext(session);
            String versionAfterPrune = rowVersion(session);
            memory.getContext(session);

            assertThat(versionAfterPrune).isNotEqualTo(versionBefore);
            assertThat(rowVersion(session)).isEqualTo(versionAfterPrune);
        }

        private String rowVersion(String session) {
            return database.queryString("SELECT xmin::text FROM session_memory WHERE session_id = ?", session);
        }
    }

    @Nested
    class SessionTtl {

        @Test
        void aShorterSessionTtlHidesTurnsTheDefaultWouldKeep() {
            String session = session();
            memory.setSessionTtl(session, Duration.ofMinutes(30));
            memory.addToMemory(session, turn("hour old", "a", Instant.now().minus(Duration.ofHours(1))));
            memory.addToMemory(session, "now", "a");
            assertThat(memory.getContext(session)).extracting(Interaction::query).containsExactly("now");
        }

        @Test
        void aLongerSessionTtlKeepsTurnsTheDefaultWouldDrop() {
            String session = session();
            memory.setSessionTtl(session, Duration.ofDays(7));
            memory.addToMemory(session, turn("two days old", "a", Instant.now().minus(Duration.ofDays(2))));
            assertThat(memory.getContext(session)).extracting(Interaction::query).containsExactly("two days old");
        }

        @Test
        void aNullTtlReturnsTheSessionToTheDefault() {
            String session = session();
            memory.setSessionTtl(session, Duration.ofDays(7));
            memory.setSessionTtl(session, null);
            memory.addToMemory(session, turn("two days old", "a", Instant.now().minus(Duration.ofDays(2))));
            assertThat(memory.getContext(session)).isEmpty();
        }

        @Test
        void cleanupUsesEachSessionsOwnTtl() {
            String shortLived = session();
            String longLived = session();
            String defaultTtl = session();
            memory.setSessionTtl(shortLived, Duration.ofMinutes(10));
            memory.setSessionTtl(longLived, Duration.ofDays(7));
            memory.addToMemory(shortLived, "q", "a");
            memory.addToMemory(longLived, "q", "a");
            memory.addToMemory(defaultTtl, "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours'");

            assertThat(memory.cleanupExpiredSessions()).isEqualTo(1);
            assertThat(memory.getSessionStats(shortLived)).isEmpty();
            assertThat(memory.getSessionStats(longLived)).isPresent();
            assertThat(memory.getSessionStats(defaultTtl)).isPresent();
        }
    }

    @Nested
    class Clearing {

        @Test
        void removesTheSessionAndSaysSo() {
            String session = session();
            memory.addToMemory(session, "q", "a");
            assertThat(memory.clearMemory(session)).isTrue();
            assertThat(memory.getContext(session)).isEmpty();
            assertThat(memory.getSessionStats(session)).isEmpty();
        }

        @Test
        void returnsFalseWhenThereWasNothing() {
            assertThat(memory.clearMemory(session())).isFalse();
        }

        @Test
        void leavesOtherSessionsAlone() {
            String cleared = session();
            String kept = session();
            memory.addToMemory(cleared, "q", "a");
            memory.addToMemory(kept, "q", "a");
            memory.clearMemory(cleared);
            assertThat(memory.getContext(kept)).hasSize(1);
        }
    }

    @Nested
    class Cleanup {

        @Test
        void deletesSessionsIdleLongerThanTheDefaultTtl() {
            List<String> idle = IntStream.range(0, 3).mapToObj(i -> session()).toList();
            String active = session();
            idle.forEach(session -> memory.addToMemory(session, "q", "a"));
            memory.addToMemory(active, "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '25 hours' WHERE session_id <> ?",
                    active);

            assertThat(memory.cleanupExpiredSessions()).isEqualTo(3);
            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isEqualTo(1);
        }

        @Test
        void deletesSessionsOlderThanAGivenAge() {
            String old = session();
            String recent = session();
            memory.addToMemory(old, "q", "a");
            memory.addToMemory(recent, "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours' WHERE session_id = ?", old);

            assertThat(memory.cleanupExpiredSessions(Duration.ofHours(1))).isEqualTo(1);
            assertThat(memory.getSessionStats(old)).isEmpty();
            assertThat(memory.getSessionStats(recent)).isPresent();
        }

        @Test
        void deletesInBoundedBatchesUntilNoneIsLeft() {
            database.execute("INSERT INTO session_memory (session_id, updated_at) "
                    + "SELECT 'bulk-' || g, now() - interval '3 days' FROM generate_series(1, 2500) g");
            try (PostgresMemoryManager smallBatches = manager(config -> config.cleanupBatchSize(1000))) {
                assertThat(smallBatches.cleanupExpiredSessions()).isEqualTo(2500);
            }
            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isZero();
        }

        @Test
        void returnsZeroWhenNothingExpired() {
            memory.addToMemory(session(), "q", "a");
            assertThat(memory.cleanupExpiredSessions()).isZero();
        }
    }

    @Nested
    class StatsAndListing {

        @Test
        void statsReportLengthAndLastUpdate() {
            String session = session();
            Instant before = Instant.now().minusSeconds(5);
            memory.addToMemory(session, "q1", "a1");
            memory.addToMemory(session, "q2", "a2");
            SessionStats stats = memory.getSessionStats(session).orElseThrow();
            assertThat(stats.sessionId()).isEqualTo(session);
            assertThat(stats.historyLength()).isEqualTo(2);
            assertThat(stats.lastUpdated()).isAfter(before);
        }

        @Test
        void statsOfAnUnknownSessionAreEmpty() {
            assertThat(memory.getSessionStats(session())).isEqualTo(Optional.empty());
        }

        @Test
        void listsSessionsMostRecentlyUpdatedFirstUpToTheLimit() {
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String session = session();
                sessions.add(session);
                memory.addToMemory(session, "q", "a");
                database.update("UPDATE session_memory SET updated_at = now() - make_interval(mins => ?) "
                        + "WHERE session_id = ?", 10 - i, session);
            }
            assertThat(memory.getAllSessions(3)).extracting(SessionStats::sessionId)
                    .containsExactly(sessions.get(3), sessions.get(2), sessions.get(1));
        }
    }

    @Nested
    class Analytics {

        @Test
        void countSessionsAndTheirTurns() {
            memory.addAllToMemory(session(), List.of(Interaction.of("q1", "a1"), Interaction.of("q2", "a2")));
            memory.addAllToMemory(session(), List.of(Interaction.of("q1", "a1"), Interaction.of("q2", "a2")));
            memory.addToMemory(session(), "q", "a");
            MemoryAnalytics analytics = memory.analytics();

            assertThat(analytics.turnsPerSession()).containsExactly(entry(1, 1L), entry(2, 2L));
            assertThat(analytics.activeSessions(Duration.ofHours(1))).isEqualTo(3);
            assertThat(analytics.activityPerDay(Duration.ofDays(1))).extracting(MemoryAnalytics.DailyActivity::turns)
                    .containsExactly(5L);
            assertThat(analytics.storedBytes().sessions()).isEqualTo(3);
            assertThat(analytics.findSessions("", 0, 10).sessions()).hasSize(3);
        }
    }

    /** What a tenant changes; runs without a tenant skip it (they have no tenant column). */
    @Nested
    class Tenancy {

        @BeforeEach
        void onlyWithATenant() {
            assumeTrue(options().tenant(), "the run has no tenant");
        }

        @Test
        void theRunsTurnsAreStoredAsItsTenant() {
            String session = session();
            memory.addToMemory(session, "q", "a");
            assertThat(database.queryString("SELECT tenant_id FROM session_memory WHERE session_id = ?", session))
                    .isEqualTo(ContractOptions.TENANT);
        }

        @Test
        void anotherTenantsSessionIsNeitherSeenNorChanged() {
            String other = session();
            database.update("INSERT INTO session_memory (session_id, tenant_id, history) VALUES (?, 'another-tenant', "
                    + "'[{\"id\": \"t1\", \"query\": \"q\", \"answer\": \"a\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]')",
                    other);

            assertThat(memory.getContext(other)).isEmpty();
            assertThat(memory.getSessionStats(other)).isEmpty();
            assertThat(memory.getAllSessions(100)).extracting(SessionStats::sessionId).doesNotContain(other);
            assertThat(memory.clearMemory(other)).isFalse();
            assertThat(memory.cleanupExpiredSessions(Duration.ofSeconds(1))).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = ?", other)).isEqualTo(1);
        }
    }

    @Nested
    class Health {

        @Test
        void isUpWithTheSessionCountWhenTheDatabaseAnswers() {
            memory.addToMemory(session(), "q", "a");
            memory.addToMemory(session(), "q", "a");
            HealthStatus health = memory.healthCheck();
            assertThat(health.status()).isEqualTo(HealthStatus.Status.UP);
            assertThat(health.totalSessions()).isEqualTo(2);
            assertThat(health.details()).containsEntry("circuitBreaker", "CLOSED")
                    .containsEntry("bufferedInteractions", 0)
                    .containsKeys("pool.active", "pool.idle", "pool.waiting");
        }
    }

    @Nested
    class InputsPostgresCannotTakeVerbatim {

        @Test
        void hostileStringsRoundTripVerbatim() {
            String session = "s'; DROP TABLE session_memory; --" + UUID.randomUUID();
            List<String> texts = List.of(
                    "'; DROP TABLE session_memory; --",
                    "Robert'); DELETE FROM session_memory WHERE ('1'='1",
                    "quotes \" ' ` and backslashes \\ \\\\ \\u0000 \\n",
                    "emoji 🧠🚀 and CJK 記憶 and RTL שלום",
                    "jsonpath-ish $[last] @ ? ?| ?& #{x} ${y}",
                    "tabs\tnewlines\ncarriage\rreturns");
            for (String text : texts) {
                memory.addToMemory(session, text, text);
            }
            List<Interaction> stored = memory.getContext(session, 10);
            assertThat(stored).extracting(Interaction::query).containsExactlyElementsOf(texts);
            assertThat(stored).extracting(Interaction::answer).containsExactlyElementsOf(texts);
            assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isEqualTo(1);
        }

        @Test
        void theNulCharacterIsRejectedAndNothingIsStored() {
            String session = session();
            assertThatThrownBy(() -> memory.addToMemory(session, "before\u0000after", "a"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query").hasMessageContaining("NUL");
            assertThatThrownBy(() -> memory.addToMemory(session, "q", "\u0000"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer");
            assertThatThrownBy(() -> memory.addToMemory(session,
                    new Interaction("id", "q", "a", Instant.now(), Map.of("k", "v\u0000"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata");
            assertThat(memory.getSessionStats(session)).isEmpty();
        }

        @Test
        void anUnpairedSurrogateIsRejected() {
            assertThatThrownBy(() -> memory.addToMemory(session(), "broken \uD83D here", "a"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        }
    }

    @Nested
    class LargeHistories {

        @Test
        void hundredKilobyteAnswersRoundTrip() {
            String session = session();
            String answer = "x".repeat(100 * 1024);
            for (int i = 0; i < 10; i++) {
                memory.addToMemory(session, "q" + i, answer + i);
            }
            List<Interaction> context = memory.getContext(session, 10);
            assertThat(context).hasSize(10);
            assertThat(context.get(9).answer()).hasSize(100 * 1024 + 1).endsWith("9");
        }

        @Test
        void aHistoryAboveTheCapIsCutToTheLastMaxContextLengthOnTheNextAppend() {
            String session = session();
            database.update("""
                    INSERT INTO session_memory (session_id, history)
                    SELECT ?, jsonb_agg(jsonb_build_object('id', 'old-' || i, 'query', 'old' || i, 'answer', 'a',
                                        'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                                        ORDER BY i)
                      FROM generate_series(1, 60) AS i""", session);

            memory.addToMemory(session, "new", "a");

            List<Interaction> context = memory.getContext(session, 100);
            assertThat(context).hasSize(50);
            assertThat(context.get(0).query()).isEqualTo("old12");
            assertThat(context.get(49).query()).isEqualTo("new");
        }

        @Test
        void hundredsOfTurnsStayCappedAndOrdered() {
            String session = session();
            for (int i = 1; i <= 300; i++) {
                memory.addToMemory(session, "q" + i, "a" + i);
            }
            List<Interaction> context = memory.getContext(session, 50);
            assertThat(context).extracting(Interaction::query)
                    .containsExactlyElementsOf(IntStream.rangeClosed(251, 300).mapToObj(i -> "q" + i).toList());
        }

        @Test
        void anInteractionOverTheSizeLimitIsRejectedAndNothingIsStored() {
            String session = session();
            String tooLarge = "y".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES);
            assertThatThrownBy(() -> memory.addToMemory(session, "q", tooLarge))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInteractionBytes");
            assertThat(memory.getSessionStats(session)).isEmpty();
        }
    }
}
