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

    /**
     * @param driverStatementTimeout bound on every statement, enforced by the driver's query timeout
     *                               (rounded up to whole seconds, as JDBC query timeouts are); null when
     *                               the connections already carry a server-side {@code statement_timeout},
     *                               which costs nothing per call (the driver's timeout schedules and
     *                               cancels a timer task around every statement)
     */
    public MyBatisSessions(DataSource dataSource, Duration driverStatementTimeout) {
        Configuration configuration = new Configuration(
                new Environment("memory-sdk", new JdbcTransactionFactory(), dataSource));
        configuration.setCacheEnabled(false);
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        // Every result is mapped explicitly (constructor result maps or a type handler); automatic
        // mapping would only re-derive the unmapped columns of every row on the hot path.
        configuration.setAutoMappingBehavior(AutoMappingBehavior.NONE);
        if (driverStatementTimeout != null) {
            configuration.setDefaultStatementTimeout(wholeSecondsRoundedUp(driverStatementTimeout));
        }
        configuration.getTypeHandlerRegistry().register(Jsonb.class, new JsonbTypeHandler());
        configuration.addMapper(SessionMemoryMapper.class);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** Runs {@code work} against the mapper in one auto-committed session and returns its result. */
    public <T> T run(Function<SessionMemoryMapper, T> work) {
        try (SqlSession session = factory.openSession(true)) {
            return work.apply(session.getMapper(SessionMemoryMapper.class));
        }
    }

    private static int wholeSecondsRoundedUp(Duration timeout) {
        long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }
}
