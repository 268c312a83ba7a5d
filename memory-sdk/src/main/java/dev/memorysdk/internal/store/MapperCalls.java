package dev.memorysdk.internal.store;

import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.AutoMappingBehavior;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * Runs {@link SessionMemoryMapper} statements, each in its own auto-committed MyBatis session on a
 * connection borrowed from the data source for the duration of the call. Thread-safe.
 */
public final class MapperCalls {

    private final SqlSessionFactory factory;
    private final DirectStatements direct;
    private final boolean tenantScoped;

    /**
     * @param statementTimeout bound on every statement (see {@link #configuration}); it holds behind a
     *                         pooler in transaction mode and costs no round trip
     */
    public MapperCalls(DataSource dataSource, Duration statementTimeout) {
        this(dataSource, statementTimeout, null);
    }

    /** As above; with {@code tenant} not null each statement runs as that tenant (see {@link TenantConnections}). */
    public MapperCalls(DataSource dataSource, Duration statementTimeout, String tenant) {
        Configuration configuration = configuration("memory-sdk", dataSource, statementTimeout, tenant,
                SessionMemoryMapper.class);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        // Every result is mapped explicitly (constructor result maps or a type handler); automatic
        // mapping would only re-derive the unmapped columns of every row on the hot path.
        configuration.setAutoMappingBehavior(AutoMappingBehavior.NONE);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
        this.direct = new DirectStatements(configuration);
        this.tenantScoped = tenant != null;
    }

    /** Whether every statement runs as a tenant, under row-level security. */
    boolean tenantScoped() {
        return tenantScoped;
    }

    /** The statement timeout as the driver takes it: whole seconds, rounded up. */
    private static int driverTimeoutSeconds(Duration statementTimeout) {
        return (int) Math.min(Integer.MAX_VALUE, (statementTimeout.toMillis() + 999) / 1000);
    }

    /** The statements of a context read and a single append, run without MyBatis's per-call machinery. */
    DirectStatements direct() {
        return direct;
    }

    /**
     * The MyBatis configuration every SDK mapper runs on: no second-level cache, the JSONB type
     * handler, {@code mapper} with its XML, and the statement timeout on every statement. Without a
     * tenant the timeout is the driver's, in whole seconds (rounded up): past it the driver asks the
     * server to cancel the statement, with a cancel request that PgBouncer forwards too, and nothing
     * is set on the server. With a tenant, each statement's own transaction sets the tenant and the
     * timeout on the server ({@link TenantConnections}), which costs the server a second statement
     * per call (measured with memory-bench: raw reads behind it ran at 0.91× raw reads without it,
     * scenario raw-context-set-config), the price of a tenant that holds behind a pooler.
     */
    public static Configuration configuration(String environment, DataSource dataSource, Duration statementTimeout,
                                              String tenant, Class<?> mapper) {
        Configuration configuration = new Configuration(new Environment(environment, new JdbcTransactionFactory(),
                tenant == null ? dataSource : TenantConnections.wrap(dataSource, statementTimeout, tenant)));
        if (tenant == null) {
            configuration.setDefaultStatementTimeout(driverTimeoutSeconds(statementTimeout));
        }
        configuration.setCacheEnabled(false);
        configuration.getTypeHandlerRegistry().register(Jsonb.class, new JsonbTypeHandler());
        configuration.addMapper(mapper);
        return configuration;
    }

    /**
     * Runs {@code work} against the mapper in one transaction (an explicit transaction block, so that
     * a lock taken by one statement holds for the next on a distributed table too) and returns its
     * result; rolled back when {@code work} throws.
     */
    public <T> T inTransaction(Function<SessionMemoryMapper, T> work) {
        try (SqlSession session = factory.openSession(false)) {
            T result = work.apply(session.getMapper(SessionMemoryMapper.class));
            session.commit(true);
            return result;
        }
    }

    /** Runs {@code work} against the mapper in one auto-committed session and returns its result. */
    public <T> T run(Function<SessionMemoryMapper, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session.getMapper(SessionMemoryMapper.class));
        }
    }
}
