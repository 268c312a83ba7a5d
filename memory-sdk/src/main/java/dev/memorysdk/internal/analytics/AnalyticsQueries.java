package dev.memorysdk.internal.analytics;

import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.internal.store.DistributedTable;
import dev.memorysdk.internal.store.MapperCalls;
import dev.memorysdk.internal.store.SessionMemoryMapper;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;

/** Runs {@link AnalyticsMapper} statements, each in its own read-only session. Thread-safe. */
public final class AnalyticsQueries {

    private final SqlSessionFactory factory;

    /** Queries over {@code dataSource}, each statement bounded by {@code statementTimeout}, as {@code tenant} (or null). */
    public AnalyticsQueries(DataSource dataSource, Duration statementTimeout, String tenant) {
        Configuration configuration = MapperCalls.configuration("memory-sdk-analytics", dataSource,
                statementTimeout, tenant, AnalyticsMapper.class);
        configuration.addMapper(SessionMemoryMapper.class);
        this.factory = new SqlSessionFactoryBuilder().build(configuration);
    }

    /**
     * Whether {@code session_memory} is distributed by Citus, whose coordinator holds an empty shell
     * of the table (see {@link DistributedTable}).
     *
     * @throws MemoryUnavailableException if the database fails
     */
    public boolean distributed() {
        try (SqlSession session = factory.openSession(true)) {
            return DistributedTable.isDistributed(session.getMapper(SessionMemoryMapper.class));
        } catch (RuntimeException failure) {
            throw new MemoryUnavailableException("analytics storedBytes failed", failure);
        }
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
