package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestKeys;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The re-encrypt pass on a real database, alone and alongside live appends. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationTest {

    private TestDatabase database;
    private final List<PostgresMemoryManager> managers = new ArrayList<>();
    private TestKeys oldKeys;
    private TestKeys newKeys;

    @BeforeAll
    void createDatabase() {
        database = TestPostgres.createDatabase().withSchema();
    }

    @BeforeEach
    void emptyTableAndKeys() {
        database.execute("TRUNCATE session_memory");
        oldKeys = TestKeys.withCurrent("k1");
        newKeys = TestKeys.withCurrent("k2").add("k1", oldKeys.get("k1"));
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(PostgresMemoryManager::close);
        managers.clear();
    }

    private PostgresMemoryManager manager(TestKeys keys) {
        PostgresMemoryManager.Builder builder = PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER).maxPoolSize(4).maxContextLength(1000)
                .fallbackPolicy(FallbackPolicy.FAIL).build());
        PostgresMemoryManager manager = (keys == null ? builder : builder.encryption(keys)).build();
        managers.add(manager);
        return manager;
    }

    private long storedCount(String pattern) {
        return database.queryLong("SELECT count(*) FROM session_memory, jsonb_array_elements(history) AS e(elem) "
                + "WHERE e.elem::text LIKE ?", pattern);
    }

    private static Interaction turn(String text) {
        return new Interaction(UUID.randomUUID().toString(), "query " + text, "answer " + text, Instant.now(),
                Map.of("text", text));
    }

    @Test
    void movesEveryTurnToTheCurrentKeyInResumableBatches() {
        PostgresMemoryManager before = manager(oldKeys);
        Map<String, List<Interaction>> stored = new ConcurrentHashMap<>();
        for (int s = 0; s < 10; s++) {
            String sessionId = String.format("s%02d", s);
            for (int t = 0; t < 3; t++) {
                Interaction turn = turn("secret-" + s + "-" + t);
                before.addToMemory(sessionId, turn);
                stored.computeIfAbsent(sessionId, id -> new ArrayList<>()).add(turn);
            }
        }
        String updatedAt = database.queryString("SELECT updated_at::text FROM session_memory WHERE session_id = 's03'");
        KeyRotation rotation = manager(newKeys).keyRotation();

        RotationProgress first = rotation.rewriteBatch("", 4, false);
        assertThat(first).isEqualTo(new RotationProgress("s03", 4, 4, 12, 0, false));
        RotationProgress second = rotation.rewriteBatch(first.lastSessionId(), 4, false);
        assertThat(second.lastSessionId()).isEqualTo("s07");
        RotationProgress last = rotation.rewriteBatch(second.lastSessionId(), 4, false);
        assertThat(last).isEqualTo(new RotationProgress("s09", 2, 2, 6, 0, true));
        assertThat(rotation.rewriteAll(false)).isEqualTo(new RotationProgress("s09", 10, 0, 0, 0, true));

        assertThat(storedCount("%enc:v1:k1:%")).isZero();
        assertThat(storedCount("%\"query\": \"enc:v1:k2:%")).isEqualTo(30);
        assertThat(database.queryString("SELECT updated_at::text FROM session_memory WHERE session_id = 's03'"))
                .isEqualTo(updatedAt);
        PostgresMemoryManager onlyNewKey = manager(TestKeys.withCurrent("k2").add("k2", newKeys.get("k2")));
        stored.forEach((sessionId, turns) ->
                assertThat(onlyNewKey.getContext(sessionId, 100)).containsExactlyElementsOf(turns));
    }

    @Test
    void encryptsPlainTurnsOnlyWhenAsked() {
        PostgresMemoryManager plain = manager(null);
        Interaction legacy = turn("plain-text-kept");
        plain.addToMemory("plain", legacy);
        database.update("UPDATE session_memory SET history = history || ?::jsonb WHERE session_id = 'plain'",
                "[{\"query\": \"py query\", \"answer\": \"py answer\", \"timestamp\": \"2999-01-01T00:00:00\"}]");
        PostgresMemoryManager encrypting = manager(newKeys);
        List<Interaction> readBefore = encrypting.getContext("plain");

        assertThat(encrypting.keyRotation().rewriteAll(false).turnsRewritten()).isZero();
        assertThat(storedCount("%plain-text-kept%")).isEqualTo(1);

        assertThat(encrypting.keyRotation().rewriteAll(true).turnsRewritten()).isEqualTo(2);
        assertThat(storedCount("%plain-text-kept%") + storedCount("%py query%")).isZero();
        assertThat(encrypting.getContext("plain")).containsExactlyElementsOf(readBefore);
    }

    @Test
    void leavesTurnsItCannotDecryptAsStoredAndCountsThem() {
        TestKeys lost = TestKeys.withCurrent("lost");
        manager(lost).addToMemory("mixed", turn("under a lost key"));
        manager(oldKeys).addToMemory("mixed", turn("under k1"));
        String lostTurn = database.queryString("SELECT (history -> 0)::text FROM session_memory");

        RotationProgress progress = manager(newKeys).keyRotation().rewriteAll(false);

        assertThat(progress.turnsRewritten()).isEqualTo(1);
        assertThat(progress.turnsUnreadable()).isEqualTo(1);
        assertThat(database.queryString("SELECT (history -> 0)::text FROM session_memory")).isEqualTo(lostTurn);
        assertThat(storedCount("%enc:v1:k2:%")).isEqualTo(1);
    }

    @Test
    void keepsATurnAppendedWhileItsRewriteWaitsForTheRowLock() throws Exception {
        manager(oldKeys).addToMemory("locked", turn("before"));
        KeyRotation rotation = manager(newKeys).keyRotation();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection lock = database.lockSessionRow("locked")) {
            Future<RotationProgress> rewrite = executor.submit(() -> rotation.rewriteAll(false));
            awaitWaitingOnALock();
            try (PreparedStatement append = lock.prepareStatement(
                    "UPDATE session_memory SET history = history || ?::jsonb WHERE session_id = 'locked'")) {
                append.setString(1, "[{\"id\": \"during\", \"query\": \"q\", \"answer\": \"a\", "
                        + "\"timestamp\": \"2999-01-01T00:00:00Z\"}]");
                append.executeUpdate();
            }
            lock.commit();

            assertThat(rewrite.get(30, TimeUnit.SECONDS).turnsRewritten()).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
        assertThat(manager(newKeys).getContext("locked", 10)).extracting(Interaction::id).hasSize(2).contains("during");
        assertThat(storedCount("%enc:v1:k2:%")).isEqualTo(1);
    }

    private void awaitWaitingOnALock() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (database.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE '%UPDATE session_memory AS s%'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the rewrite never waited for the row lock");
    }

    @Test
    void losesNoTurnAppendedConcurrentlyDuringAPass() throws Exception {
        PostgresMemoryManager oldWriter = manager(oldKeys);
        PostgresMemoryManager newWriter = manager(newKeys);
        int sessions = 40;
        Map<String, Set<String>> appended = new ConcurrentHashMap<>();
        for (int s = 0; s < sessions; s++) {
            String sessionId = "c" + s;
            for (int t = 0; t < 4; t++) {
                Interaction turn = turn("seed");
                oldWriter.addToMemory(sessionId, turn);
                appended.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(turn.id());
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger appends = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService appenders = Executors.newFixedThreadPool(4);
        for (int thread = 0; thread < 4; thread++) {
            PostgresMemoryManager writer = thread % 2 == 0 ? oldWriter : newWriter;
            appenders.submit(() -> {
                while (!stop.get()) {
                    String sessionId = "c" + ThreadLocalRandom.current().nextInt(sessions);
                    Interaction turn = turn("live");
                    try {
                        writer.addToMemory(sessionId, turn);
                        appended.get(sessionId).add(turn.id());
                        appends.incrementAndGet();
                    } catch (RuntimeException failure) {
                        failures.add(failure);
                    }
                }
            });
        }
        RotationProgress pass;
        try {
            while (appends.get() < 50) {
                Thread.sleep(5);
            }
            int atStart = appends.get();
            pass = RotationProgress.start("");
            do {
                pass = pass.plus(newWriter.keyRotation().rewriteBatch(pass.lastSessionId(), 3, false));
            } while (!pass.done());
            assertThat(appends.get()).as("appends during the pass").isGreaterThan(atStart + 20);
        } finally {
            stop.set(true);
            appenders.shutdown();
            assertThat(appenders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failures).isEmpty();
        assertThat(pass.sessionsScanned()).isEqualTo(sessions);
        assertThat(pass.turnsRewritten()).isGreaterThanOrEqualTo(sessions * 4L);
        for (Map.Entry<String, Set<String>> session : appended.entrySet()) {
            assertThat(newWriter.getContext(session.getKey(), 1000)).extracting(Interaction::id)
                    .containsExactlyInAnyOrderElementsOf(session.getValue());
        }
        newWriter.keyRotation().rewriteAll(false);
        assertThat(storedCount("%enc:v1:k1:%")).isZero();
        assertThat(database.queryLong("SELECT sum(jsonb_array_length(history)) FROM session_memory"))
                .isEqualTo(appended.values().stream().mapToLong(Set::size).sum());
    }

    @Test
    void isRefusedWithoutEncryptionAndForABadBatchSize() {
        assertThatThrownBy(() -> manager(null).keyRotation())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("encryption");
        KeyRotation rotation = manager(newKeys).keyRotation();
        assertThatThrownBy(() -> rotation.rewriteBatch("", 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessions");
    }
}
