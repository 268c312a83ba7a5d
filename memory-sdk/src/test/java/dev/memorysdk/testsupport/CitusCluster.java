package dev.memorysdk.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memorysdk.internal.schema.SchemaInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Citus cluster on loopback: a coordinator and two workers, each a Debian PostgreSQL 15 server
 * ({@value #PG_BIN}) with {@code shared_preload_libraries = 'citus'}, on free ports, with data
 * directories under a temporary directory. One cluster per test JVM, started on first use and stopped
 * by a shutdown hook. Each database it hands out has the {@code citus} extension on every node, the
 * workers added, the SDK's migrations applied on the coordinator and {@code session_memory}
 * distributed by {@code session_id}, as docs/scaling.md tells users to do.
 *
 * <p>A test that calls it on a machine without PostgreSQL 15's server or without Citus is skipped
 * (JUnit assumption) naming what to install. The servers refuse to run as root: as root they run as
 * the {@code postgres} user through {@code runuser}. Thread-safe: every method is synchronized on the
 * class.
 */
public final class CitusCluster {

    /** Where Debian's {@code postgresql-15} package installs the server binaries. */
    public static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    /** Where {@code ../shared/citus/install.sh} puts Citus' library. */
    private static final Path CITUS_LIBRARY = Path.of("/usr/lib/postgresql/15/lib/citus.so");
    private static final int WORKERS = 2;
    private static final String HOST = "127.0.0.1";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static CitusCluster cluster;
    private static RuntimeException startFailure;
    private static TestDatabase shared;

    private final Path base;
    private final List<Node> nodes;

    /** One server of the cluster; the first of {@link #nodes} is the coordinator. */
    private record Node(Path dataDirectory, int port) {
        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
        }
    }

    private CitusCluster(Path base, List<Node> nodes) {
        this.base = base;
        this.nodes = nodes;
    }

    /**
     * The JVM's shared distributed database on the coordinator (created on first call): the table is
     * shared by every caller, so a test empties it or uses sessions of its own.
     */
    public static synchronized TestDatabase coordinator() {
        if (shared == null) {
            shared = createDatabase();
        }
        return shared;
    }

    /**
     * A new database on every node of the cluster, with the migrations applied and
     * {@code session_memory} distributed by {@code session_id}; returned as reached through the
     * coordinator.
     */
    public static synchronized TestDatabase createDatabase() {
        CitusCluster running = cluster();
        String name = "memory_citus_" + DATABASES.incrementAndGet();
        running.createDistributedDatabase(name);
        return new TestDatabase(name, running.nodes.get(0).jdbcUrl(name));
    }

    /** The URLs of {@code database} on each worker, for checking what the shards hold. */
    public static synchronized List<String> workerJdbcUrls(TestDatabase database) {
        CitusCluster running = cluster();
        return running.nodes.subList(1, running.nodes.size()).stream().map(node -> node.jdbcUrl(database.name())).toList();
    }

    /**
     * Distributes {@code session_memory} of a database whose migrations were applied on the
     * coordinator: what docs/scaling.md tells users to run after the migrations.
     */
    public static void distribute(TestDatabase database) {
        database.execute("SELECT create_distributed_table('session_memory', 'session_id')");
    }

    private static CitusCluster cluster() {
        assumeTrue(Files.isExecutable(Path.of(PG_BIN, "postgres")),
                "needs PostgreSQL 15's server at " + PG_BIN + ": install the Debian package postgresql-15");
        assumeTrue(Files.isRegularFile(CITUS_LIBRARY),
                "needs Citus in PostgreSQL 15 (" + CITUS_LIBRARY + "): run ../shared/citus/install.sh");
        if (startFailure != null) {
            throw startFailure;
        }
        if (cluster == null) {
            try {
                cluster = start();
            } catch (RuntimeException failure) {
                startFailure = failure;
                throw failure;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(CitusCluster::stopCluster, "citus-cluster-stop"));
        }
        return cluster;
    }

    private static CitusCluster start() {
        Path base;
        try {
            base = Files.createTempDirectory("memory-sdk-citus-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (runsAsRoot()) {
                UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(base, postgres);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("creating the Citus cluster's directory failed", failure);
        }
        List<Node> nodes = new ArrayList<>();
        CitusCluster started = new CitusCluster(base, nodes);
        try {
            for (int port : freePorts(WORKERS + 1)) {
                Node node = new Node(base.resolve(nodes.isEmpty() ? "coordinator" : "worker" + nodes.size()), port);
                nodes.add(node);
                startNode(node);
            }
            return started;
        } catch (RuntimeException failure) {
            started.stop();
            throw failure;
        }
    }

    private static void startNode(Node node) {
        run(PG_BIN + "/initdb", "-D", node.dataDirectory().toString(), "-A", "trust", "-U", TestDatabase.USER,
                "-E", "UTF8", "--locale=C.UTF-8");
        try {
            Files.writeString(node.dataDirectory().resolve("postgresql.conf"), String.join("\n",
                    "",
                    "port = " + node.port(),
                    "listen_addresses = '" + HOST + "'",
                    "unix_socket_directories = '" + node.dataDirectory() + "'",
                    "shared_preload_libraries = 'citus'",
                    // no outside connection: Citus' anonymous usage reports stay off
                    "citus.enable_statistics_collection = off",
                    // a non-UTC zone, so that a timestamp read in the server's zone shows
                    "timezone = 'Asia/Tokyo'",
                    "max_connections = 200",
                    "fsync = off",
                    "full_page_writes = off",
                    "synchronous_commit = off",
                    ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException failure) {
            throw new UncheckedIOException("configuring " + node.dataDirectory() + " failed", failure);
        }
        run(PG_BIN + "/pg_ctl", "-D", node.dataDirectory().toString(), "-l",
                node.dataDirectory().resolve("server.log").toString(), "-w", "-t", "120", "start");
    }

    private void createDistributedDatabase(String name) {
        for (Node node : nodes) {
            execute(node.jdbcUrl("postgres"), "CREATE DATABASE " + name);
            execute(node.jdbcUrl(name), "CREATE EXTENSION citus");
        }
        Node coordinator = nodes.get(0);
        execute(coordinator.jdbcUrl(name), "SELECT citus_set_coordinator_host('" + HOST + "', " + coordinator.port() + ")");
        for (Node worker : nodes.subList(1, nodes.size())) {
            execute(coordinator.jdbcUrl(name), "SELECT citus_add_node('" + HOST + "', " + worker.port() + ")");
        }
        TestDatabase database = new TestDatabase(name, coordinator.jdbcUrl(name));
        database.withSchema();
        distribute(database);
    }

    private static void execute(String jdbcUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, TestDatabase.USER, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException("Citus cluster setup failed at " + jdbcUrl + ": " + sql, failure);
        }
    }

    private static synchronized void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }

    private void stop() {
        for (Node node : nodes) {
            if (Files.exists(node.dataDirectory().resolve("postmaster.pid"))) {
                try {
                    run(PG_BIN + "/pg_ctl", "-D", node.dataDirectory().toString(), "-m", "fast", "-w", "-t", "60", "stop");
                } catch (RuntimeException failure) {
                    run(PG_BIN + "/pg_ctl", "-D", node.dataDirectory().toString(), "-m", "immediate", "-w", "stop");
                }
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory: leaving it behind is harmless.
        }
    }

    /** Runs a server binary as the postgres user (through runuser when this JVM is root). */
    private static void run(String... command) {
        List<String> line = new ArrayList<>();
        if (runsAsRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("running " + command[0] + " failed", failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], interrupted);
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException failure) {
            throw new UncheckedIOException("finding free ports failed", failure);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Only the port number was wanted.
                }
            }
        }
    }
}
