package dev.memorysdk.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL server of its own, on a fixed port and data directory, that a test can
 * stop, kill and start again (the data survives: the directory is kept between starts, and commits
 * are acknowledged only once their WAL is written, as PostgreSQL's default has it). For fault tests;
 * ordinary tests share {@link TestPostgres}. Not thread-safe: drive it from the test thread.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Creates a data directory, picks a free port and starts the server. */
    public static RestartablePostgres start() {
        try {
            RestartablePostgres postgres = new RestartablePostgres(
                    Files.createTempDirectory("memory-sdk-restartable-pg-"), freePort());
            postgres.startServer();
            return postgres;
        } catch (IOException failure) {
            throw new UncheckedIOException("preparing a restartable PostgreSQL failed", failure);
        }
    }

    /**
     * Starts a server on an existing data directory (for example a copy of another server's, made
     * into a standby) on a free port. {@link #close()} deletes the directory.
     */
    public static RestartablePostgres startOn(Path dataDirectory) {
        try {
            RestartablePostgres postgres = new RestartablePostgres(dataDirectory, freePort());
            postgres.startServer();
            return postgres;
        } catch (IOException failure) {
            throw new UncheckedIOException("picking a port failed", failure);
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The {@code postgres} database of this server (user {@code postgres}, no password). */
    public TestDatabase database() {
        return new TestDatabase("postgres", jdbcUrl());
    }

    /** The database {@code name} of this server (user {@code postgres}, no password); it must exist. */
    public TestDatabase database(String name) {
        return new TestDatabase(name, "jdbc:postgresql://localhost:" + port + "/" + name);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Stops the server (fast shutdown: sessions are terminated, committed data is kept). */
    public void stopServer() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException failure) {
            throw new UncheckedIOException("stopping PostgreSQL failed", failure);
        } finally {
            server = null;
        }
    }

    /**
     * Crashes the server: {@code kill -9} of the postmaster and of every backend it started, so
     * nothing is flushed or shut down cleanly; the next {@link #startServer()} runs crash recovery.
     */
    public void killServer() {
        if (server == null) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
            postmaster.onExit().get(30, TimeUnit.SECONDS);
            for (ProcessHandle backend : backends) {
                backend.onExit().get(30, TimeUnit.SECONDS);
            }
            // Releases the embedded server's lock on the data directory; there is nothing left to stop.
            server.close();
        } catch (IOException failure) {
            throw new UncheckedIOException("reading the postmaster's pid failed", failure);
        } catch (Exception failure) {
            throw new IllegalStateException("killing PostgreSQL failed", failure);
        } finally {
            server = null;
        }
    }

    /** Starts the server on the same port and data directory (initialising it on the first start). */
    public void startServer() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    // The embedded server's default is off, which acknowledges a commit before its WAL
                    // leaves shared memory: a kill -9 or a failover would lose acknowledged commits that
                    // PostgreSQL's own default (on) keeps. fsync off still loses nothing while the
                    // machine stays up.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException failure) {
            throw new UncheckedIOException("starting PostgreSQL on port " + port + " failed", failure);
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        stopServer();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory: leaving it behind is harmless.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
