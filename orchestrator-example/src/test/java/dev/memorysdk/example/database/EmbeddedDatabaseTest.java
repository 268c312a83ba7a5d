package dev.memorysdk.example.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.example.cli.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's own PostgreSQL: a data directory kept between runs. Each test starts real servers. */
class EmbeddedDatabaseTest {

    @TempDir
    Path home;

    private String chat(Path dataDirectory, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = dev.memorysdk.example.cli.ExampleApp.run(
                new String[] {"chat", "--session", "me", "--data-dir", dataDirectory.toString()},
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), Map.of());
        assertThat(code).isEqualTo(ExitCodes.OK);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chatRemembersAcrossARestartOnTheSameDataDirectory() {
        Path dataDirectory = home.resolve("pgdata");

        String first = chat(dataDirectory, "My name is Ada.\n/quit\n");
        String second = chat(dataDirectory, "/quit\n");

        assertThat(first).startsWith("Memory: embedded PostgreSQL, data in " + dataDirectory + " (created now)");
        assertThat(second).startsWith("Memory: embedded PostgreSQL, data in " + dataDirectory + " (reused)")
                .contains("Session 'me': 1 turn remembered.")
                .contains("[1] you:    My name is Ada.");
    }

    @Test
    void aStalePidFileFromAKilledRunDoesNotBlockTheNextStart() throws Exception {
        Path dataDirectory = home.resolve("pgdata");
        EmbeddedDatabase.start(dataDirectory).close();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(dataDirectory.resolve("postmaster.pid"), exited.pid() + "\n" + dataDirectory + "\n");

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDirectory)) {
            assertThat(restarted.created()).isFalse();
            assertThat(restarted.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
        }
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryIsRefused() {
        Path dataDirectory = home.resolve("pgdata");
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDirectory)) {
            assertThat(running.created()).isTrue();
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDirectory))
                    .isInstanceOf(DatabaseStartException.class)
                    .hasMessage("data directory " + dataDirectory + " is in use by another running instance of the app:"
                            + " stop it, or pass another --data-dir");
        }
    }

    @Test
    void aNonEmptyDirectoryThatIsNotADataDirectoryIsRefused() throws IOException {
        Path notData = Files.createDirectories(home.resolve("documents"));
        Files.writeString(notData.resolve("letter.txt"), "keep me");

        assertThatThrownBy(() -> EmbeddedDatabase.start(notData))
                .isInstanceOf(DatabaseStartException.class)
                .hasMessageContaining("is neither empty nor a PostgreSQL data directory");
        assertThat(notData.resolve("letter.txt")).hasContent("keep me");
    }

    @Test
    void credentialsInADatabaseUrlAreNeverShown() {
        assertThat(MemoryBackend.redact("postgresql://app:s3cret@db.example.com:5432/memory?sslmode=require"))
                .isEqualTo("postgresql://db.example.com:5432/memory");
        assertThat(MemoryBackend.redact("jdbc:postgresql://db:5432/memory?user=app&password=s3cret"))
                .isEqualTo("postgresql://db:5432/memory");
    }
}
