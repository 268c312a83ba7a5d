package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCpuTest {

    /** A stat line as Linux writes it, with the given parent and times (utime stime cutime cstime). */
    private static String statLine(long pid, String command, long parentPid, long... times) {
        return pid + " (" + command + ") S " + parentPid + " 1 1 0 -1 4194560 100 0 0 0 " + times[0] + " " + times[1]
                + " " + times[2] + " " + times[3] + " 20 0 1 0 100 1000 50 18446744073709551615\n";
    }

    private static void process(Path proc, long pid, String command, long parentPid, long... times) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), statLine(pid, command, parentPid, times));
    }

    @Test
    void aStatLineGivesTheParentAndTheTimesOfTheProcessAndItsExitedChildren() {
        ServerCpu.Stat stat = ServerCpu.Stat.parse(statLine(42, "postgres", 7, 10, 20, 300, 4000));

        assertThat(stat.parentPid()).isEqualTo(7);
        assertThat(stat.ticks()).isEqualTo(4330);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ServerCpu.Stat stat = ServerCpu.Stat.parse(statLine(42, "postgres: a (b) c", 7, 1, 2, 3, 4));

        assertThat(stat.command()).isEqualTo("postgres: a (b) c");
        assertThat(stat.parentPid()).isEqualTo(7);
        assertThat(stat.ticks()).isEqualTo(10);
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedNamingIt() {
        assertThatThrownBy(() -> ServerCpu.Stat.parse("cpu 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a /proc/<pid>/stat line");
    }

    @Test
    void theServerIsItsPostmasterAndThePostmastersChildrenOnly(@TempDir Path proc) throws IOException {
        process(proc, 100, "postgres", 1, 5, 5, 40, 10);
        process(proc, 101, "postgres: postgres postgres [local] idle", 100, 200, 100, 0, 0);
        process(proc, 102, "postgres: walwriter", 100, 3, 2, 0, 0);
        process(proc, 103, "java", 1, 9_000, 9_000, 0, 0);
        process(proc, 104, "bash", 103, 7_000, 0, 0, 0);

        long ticks = 5 + 5 + 40 + 10 + 200 + 100 + 3 + 2;
        assertThat(new ServerCpu(100, proc).nanos()).isEqualTo(ticks * TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void theServerOfAConnectionOnThisMachineCountsTheWorkItsStatementsDo() throws SQLException {
        TestDatabase database = TestPostgres.createDatabase();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            ServerCpu server = ServerCpu.of(connection);
            long before = server.nanos();

            statement.executeQuery("SELECT count(*) FROM generate_series(1, 3000000) AS n WHERE md5(n::text) LIKE 'a%'")
                    .close();

            assertThat(before).isNotNegative();
            assertThat(server.nanos()).isGreaterThan(before);
        }
    }

    @Test
    void aServerThisMachineCannotSeeIsUnknown(@TempDir Path proc) {
        assertThat(new ServerCpu(100, proc).nanos()).isEqualTo(-1);
        assertThat(ServerCpu.UNKNOWN.nanos()).isEqualTo(-1);
    }
}
