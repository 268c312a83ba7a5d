package dev.memorysdk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A primary with the SDK's schema and a real streaming standby of it, both from the embedded
 * binaries (which hold no {@code pg_basebackup}): the standby is a copy of the cleanly stopped
 * primary's data directory with {@code standby.signal} and {@code primary_conninfo}, replaying
 * {@code applyDelay} behind the primary so that its lag is certain. Each server can be stopped and
 * started again. Not thread-safe: drive it from the test thread.
 */
public final class StreamingReplica implements AutoCloseable {

    private final RestartablePostgres primary;
    private final RestartablePostgres standby;

    private StreamingReplica(RestartablePostgres primary, RestartablePostgres standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /** Starts the primary, applies the schema, and starts a standby that replays {@code applyDelay} late. */
    public static StreamingReplica start(Duration applyDelay) {
        RestartablePostgres primary = RestartablePostgres.start();
        try {
            primary.database().withSchema();
            primary.stopServer();
            Path copy = Files.createTempDirectory("memory-sdk-standby-pg-");
            copyPreservingOwners(primary.dataDirectory(), copy);
            Files.createFile(copy.resolve("standby.signal"));
            Files.writeString(copy.resolve("postgresql.auto.conf"), String.join("\n",
                    "primary_conninfo = 'host=localhost port=" + primary.port() + " user=" + TestDatabase.USER + "'",
                    "recovery_min_apply_delay = '" + applyDelay.toMillis() + "ms'",
                    ""), StandardOpenOption.APPEND);
            primary.startServer();
            return new StreamingReplica(primary, RestartablePostgres.startOn(copy));
        } catch (IOException | RuntimeException failure) {
            primary.close();
            throw failure instanceof IOException io
                    ? new UncheckedIOException("preparing the standby failed", io) : (RuntimeException) failure;
        }
    }

    public RestartablePostgres primary() {
        return primary;
    }

    public RestartablePostgres standby() {
        return standby;
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    public void awaitCaughtUp(Duration atMost) {
        String written = primary.database().queryString("SELECT pg_current_wal_insert_lsn()::text");
        long deadline = System.nanoTime() + atMost.toNanos();
        while (standby.database().queryLong(
                "SELECT CASE WHEN pg_last_wal_replay_lsn() >= ?::pg_lsn THEN 1 ELSE 0 END", written) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby did not replay up to " + written + " within " + atMost);
            }
            sleep(20);
        }
    }

    @Override
    public void close() {
        standby.close();
        primary.close();
    }

    /** {@code cp -a}: the embedded server refuses a data directory it does not own. */
    private static void copyPreservingOwners(Path from, Path to) throws IOException {
        Process copy = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).redirectErrorStream(true).start();
        try {
            if (!copy.waitFor(60, TimeUnit.SECONDS) || copy.exitValue() != 0) {
                throw new IOException("cp -a " + from + " failed: " + new String(copy.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + from, interrupted);
        }
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        Files.setOwner(to, Files.getOwner(from));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the standby", interrupted);
        }
    }
}
