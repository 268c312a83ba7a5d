package dev.memorysdk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;

class ConcurrentAppendsTest {

    @Test
    void aCallTheDatabaseRefusesIsCountedAndEveryOtherCallStillRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();

        ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(4, 10, random -> {
            if (calls.incrementAndGet() % 7 == 0) {
                throw new SQLException("deadlock detected", "40P01");
            }
            completed.incrementAndGet();
        });

        assertThat(calls).hasValue(40);
        assertThat(outcome.refused()).isEqualTo(5);
        assertThat(completed).hasValue(35);
        assertThat(outcome.firstSqlState()).isEqualTo("40P01");
        assertThat(outcome.describe()).isEqualTo(" (5 calls refused by the database, SQLSTATE 40P01)");
    }

    @Test
    void aRefusalAFrameworkWrapsIsCountedToo() throws Exception {
        // Spring AI's JdbcChatMemoryRepository under 16 writers: its deadlock arrives as Spring's exception.
        AtomicInteger calls = new AtomicInteger();

        ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(2, 5, random -> {
            if (calls.incrementAndGet() % 5 == 0) {
                throw new PessimisticLockingFailureException("PreparedStatementCallback",
                        new SQLException("deadlock detected", "40P01"));
            }
        });

        assertThat(calls).hasValue(10);
        assertThat(outcome.refused()).isEqualTo(2);
        assertThat(outcome.firstSqlState()).isEqualTo("40P01");
    }

    @Test
    void aRunWithNoRefusalDescribesNothing() throws Exception {
        ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(2, 3, random -> { });

        assertThat(outcome.refused()).isZero();
        assertThat(outcome.describe()).isEmpty();
    }

    @Test
    void anyOtherFailureEndsTheRun() {
        assertThatThrownBy(() -> ConcurrentAppends.run(2, 3, random -> {
            throw new IllegalStateException("a defect of the caller");
        })).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }
}
