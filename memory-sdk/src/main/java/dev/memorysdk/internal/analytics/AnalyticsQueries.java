package dev.memorysdk.internal.analytics;

import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.internal.store.MyBatisSessions;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;

/** Runs {@link AnalyticsMapper} statements, each in its own read-only session. Thread-safe. */
public final class AnalyticsQueries {

    private final SqlSessionFactory factory;

    /** Queries over {@code dataSource}, each statement bounded by {@code statementTimeout}, as {@code tenant} (or null). */
    public AnalyticsQueries(DataSource dataSource, Duration statementTimeout, String tenant) {
        this.factory = new SqlSessionFactoryBuilder().build(MyBatisSessions.configuration("memory-sdk-analytics",
                dataSource, statementTimeout, tenant, AnalyticsMapper.class));
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
