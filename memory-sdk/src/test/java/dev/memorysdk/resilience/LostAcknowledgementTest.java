package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An append that reached the database and committed, but whose answer was lost on the way back
 * (simulated: the statement runs, then the driver call fails as a broken connection or a timeout
 * would). However it is retried (by the SDK's retry, by the outage buffer's replay, or by the
 * caller after an exception), the turn is stored once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostAcknowledgementTest {

    private TestDatabase database;

    @BeforeAll
    void createDatabase() {
        database = TestPostgres.createDatabase().withSchema();
    }

    @Test
    void retriedAfterALostAcknowledgementTheTurnIsStoredOnce() {
        LosingDataSource losing = new LosingDataSource(database.dataSource());
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(losing).build()) {
            losing.loseNextAcknowledgements(1, "08006");
            assertThat(memory.addToMemory("lost-ack-retry", FaultTestSettings.turn("once"))).isTrue();
            assertThat(losing.lost()).as("acknowledgements lost, then retried by the SDK").isEqualTo(1);
            assertThat(storedIds("lost-ack-retry")).isEqualTo("once");
        }
    }

    @Test
    void bufferedAfterALostAcknowledgementTheTurnIsReplayedWithoutADuplicate() {
        LosingDataSource losing = new LosingDataSource(database.dataSource());
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(losing)
                .config(MemoryConfig.custom()
                .bufferReplayInterval(FaultTestSettings.REPLAY_INTERVAL).build()).build()) {
            // A timeout is not retried: the turn goes to the buffer although the database has it.
            losing.loseNextAcknowledgements(1, "57014");
            assertThat(memory.addToMemory("lost-ack-buffer", FaultTestSettings.turn("once"))).isTrue();
            assertThat(memory.addToMemory("lost-ack-buffer", FaultTestSettings.turn("next"))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.healthCheck().status() == HealthStatus.Status.UP);
            assertThat(storedIds("lost-ack-buffer")).isEqualTo("once,next");
        }
    }

    @Test
    void retriedByTheCallerAfterMemoryUnavailableExceptionTheTurnIsStoredOnce() {
        LosingDataSource losing = new LosingDataSource(database.dataSource());
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(losing)
                .config(MemoryConfig.custom().fallbackPolicy(FallbackPolicy.FAIL).build()).build()) {
            Interaction turn = FaultTestSettings.turn("once");
            losing.loseNextAcknowledgements(1, "57014");
            assertThatThrownBy(() -> memory.addToMemory("lost-ack-caller", turn))
                    .isInstanceOf(MemoryUnavailableException.class);
            assertThat(memory.addToMemory("lost-ack-caller", turn)).isTrue();
            assertThat(memory.addAllToMemory("lost-ack-caller", List.of(turn))).as("already stored").isZero();
            assertThat(storedIds("lost-ack-caller")).isEqualTo("once");
        }
    }

    private String storedIds(String sessionId) {
        return database.queryString("SELECT string_agg(e ->> 'id', ',' ORDER BY ord) FROM session_memory, "
                + "jsonb_array_elements(history) WITH ORDINALITY AS t(e, ord) WHERE session_id = ?", sessionId);
    }

    /**
     * Wraps a data source so that the next N executed statements run (and, auto-committed, commit)
     * and then fail with the given SQLState, as if the answer had been lost.
     */
    private static final class LosingDataSource extends DelegatingDataSource {

        private final AtomicInteger toLose = new AtomicInteger();
        private final AtomicInteger lost = new AtomicInteger();
        private volatile String sqlState = "08006";

        LosingDataSource(DataSource target) {
            super(target);
        }

        void loseNextAcknowledgements(int count, String state) {
            sqlState = state;
            toLose.set(count);
        }

        int lost() {
            return lost.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        return result instanceof PreparedStatement statement ? losing(statement) : result;
                    });
        }

        private PreparedStatement losing(PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        Object result = invoke(statement, method, args);
                        if (method.getName().equals("execute") && toLose.getAndDecrement() > 0) {
                            lost.incrementAndGet();
                            throw new SQLException("answer lost after the statement ran (simulated)", sqlState);
                        }
                        return result;
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args)
                throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException failure) {
                throw failure.getCause();
            }
        }
    }
}
