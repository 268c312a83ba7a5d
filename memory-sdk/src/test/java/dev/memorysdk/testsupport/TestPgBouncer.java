package dev.memorysdk.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian package {@code pgbouncer}) in transaction pooling mode in front of a
 * PostgreSQL server, started as a process of its own and stopped on {@link #close()}. Every database
 * of the server is reachable through it by name. PgBouncer refuses to run as root: as root it is
 * told to switch to {@code nobody} ({@code -u}). Not thread-safe: drive it from the test thread.
 */
public final class TestPgBouncer implements AutoCloseable {

    /** Where the Debian package installs the binary. */
    private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    private final Process process;
    private final Path directory;
    private final int port;

    private TestPgBouncer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts PgBouncer in front of the server at {@code serverPort} with {@code poolSize} server
     * connections per database and user; skips the calling test (JUnit assumption) when PgBouncer is
     * not installed.
     */
    public static TestPgBouncer start(int serverPort, int poolSize) {
        return start(serverPort, poolSize, List.of(TestDatabase.USER));
    }

    /** As {@link #start(int, int)}, letting in these users (all without password). */
    public static TestPgBouncer start(int serverPort, int poolSize, List<String> users) {
        assumeTrue(Files.isExecutable(BINARY), "needs PgBouncer at " + BINARY + ": install the Debian package pgbouncer");
        try {
            Path directory = Files.createTempDirectory("memory-sdk-pgbouncer-");
            int port = freePort();
            Path ini = writeConfiguration(directory, serverPort, port, poolSize, users);
            List<String> command = new ArrayList<>(List.of(BINARY.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(ini.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("pgbouncer.log").toFile()).start();
            TestPgBouncer bouncer = new TestPgBouncer(process, directory, port);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException failure) {
            throw new UncheckedIOException("starting PgBouncer failed", failure);
        }
    }

    /**
     * The URL of {@code database} through PgBouncer, with what pgjdbc needs behind PgBouncer 1.18 in
     * transaction mode: {@code prepareThreshold=0} (no server-side prepared statements, which 1.18
     * cannot carry from one server connection to the next).
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    /** The same database as {@code direct}, reached through PgBouncer. */
    public TestDatabase database(TestDatabase direct) {
        return new TestDatabase(direct.name(), jdbcUrl(direct.name()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(directory);
    }

    private static Path writeConfiguration(Path directory, int serverPort, int port, int poolSize,
                                           List<String> userNames) throws IOException {
        Path users = directory.resolve("users.txt");
        StringBuilder entries = new StringBuilder();
        userNames.forEach(user -> entries.append('"').append(user).append("\" \"\"\n"));
        Files.writeString(users, entries);
        Path ini = directory.resolve("pgbouncer.ini");
        Files.writeString(ini, String.join("\n",
                "[databases]",
                "* = host=127.0.0.1 port=" + serverPort,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + users,
                "pool_mode = transaction",
                "default_pool_size = " + poolSize,
                "max_client_conn = 500",
                // pgjdbc sends extra_float_digits at start-up; PgBouncer refuses unknown start-up parameters.
                "ignore_startup_parameters = extra_float_digits",
                ""));
        // Readable by the unprivileged user PgBouncer switches to.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString("rw-r--r--"));
        return ini;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited: " + Files.readString(directory.resolve("pgbouncer.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("PgBouncer did not listen on port " + port + " within 10 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PgBouncer", interrupted);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory: leaving it behind is harmless.
        }
    }
}
