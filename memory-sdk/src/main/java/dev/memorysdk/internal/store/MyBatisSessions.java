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
public final class MyBatisSessions {

    private final SqlSessionFactory factory;
    private final DirectReads directReads;

    /**
     * @param statementTimeout bound on every statement, set by the server for the statement's own
     *                         transaction (see {@link StatementScopedTimeout}), so it holds behind a
     *                         pooler in transaction mode and costs no round trip
     */
    public MyBatisSessions(DataSource dataSource, Duration statementTimeout) {
        this(dataSource, statementTimeout, null);
    }

    /** As above; with {@code tenant} not null each statement runs as that tenant (see {@link StatementScopedTimeout}). */
    public MyBatisSessions(DataSource dataSource, Duration statementTimeout, String tenant) {
        Configuration configuration = configuration("memory-sdk", dataSource, statementTimeout, tenant,
                SessionMemoryMapper.class);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        // Every result is mapped explicitly (constructor result maps or a type handler); automatic
        // mapping would only re-derive the unmapped columns of every row on the hot path.
        configuration.setAutoMappingBehavior(AutoMappingBehavior.NONE);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
        this.directReads = new DirectReads(configuration, tenant == null ? dataSource : null, statementTimeout);
    }

    /** The statements of a context read, run without MyBatis's per-call machinery. */
    DirectReads directReads() {
        return directReads;
    }

    /**
     * The MyBatis configuration every SDK mapper runs on: connections from {@code dataSource} whose
     * statements carry the statement timeout and the tenant for their own transaction
     * ({@link StatementScopedTimeout}), no second-level cache, the JSONB type handler, and
     * {@code mapper} with its XML.
     */
    public static Configuration configuration(String environment, DataSource dataSource, Duration statementTimeout,
                                              String tenant, Class<?> mapper) {
        Configuration configuration = new Configuration(new Environment(environment, new JdbcTransactionFactory(),
                StatementScopedTimeout.wrap(dataSource, statementTimeout, tenant)));
        configuration.setCacheEnabled(false);
        configuration.getTypeHandlerRegistry().register(Jsonb.class, new JsonbTypeHandler());
        configuration.addMapper(mapper);
        return configuration;
    }

    /** Runs {@code work} against the mapper in one auto-committed session and returns its result. */
    public <T> T run(Function<SessionMemoryMapper, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session.getMapper(SessionMemoryMapper.class));
        }
    }
}
