package dev.memorysdk.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
     * Kills the postmaster with SIGKILL, as a crash of its machine would end it: no shutdown
     * checkpoint, no goodbye to clients or to a standby. The server can be started again (crash
     * recovery) with {@link #startServer()}.
     */
    public void kill() {
        if (server == null) {
            return;
        }
        try {
            String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim();
            Process kill = new ProcessBuilder("kill", "-9", pid).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -9 " + pid + " failed");
            }
            // Backends of a killed postmaster leave when they notice; until then the port may still answer.
            while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(5);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("killing PostgreSQL on port " + port + " failed", failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing PostgreSQL", interrupted);
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
