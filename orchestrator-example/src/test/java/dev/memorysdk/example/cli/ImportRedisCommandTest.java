package dev.memorysdk.example.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.example.redis.RedisServer;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code import-redis} against a real redis-server and a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportRedisCommandTest {

    /** Enough for four SCAN batches of {@value #BATCH} and a verify sample that is not every session. */
    private static final int SESSIONS = 2_000;
    private static final int BATCH = 500;
    /** Sessions in Redis database 1, for the import stopped by a signal. */
    private static final int STOPPED_SESSIONS = 2_000;
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path directory;

    private RedisServer redis;

    @BeforeAll
    void startRedis() throws IOException {
        redis = RedisServer.start(directory);
        StringBuilder resp = new StringBuilder();
        for (int i = 0; i < SESSIONS; i++) {
            RedisServer.resp(resp, "RPUSH", "session:s" + i,
                    turn("q" + i + "a", "a" + i + "a", "\"" + NOW.minusSeconds(600) + "\"", ",\"id\":\"t" + i + "a\""),
                    turn("q" + i + "b", "a" + i + "b", epoch(300), ""));
        }
        // Other layouts and bad data, under their own key patterns.
        RedisServer.resp(resp, "SET", "json:one", "[" + turn("sq1", "sa1", "\"" + NOW.minusSeconds(600).toString().replace("Z", "") + "\"", "")
                + "," + turn("sq2", "sa2", epoch(300) + ".5", "") + "]");
        RedisServer.resp(resp, "HSET", "hash:one", "2", turn("hq2", "ha2", epoch(60), ""),
                "1", turn("hq1", "ha1", epoch(300), ""));
        RedisServer.resp(resp, "RPUSH", "bad:ttl", turn("kept", "with ttl", epoch(300), ""));
        RedisServer.resp(resp, "EXPIRE", "bad:ttl", "86400");
        RedisServer.resp(resp, "RPUSH", "bad:notjson", turn("good", "turn", epoch(300), ""), "{not json");
        RedisServer.resp(resp, "RPUSH", "bad:notext", turn("good", "turn", epoch(300), ""),
                "{\"timestamp\":1714557700}");
        RedisServer.resp(resp, "RPUSH", "bad:oversize", turn("good", "turn", epoch(300), ""),
                turn("x".repeat(5000), "y", epoch(300), ""));
        RedisServer.resp(resp, "SET", "bad:wrongtype", "[]");
        RedisServer.resp(resp, "RPUSH", "longid:" + "i".repeat(300), turn("q", "a", epoch(60), ""));
        RedisServer.resp(resp, "RPUSH", "longid:fine", turn("q", "a", epoch(60), ""));
        RedisServer.resp(resp, "RPUSH", "kept:week", turn("week old", "a", epoch(7 * 86_400), ""),
                turn("day old", "b", epoch(86_400 + 600), ""), turn("new", "c", epoch(60), ""));
        int longTurns = MemoryConfig.DEFAULT_MAX_CONTEXT_LENGTH + 10;
        String[] pushLong = new String[longTurns + 2];
        pushLong[0] = "RPUSH";
        pushLong[1] = "long:capped";
        for (int i = 0; i < longTurns; i++) {
            pushLong[i + 2] = turn("q" + i, "a" + i, epoch(longTurns - i), "");
        }
        RedisServer.resp(resp, pushLong);
        RedisServer.resp(resp, "SELECT", "1");
        for (int i = 0; i < STOPPED_SESSIONS; i++) {
            RedisServer.resp(resp, "RPUSH", "stop:s" + i, turn("q" + i, "a" + i, epoch(60), ""));
        }
        Path file = directory.resolve("load.resp");
        Files.writeString(file, resp);
        redis.pipe(file);
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static String epoch(int secondsAgo) {
        return Long.toString(NOW.getEpochSecond() - secondsAgo);
    }

    private static String turn(String query, String answer, String timestamp, String extra) {
        return "{\"query\":\"" + query + "\",\"answer\":\"" + answer + "\",\"timestamp\":" + timestamp + extra + "}";
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private CliRun importRedis(TestDatabase database, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "import-redis";
        args[1] = "--redis-url";
        args[2] = redis.url();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.run(Map.of("DATABASE_URL", database.jdbcUrl()), "", args);
    }

    @Test
    void importsEveryBatchAndVerifiesItReadingEachKeyOnceInBatchSizedScans() {
        TestDatabase database = TestPostgres.createDatabase();
        String checkpoint = directory.resolve("all.checkpoint").toString();
        String batch = Integer.toString(BATCH);
        redis.cli("CONFIG", "RESETSTAT");

        CliRun imported = importRedis(database, "--checkpoint", checkpoint, "--threads", "4", "--batch", batch);
        String redisWork = redis.cli("INFO", "commandstats");
        CliRun verified = importRedis(database, "--verify", "--sample", "1000", "--batch", batch);

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Imported 2,000 of 2,000 keys: 4,000 turns read, 4,000 turns stored, 0 keys skipped");
        assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isEqualTo(SESSIONS);
        assertThat(database.queryLong("SELECT sum(jsonb_array_length(history)) FROM session_memory")).isEqualTo(2L * SESSIONS);
        assertThat(verified.out()).contains("Verified 2,000 sessions (4,000 turns in Redis; turns compared in 1,000): 0 mismatches");
        assertThat(verified.exitCode()).isZero();
        assertThat(Path.of(checkpoint)).doesNotExist();
        // The import's pace in round trips rather than seconds: each key is read once, and the key space
        // is walked in SCANs of about --batch keys, not one per key.
        assertThat(calls(redisWork, "lrange")).isEqualTo(SESSIONS);
        assertThat(calls(redisWork, "pttl")).isEqualTo(SESSIONS);
        assertThat(calls(redisWork, "scan")).isBetween((long) SESSIONS / BATCH, 3L * SESSIONS / BATCH);
    }

    private static long calls(String commandStats, String command) {
        return commandStats.lines().filter(line -> line.startsWith("cmdstat_" + command + ":calls="))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(','))))
                .findFirst().orElse(0);
    }

    @Test
    void aSigtermSaysTheImportStoppedAndHowToResumeAndTheRerunCompletesIt() throws Exception {
        TestDatabase database = TestPostgres.createDatabase();
        Path checkpoint = directory.resolve("stopped.checkpoint");
        Path err = directory.resolve("stopped.err");
        try (TcpProxy heldRedis = TcpProxy.start("127.0.0.1", redis.port())) {
            ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ExampleApp.class.getName(), "import-redis",
                    "--redis-url", "redis://127.0.0.1:" + heldRedis.port() + "/1", "--match", "stop:*",
                    "--session-id", "stop:(.+)", "--batch", "1", "--threads", "1", "--checkpoint", checkpoint.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            command.environment().put("DATABASE_URL", database.jdbcUrl());
            Process process = command.start();
            try {
                // The first batch is written once its checkpoint exists; holding Redis then keeps the
                // import waiting for its next SCAN, with some 2,000 batches to go.
                awaitFile(checkpoint, process);
                heldRedis.setMode(TcpProxy.Mode.HANG);
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            } finally {
                process.destroyForcibly();
            }

            assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
            assertThat(Files.readString(err)).contains("import-redis stopped before it finished; run the same command "
                    + "again to resume from the checkpoint in " + checkpoint);
            assertThat(checkpoint).exists();
        }
        CliRun resumed = CliRun.run(Map.of("DATABASE_URL", database.jdbcUrl()), "", "import-redis",
                "--redis-url", redis.url() + "/1", "--match", "stop:*", "--session-id", "stop:(.+)", "--batch", "500",
                "--checkpoint", checkpoint.toString());

        assertThat(resumed.out()).contains("Resuming from the checkpoint in " + checkpoint);
        assertThat(database.queryLong("SELECT count(*) FROM session_memory")).isEqualTo(STOPPED_SESSIONS);
        assertThat(checkpoint).doesNotExist();
    }

    // Bounded only so that a broken import fails the test instead of hanging the build.
    private static void awaitFile(Path file, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(file)) {
            assertThat(process.isAlive()).as("the import is still running").isTrue();
            assertThat(System.nanoTime()).as("the first batch was written within two minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SmallData {

        private final TestDatabase database = TestPostgres.createDatabase();

        @Test
        void readsTheStringAndHashLayoutsWithConfiguredKeys() {
            CliRun string = importRedis(database, "--layout", "STRING", "--match", "json:*", "--session-id", "json:(.+)");
            CliRun hash = importRedis(database, "--layout", "HASH", "--match", "hash:*", "--session-id", "hash:(.+)");

            assertThat(string.out()).contains("Imported 1 of 1 keys: 2 turns read, 2 turns stored");
            assertThat(hash.out()).contains("Imported 1 of 1 keys: 2 turns read, 2 turns stored");
            assertThat(database.queryString("SELECT (history->0->>'query') || (history->1->>'query') FROM session_memory "
                    + "WHERE session_id = 'one' ")).isEqualTo("sq1sq2");
        }

        @Test
        void skipsBadKeysWholeAndReportsEachWithoutAborting() {
            CliRun run = importRedis(database, "--match", "bad:*", "--session-id", "bad:(.+)", "--max-turn-chars", "1000");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("skipped bad:notjson: turn 1 is not JSON",
                    "skipped bad:notext: turn 1 has no text",
                    "skipped bad:oversize: turn 1 is larger than 1000 characters",
                    "skipped bad:wrongtype: cannot be read as a LIST",
                    "Imported 1 of 5 keys: 1 turns read,", "4 keys skipped");
            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id IN "
                    + "('notjson', 'notext', 'oversize', 'wrongtype')")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'ttl'")).isEqualTo(1);
        }

        @Test
        void keepsTheRemainingTtlAndStoresNothingTwiceOnARerun() {
            importRedis(database, "--match", "bad:ttl", "--session-id", "bad:(.+)");
            CliRun again = importRedis(database, "--match", "bad:ttl", "--session-id", "bad:(.+)");

            assertThat(again.out()).contains("1 turns read, 0 turns stored");
            assertThat(database.queryLong("SELECT ttl_seconds FROM session_memory WHERE session_id = 'ttl'"))
                    .isBetween(86_000L + 300, 86_400L + 400);
            assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = 'ttl'"))
                    .isEqualTo(1);
        }

        @Test
        void aKeyWithoutExpiryKeepsItsWeekOldTurns() {
            CliRun imported = importRedis(database, "--match", "kept:*", "--session-id", "kept:(.+)");
            CliRun verified = importRedis(database, "--verify", "--match", "kept:*", "--session-id", "kept:(.+)");

            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(verified.out()).as("the verify read prunes what expired")
                    .contains("Verified 1 sessions (3 turns in Redis; turns compared in 1): 0 mismatches");
            assertThat(database.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = 'week'"))
                    .isEqualTo(3);
        }

        @Test
        void aRetentionTheUserChoseDropsTurnsOlderThanIt() {
            TestDatabase fresh = TestPostgres.createDatabase();
            importRedis(fresh, "--match", "kept:*", "--session-id", "kept:(.+)", "--retention", "2d");
            CliRun verified = importRedis(fresh, "--verify", "--match", "kept:*", "--session-id", "kept:(.+)",
                    "--retention", "2d");

            assertThat(verified.out()).contains("0 mismatches");
            assertThat(fresh.queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = 'week'"))
                    .isEqualTo(2);
        }

        @Test
        void verifyComparesWhatTheStoreKeepsOfASessionLongerThanTheCap() {
            importRedis(database, "--match", "long:*", "--session-id", "long:(.+)");
            CliRun verified = importRedis(database, "--verify", "--match", "long:*", "--session-id", "long:(.+)");

            assertThat(verified.exitCode()).as(verified.out()).isZero();
            assertThat(verified.out()).contains("0 mismatches");
        }

        @Test
        void aSessionIdTooLongIsSkippedAlikeByTheDryRunTheImportAndTheVerify() {
            TestDatabase fresh = TestPostgres.createDatabase();
            String[] keys = {"--match", "longid:*", "--session-id", "longid:(.+)"};
            CliRun dryRun = importRedis(fresh, concat(keys, "--dry-run"));
            CliRun imported = importRedis(fresh, keys);
            CliRun verified = importRedis(fresh, concat(keys, "--verify"));

            String skipped = "skipped longid:" + "i".repeat(300) + ": session id is 300 characters, more than 255";
            assertThat(dryRun.out()).contains(skipped, "Dry run: would import 1 of 2 keys: ", "1 keys skipped");
            assertThat(imported.out()).contains(skipped, "Imported 1 of 2 keys: 1 turns read, 1 turns stored, 1 keys skipped");
            assertThat(verified.exitCode()).as(verified.err()).isZero();
            assertThat(verified.out()).contains("Verified 1 sessions", "0 mismatches, 1 keys unreadable");
        }

        @Test
        void aRelativeCheckpointResolvesAgainstTheDirectoryTheUserRanTheCommandFrom() throws IOException {
            Path userDirectory = Files.createDirectories(directory.resolve("user-dir"));
            String cursor = redis.cli("SCAN", "0", "MATCH", "kept:*", "COUNT", "10").lines().findFirst().orElseThrow();
            Files.writeString(userDirectory.resolve("relative.checkpoint"), cursor);

            CliRun resumed = CliRun.run(Map.of("DATABASE_URL", TestPostgres.createDatabase().jdbcUrl(),
                            ExampleApp.USER_DIR, userDirectory.toString()), "",
                    "import-redis", "--redis-url", redis.url(), "--match", "kept:*", "--checkpoint", "relative.checkpoint");

            assertThat(resumed.out()).contains("Resuming from the checkpoint in " + userDirectory.resolve("relative.checkpoint"));
            assertThat(userDirectory.resolve("relative.checkpoint")).doesNotExist();
        }

        @Test
        void dryRunWritesNothing() {
            TestDatabase empty = TestPostgres.createDatabase().withSchema();
            CliRun run = importRedis(empty, "--dry-run", "--match", "json:*", "--session-id", "json:(.+)", "--layout", "STRING");

            assertThat(run.out()).contains("Dry run: would import 1 of 1 keys: 2 turns read, 0 turns stored");
            assertThat(empty.queryLong("SELECT count(*) FROM session_memory")).isZero();
        }

        @Test
        void verifyListsSessionsThatDiffer() {
            TestDatabase empty = TestPostgres.createDatabase().withSchema();
            CliRun run = importRedis(empty, "--verify", "--match", "json:*", "--session-id", "json:(.+)", "--layout", "STRING");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.out()).contains("1 mismatches", "one: not stored (2 turns in Redis)");
        }

        @Test
        void resumesFromTheCheckpointCursor() throws IOException {
            TestDatabase fresh = TestPostgres.createDatabase();
            Path checkpoint = directory.resolve("resume.checkpoint");
            String cursor = redis.cli("SCAN", "0", "MATCH", "session:*", "COUNT", "200").lines().findFirst().orElseThrow();
            Files.writeString(checkpoint, cursor);

            CliRun resumed = importRedis(fresh, "--checkpoint", checkpoint.toString(), "--batch", "500");

            assertThat(resumed.out()).contains("Resuming from the checkpoint");
            long stored = fresh.queryLong("SELECT count(*) FROM session_memory");
            assertThat(stored).isPositive().isLessThan(SESSIONS);
            assertThat(checkpoint).doesNotExist();
        }
    }
}
