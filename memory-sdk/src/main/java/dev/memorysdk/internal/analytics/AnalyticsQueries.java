package dev.memorysdk.internal.analytics;

import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.internal.store.StatementScopedTimeout;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** Runs {@link AnalyticsMapper} statements, each in its own read-only session. Thread-safe. */
public final class AnalyticsQueries {

    private final SqlSessionFactory factory;

    /** Queries over {@code dataSource}, each statement bounded by {@code statementTimeout}, as {@code tenant} (or null). */
    public AnalyticsQueries(DataSource dataSource, Duration statementTimeout, String tenant) {
        Configuration configuration = new Configuration(new Environment("memory-sdk-analytics",
                new JdbcTransactionFactory(), StatementScopedTimeout.wrap(dataSource, statementTimeout, tenant)));
        configuration.setCacheEnabled(false);
        configuration.addMapper(AnalyticsMapper.class);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
    }

    /**
     * Runs {@code query} and returns its result.
     *
     * @throws MemoryUnavailableException naming {@code operation} if the database fails
     */
    public <T> T run(String operation, Function<AnalyticsMapper, T> query) {
        try (SqlSession session = factory.openSession(true)) {
            return query.apply(session.getMapper(AnalyticsMapper.class));
        } catch (RuntimeException failure) {
            throw new MemoryUnavailableException("analytics " + operation + " failed", failure);
        }
    }
}
