package dev.memorysdk.testsupport;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.postgres.PostgresMemoryManager;
import java.util.List;

/**
 * A database of the JVM's shared server behind a real PgBouncer in transaction pooling mode, with
 * fewer server connections ({@value #SERVER_CONNECTIONS}) than the SDK's pool has clients
 * ({@value #CLIENTS}). Skips the run (JUnit assumption) when PgBouncer is not installed.
 */
public final class PgBouncerDeployment implements Deployment {

    /** Server connections PgBouncer keeps per database and user. */
    public static final int SERVER_CONNECTIONS = 2;
    /** The SDK's pool size through the pooler. */
    public static final int CLIENTS = 10;

    private final TestDatabase direct;
    private final TestPgBouncer bouncer;

    private PgBouncerDeployment(TestDatabase direct, TestPgBouncer bouncer) {
        this.direct = direct;
        this.bouncer = bouncer;
    }

    /** A fresh database with the migrations applied, and a PgBouncer of its own letting in {@code roles}. */
    public static PgBouncerDeployment create(List<String> roles) {
        TestPgBouncer bouncer = TestPgBouncer.start(TestPostgres.server().getPort(), SERVER_CONNECTIONS, roles);
        return new PgBouncerDeployment(TestPostgres.createDatabase().withSchema(), bouncer);
    }

    @Override
    public TestDatabase database() {
        return direct;
    }

    /** The run's database as a client of the pooler reaches it (as the owner). */
    public TestDatabase throughPooler() {
        return bouncer.database(direct);
    }

    @Override
    public MemoryConfig.Builder connect(String role) {
        return MemoryConfig.custom().jdbcUrl(bouncer.jdbcUrl(direct.name())).username(role)
                .maxPoolSize(CLIENTS);
    }

    @Override
    public void close() {
        bouncer.close();
    }
}
