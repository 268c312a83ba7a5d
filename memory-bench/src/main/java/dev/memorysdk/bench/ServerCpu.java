package dev.memorysdk.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time a PostgreSQL server on this machine has used, from {@code /proc}: its postmaster and
 * every process the postmaster runs (backends, WAL writer, checkpointer, autovacuum), counting the
 * children that have exited. Beside the load tool's own CPU it splits a scenario's cost into client
 * and server. Thread-safe.
 */
final class ServerCpu {

    /** For a server whose processes this machine cannot see: every reading is unknown. */
    static final ServerCpu UNKNOWN = new ServerCpu(-1, Path.of("/proc"));

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times ({@code USER_HZ}, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private final long postmasterPid;
    private final Path proc;

    ServerCpu(long postmasterPid, Path proc) {
        this.postmasterPid = postmasterPid;
        this.proc = proc;
    }

    /** The server whose postmaster is {@code postmasterPid}, read from this machine's {@code /proc}. */
    static ServerCpu ofPostmaster(long postmasterPid) {
        return new ServerCpu(postmasterPid, Path.of("/proc"));
    }

    /**
     * The server {@code connection} is connected to, when it runs on this machine: its postmaster is
     * the parent of the connection's backend process. Unknown when this machine has no PostgreSQL
     * process of that id.
     */
    static ServerCpu of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            Stat backend = Stat.read(Path.of("/proc", Long.toString(row.getLong(1)), "stat"));
            return backend == null || !backend.command().startsWith("postgres") ? UNKNOWN
                    : ofPostmaster(backend.parentPid());
        }
    }

    /** The CPU time the server has used so far, in nanoseconds; -1 when unknown. */
    long nanos() {
        if (postmasterPid < 0) {
            return -1;
        }
        Stat postmaster = Stat.read(proc.resolve(Long.toString(postmasterPid)).resolve("stat"));
        if (postmaster == null) {
            return -1;
        }
        long ticks = postmaster.ticks();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                Stat stat = Stat.read(process.resolve("stat"));
                if (stat != null && stat.parentPid() == postmasterPid) {
                    ticks += stat.ticks();
                }
            }
        } catch (IOException unreadable) {
            return -1;
        }
        return ticks * TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
    }

    /**
     * The fields of one {@code /proc/<pid>/stat} line that matter here.
     *
     * @param command   the command name (field 2)
     * @param parentPid the parent's pid (field 4)
     * @param ticks     user and system time of the process and of its exited, waited-for children
     *                  (fields 14 to 17)
     */
    record Stat(String command, long parentPid, long ticks) {

        /** The stat at {@code file}; null when the process has gone. */
        static Stat read(Path file) {
            try {
                return parse(Files.readString(file));
            } catch (IOException gone) {
                return null;
            }
        }

        /**
         * Parses a stat line. The command name (field 2) is in parentheses and may hold spaces and
         * parentheses itself: the fields after it start after its last closing one.
         *
         * @throws IllegalArgumentException if the line is not a stat line
         */
        static Stat parse(String line) {
            int start = line.indexOf('(');
            int end = line.lastIndexOf(')');
            String[] fields = start < 0 || end < start ? new String[0] : line.substring(end + 1).trim().split(" +");
            // fields[0] is field 3 (state): field n is fields[n - 3].
            if (fields.length < 15) {
                throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
            }
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            return new Stat(line.substring(start + 1, end), Long.parseLong(fields[1]), ticks);
        }
    }
}
