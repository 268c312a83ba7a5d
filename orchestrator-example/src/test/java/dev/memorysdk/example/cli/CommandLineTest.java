package dev.memorysdk.example.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The commands against an external database (DATABASE_URL), driven through stdin and stdout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineTest {

    private TestDatabase database;
    private Map<String, String> env;

    @BeforeAll
    void createDatabase() {
        database = TestPostgres.createDatabase();
        env = Map.of("DATABASE_URL", database.jdbcUrl());
    }

    private CliRun run(String stdin, String... args) {
        return CliRun.run(env, stdin, args);
    }

    private static String session() {
        return "cli-" + UUID.randomUUID();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Nested
    class Demo {

        @Test
        void showsTheContextGrowingTurnByTurn() {
            CliRun demo = run("", "demo", "--session", "demo-test-" + UUID.randomUUID());

            assertThat(demo.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(demo.out()).startsWith("Memory: PostgreSQL at postgresql://localhost:");
            assertThat(demo.out()).containsSubsequence(
                    "--- Turn 1 of 4 ---", "Context: 0 turns preloaded", "Stored:  yes, the session now holds 1 turn",
                    "--- Turn 2 of 4 ---", "Context: 1 turn preloaded", "[1] you:    Hi, my name is Ada",
                    "Stored:  yes, the session now holds 2 turns",
                    "--- Turn 3 of 4 ---", "Context: 2 turns preloaded", "[2] you:    What is the weather",
                    "--- Turn 4 of 4 ---", "Context: 3 turns preloaded", "[3] you:    Which neighbourhoods",
                    "Answer:  I remember 3 earlier turns of this session. This relates to what you said before: "
                            + "\"Hi, my name is Ada and I'm planning a trip to Lisbon in April.\".",
                    "Stored:  yes, the session now holds 4 turns");
            assertThat(count(demo.out(), "] you:")).isEqualTo(0 + 1 + 2 + 3);
        }

        @Test
        void startsANewSessionEachRunByDefault() {
            Pattern sessionLine = Pattern.compile("Session: (demo-[0-9a-f]{8})");
            Matcher first = sessionLine.matcher(run("", "demo").out());
            Matcher second = sessionLine.matcher(run("", "demo").out());

            assertThat(first.find()).isTrue();
            assertThat(second.find()).isTrue();
            assertThat(first.group(1)).isNotEqualTo(second.group(1));
        }
    }

    @Nested
    class Chat {

        @Test
        void remembersTheConversationAcrossARestart() {
            String session = session();
            CliRun first = run("My name is Ada.\nI am going to Lisbon.\n/quit\n", "chat", "--session", session);
            CliRun second = run("Where is Ada going?\n/quit\n", "chat", "--session", session);

            assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("Session '" + session + "': 0 turns remembered.");
            assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(second.out()).contains("Session '" + session + "': 2 turns remembered.")
                    .containsSubsequence("[1] you:    My name is Ada.", "[2] you:    I am going to Lisbon.",
                            "answer> I remember 2 earlier turns of this session.");
        }

        @Test
        void showsContextAndStatsAndClearsOnCommand() {
            String session = session();
            CliRun chat = run("one\ntwo\nthree\n/context 2\n/stats\n/clear\n/stats\n/context x\n/nope\n",
                    "chat", "--session", session);

            assertThat(chat.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(chat.out()).containsSubsequence(
                    "Last 2 turns of session '" + session + "':", "[1] you:    two", "[2] you:    three",
                    "Session '" + session + "': 3 turns stored, last updated ",
                    "Session '" + session + "' cleared.",
                    "Session '" + session + "' has nothing stored.",
                    "/context takes a whole number of turns, was 'x'",
                    "Unknown command /nope.");
            assertThat(count(chat.out(), "answer> ")).isEqualTo(3);
        }

        @Test
        void rejectsABadLineAndGoesOnWithTheRest() {
            String session = session();
            String tooLarge = "x".repeat(MemoryConfig.DEFAULT_MAX_INTERACTION_BYTES + 1);
            CliRun chat = run("before\nnul \0 here\n" + tooLarge + "\nafter\n/stats\n", "chat", "--session", session);

            assertThat(chat.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(chat.out()).containsSubsequence("answer> ", "(line not sent: query contains the NUL character",
                    "(line not sent: query is ", "answer> ", "Session '" + session + "': 2 turns stored")
                    .doesNotContain("xxxxxxxx");
        }

        @Test
        void duringAnOutageSaysTheTurnIsKeptAndThatStatsCannotBeRead() throws IOException {
            try (ProxiedDatabase behindProxy = ProxiedDatabase.start()) {
                TcpProxy proxy = behindProxy.proxy();
                // The first line is read with the database up; the rest only once the proxy drops it.
                InputStream input = new InputStream() {
                    private final byte[][] parts = {"stored\n".getBytes(StandardCharsets.UTF_8),
                        "buffered\n/stats\n".getBytes(StandardCharsets.UTF_8)};
                    private int part;

                    @Override
                    public int read() {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0];
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) {
                        if (part == parts.length) {
                            return -1;
                        }
                        if (part == 1) {
                            proxy.setMode(TcpProxy.Mode.DROP);
                        }
                        byte[] next = parts[part++];
                        System.arraycopy(next, 0, buffer, offset, next.length);
                        return next.length;
                    }
                };
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = ExampleApp.run(new String[] {"chat", "--session", session()}, input,
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of("DATABASE_URL", behindProxy.jdbcUrl() + "?user=" + TestDatabase.USER));
                String printed = out.toString(StandardCharsets.UTF_8);

                assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
                assertThat(printed).containsSubsequence("answer> ",
                        "answer> ", "(database unreachable: answered without what is stored; this turn is kept",
                        "what is stored cannot be read now, the database is unreachable (1 turns of this process buffered")
                        .doesNotContain("has nothing stored").doesNotContain("not stored)");
            }
        }

        @Test
        void aLibraryWarningDuringTheChatGoesToTheLogFileNotBetweenThePrompts(@TempDir Path directory) throws IOException {
            Path logFile = directory.resolve("logs/chat.log");
            Logger hikari = LoggerFactory.getLogger("com.zaxxer.hikari.pool.PoolBase");
            String warning = "HikariPool-1 - Failed to validate connection. Possibly consider using a shorter maxLifetime value.";
            // The library warns while the prompt waits for a line, as HikariCP does in an outage.
            InputStream input = new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)) {
                @Override
                public synchronized int read(byte[] buffer, int offset, int length) {
                    hikari.warn(warning);
                    return super.read(buffer, offset, length);
                }
            };
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream realOut = System.out;
            PrintStream realErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
                code = ExampleApp.run(new String[] {"chat", "--session", session(), "--log-file", logFile.toString()},
                        input, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(console, true, StandardCharsets.UTF_8), env);
                hikari.warn("after the chat");
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
            }

            assertThat(code).isEqualTo(ExitCodes.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Log: " + logFile, ChatCommand.PROMPT, "answer> ")
                    .doesNotContain("maxLifetime");
            assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("maxLifetime").contains("after the chat");
            assertThat(Files.readString(logFile)).matches("(?s).*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  "
                    + "\\[[^]]+\\] com\\.zaxxer\\.hikari\\.pool\\.PoolBase - " + Pattern.quote(warning) + "\n.*")
                    .doesNotContain("after the chat");
        }

        @Test
        void endOfInputLeavesTheChatCleanly() {
            CliRun chat = run("hello\n", "chat", "--session", session());

            assertThat(chat.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(count(chat.out(), ChatCommand.PROMPT)).isEqualTo(2);
        }
    }

    @Nested
    class SessionsAndCleanup {

        @Test
        void listsSessionsWithTheirTurnCounts() {
            String session = session();
            run("a\nb\n", "chat", "--session", session);

            CliRun sessions = run("", "sessions", "--limit", "1000");

            assertThat(sessions.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(sessions.out()).startsWith("SESSION").containsPattern(Pattern.quote(session) + " +2 +\\d{4}-");
            assertThat(sessions.err()).startsWith("Memory: PostgreSQL at");
        }

        @Test
        void listsIdsWithLineBreaksAndLongIdsOneShortRowEach() {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String broken = "line\nbreak-" + tag;
            String longId = "long-" + tag + "-" + "x".repeat(240);
            run("a\n", "chat", "--session", broken);
            run("a\n", "chat", "--session", longId);

            CliRun sessions = run("", "sessions", "--limit", "2");

            assertThat(sessions.out()).contains("line\\nbreak-" + tag)
                    .contains("long-" + tag + "-" + "x".repeat(SessionsCommand.MAX_SHOWN_ID - 15) + "…");
            assertThat(sessions.out().lines()).hasSize(3)
                    .allSatisfy(row -> assertThat(row.length()).isLessThanOrEqualTo(SessionsCommand.MAX_SHOWN_ID + 40));
        }

        @Test
        void cleanupRemovesSessionsOlderThanTheGivenAgeAndReportsHowMany() {
            String old = session();
            String recent = session();
            run("a\n", "chat", "--session", old);
            run("a\n", "chat", "--session", recent);
            database.update("UPDATE session_memory SET updated_at = now() - interval '3 hours' WHERE session_id = ?", old);

            CliRun cleanup = run("", "cleanup", "--older-than", "2h");

            assertThat(cleanup.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(cleanup.out()).isEqualTo("Removed 1 expired session." + System.lineSeparator());
            assertThat(run("", "sessions", "--limit", "1000").out()).doesNotContain(old).contains(recent);
        }

        @Test
        void cleanupWithoutAnAgeUsesEachSessionsTimeToLive() {
            CliRun cleanup = run("", "cleanup");

            assertThat(cleanup.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(cleanup.out()).matches("Removed \\d+ expired sessions?\\.\\R");
        }
    }

    @Nested
    class Errors {

        @Test
        void anUnknownFlagIsAUsageErrorWithTheCommandsUsage() {
            CliRun run = run("", "demo", "--bogus");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Unknown option: '--bogus'").contains("Usage: orchestrator-example demo");
        }

        @Test
        void aBadDurationNamesTheAcceptedForms() {
            CliRun run = run("", "cleanup", "--older-than", "soon");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("'soon' is not a duration: use 90s, 15m, 2h, 7d or ISO-8601 like PT2H");
        }

        @Test
        void anUnknownProcessorIsAUsageErrorNamingIt() {
            CliRun run = run("", "demo", "--processor", "magic");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).isEqualTo("error: unknown query processor 'magic' (--processor): expected offline or openai"
                    + System.lineSeparator());
        }

        @Test
        void aLimitBelowOneIsAUsageError() {
            CliRun run = run("", "sessions", "--limit", "0");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("error: ").contains("limit");
        }

        @Test
        void anOutOfRangePortIsAUsageError() {
            CliRun run = run("", "serve", "--port", "70000");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--port must be between 0 and 65535, was 70000");
        }

        @Test
        void anUnreachableDatabaseIsExitCode3() {
            CliRun run = CliRun.run(Map.of("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none"), "", "sessions");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
            assertThat(run.err()).startsWith("error: could not open memory on postgresql://127.0.0.1:1/none");
        }

        @Test
        void aMalformedDatabaseUrlIsAUsageErrorNamingTheVariable() {
            CliRun run = CliRun.run(Map.of("DATABASE_URL", "mysql://db/memory"), "", "sessions");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).startsWith("error: DATABASE_URL is not usable: ");
        }

        @Test
        void aPortInUseIsOneLineAndAUsageError() throws IOException {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                String port = Integer.toString(taken.getLocalPort());

                CliRun run = run("", "serve", "--host", "127.0.0.1", "--port", port);

                assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
                assertThat(run.err()).isEqualTo("error: --host 127.0.0.1 --port " + port
                        + " cannot be used: Address already in use" + System.lineSeparator());
            }
        }

        @Test
        void memoryInitializeSchemaFalseLeavesTheSchemaAlone() {
            TestDatabase bare = TestPostgres.createDatabase();

            CliRun run = CliRun.run(Map.of("DATABASE_URL", bare.jdbcUrl(), "MEMORY_INITIALIZE_SCHEMA", "false"), "", "sessions");
            CliRun invalid = CliRun.run(Map.of("DATABASE_URL", bare.jdbcUrl(), "MEMORY_INITIALIZE_SCHEMA", "yes"), "", "sessions");

            assertThat(bare.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'session_memory'"))
                    .as(run.err()).isZero();
            assertThat(invalid.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(invalid.err()).startsWith("error: MEMORY_INITIALIZE_SCHEMA must be true or false, was 'yes'");
        }

        @Test
        void noCommandShowsTheUsageAsAUsageError() {
            CliRun run = run("");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("Commands:").contains("demo").contains("Exit codes:");
        }

        @Test
        void everyCommandHasHelp() {
            for (String command : new String[] {"demo", "chat", "sessions", "cleanup", "serve"}) {
                CliRun help = run("", command, "--help");
                assertThat(help.exitCode()).as(command).isEqualTo(ExitCodes.OK);
                assertThat(help.out()).as(command).startsWith("Usage: orchestrator-example " + command);
            }
        }
    }
}
