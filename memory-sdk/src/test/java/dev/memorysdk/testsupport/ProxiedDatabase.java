package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database with the schema, reached through a {@link TcpProxy} the test switches between
 * forward, drop and hang: the set-up of every outage test, in every module. Either a JUnit
 * extension for one test class ({@code @RegisterExtension static final ProxiedDatabase PROXIED = new ProxiedDatabase();})
 * or started and closed by the test itself ({@code try (ProxiedDatabase proxied = ProxiedDatabase.start())}).
 * Not thread-safe to start and close; the proxy itself is.
 */
public final class ProxiedDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** How long a manager of {@link #fastFailingConfig()} waits for a connection. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    /** The statement timeout of {@link #fastFailingConfig()}. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    /** How often a manager of {@link #fastFailingConfig()} offers buffered turns back. */
    public static final Duration REPLAY_INTERVAL = Duration.ofMillis(100);

    private TestDatabase database;
    private TcpProxy proxy;

    /** A database and proxy made before the test class's tests and closed after them. */
    public ProxiedDatabase() {
    }

    /** A database and proxy made now, forwarding; the caller closes it. */
    public static ProxiedDatabase start() {
        ProxiedDatabase proxied = new ProxiedDatabase();
        proxied.open();
        return proxied;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open() {
        database = TestPostgres.createDatabase().withSchema();
        proxy = TcpProxy.start("localhost", TestPostgres.server().getPort());
    }

    /** The database itself, reached directly (to look at what is stored while the proxy drops). */
    public TestDatabase database() {
        return database;
    }

    public TcpProxy proxy() {
        return proxy;
    }

    /** The database's JDBC URL through the proxy, without a user. */
    public String jdbcUrl() {
        return proxy.jdbcUrl(database.name());
    }

    /**
     * A non-pooling data source through the proxy with short connect and socket timeouts: every
     * call connects afresh, so a test is not paced by a pool's reconnection backoff after an outage.
     */
    public DataSource unpooledDataSource() {
        return unpooled(jdbcUrl());
    }

    /** As {@link #unpooledDataSource()}, to any database's {@code jdbcUrl} (another one through the same proxy). */
    public static DataSource unpooled(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(TestDatabase.USER);
        dataSource.setConnectTimeout(1);
        dataSource.setSocketTimeout(3);
        return dataSource;
    }

    /**
     * Settings of a manager that notices an outage within about a second: short connection and
     * statement timeouts, one attempt per call, a fast replay. Give the manager a data source
     * ({@link #unpooledDataSource()}), or use {@link #pooledConfig()}.
     */
    public static MemoryConfig.Builder fastFailingConfig() {
        return MemoryConfig.custom().connectionTimeout(CONNECTION_TIMEOUT).statementTimeout(STATEMENT_TIMEOUT)
                .retryMaxAttempts(1).bufferReplayInterval(REPLAY_INTERVAL);
    }

    /** {@link #fastFailingConfig()} for a manager that owns a pool through the proxy. */
    public MemoryConfig.Builder pooledConfig() {
        return fastFailingConfig().jdbcUrl(jdbcUrl()).username(TestDatabase.USER);
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
