package dev.memorysdk.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server per test JVM, started on first use and stopped at exit; each test
 * class takes a fresh database of its own from it with {@link #createDatabase()}.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The shared server, started on first call. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "test-postgres-stop"));
        }
        return server;
    }

    /** A new, empty database on the shared server (no schema applied). */
    public static TestDatabase createDatabase() {
        String name = "memory_test_" + DATABASES.incrementAndGet();
        try (Connection admin = server().getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException failure) {
            throw new IllegalStateException("creating test database " + name + " failed", failure);
        }
        return new TestDatabase(name, server().getJdbcUrl("postgres", name));
    }

    /** Starts a server with settings for tests: C.UTF-8 locale, no fsync, room for many pools. */
    public static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder()
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException failure) {
            throw new UncheckedIOException("starting embedded PostgreSQL failed", failure);
        }
    }

    private static synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // The JVM is exiting; the data directory is temporary.
        }
    }
}
