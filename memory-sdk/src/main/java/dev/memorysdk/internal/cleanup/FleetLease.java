package dev.memorysdk.internal.cleanup;

import dev.memorysdk.internal.store.MapperCalls;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;

/**
 * A lease in {@code session_memory_lease} shared by every instance on one database: while one
 * instance holds it, the others' {@link #tryTake} returns false. It lapses by itself, so a holder
 * that dies keeps it at most one term. Works behind a pooler in transaction mode (one statement, no
 * session state). Thread-safe.
 */
public final class FleetLease {

    private final SqlSessionFactory factory;
    private final String name;
    private final String holder;

    public FleetLease(DataSource dataSource, Duration statementTimeout, String name, String instance) {
        this.factory = new SqlSessionFactoryBuilder().build(MapperCalls.configuration("memory-sdk-lease",
                dataSource, statementTimeout, null, LeaseMapper.class));
        this.name = name;
        this.holder = instance + "/" + UUID.randomUUID();
    }

    /**
     * Takes the lease for {@code term} if nobody holds it or its last term is over.
     *
     * @return whether this instance now holds it
     * @throws RuntimeException if the database cannot be asked
     */
    public boolean tryTake(Duration term) {
        try (SqlSession session = factory.openSession(true)) {
            return holder.equals(session.getMapper(LeaseMapper.class).tryTake(name, holder, term.toMillis() / 1000.0));
        }
    }

    /** This instance's name in the lease table: its manager's name and a random suffix. */
    public String holder() {
        return holder;
    }
}
