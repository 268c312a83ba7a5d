package dev.memorysdk.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

class FailureClassifierTest {

    /** A PSQLException as pgjdbc builds it from a server error with this SQLState. */
    private static PSQLException serverError(String sqlState) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mtest error\0"));
    }

    /** As MyBatis hands it to the SDK. */
    private static PersistenceException fromMyBatis(Throwable cause) {
        return new PersistenceException("### Error updating database. Cause: " + cause, cause);
    }

    @Nested
    class Transient {

        @ParameterizedTest
        @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "57P05", "53300",
                "40001", "40P01", "25006"})
        void serverStatesAreRetriedAndCounted(String sqlState) {
            PersistenceException failure = fromMyBatis(serverError(sqlState));
            assertThat(FailureClassifier.classify(failure)).isEqualTo(FailureKind.TRANSIENT);
            assertThat(FailureClassifier.isRetryable(failure)).isTrue();
            assertThat(FailureClassifier.isUnavailable(failure)).isTrue();
        }

        @Test
        void driverConnectionFailureIsRetried() {
            PSQLException refused = new PSQLException("Connection to localhost:1 refused.",
                    PSQLState.CONNECTION_UNABLE_TO_CONNECT);
            assertThat(FailureClassifier.classify(fromMyBatis(refused))).isEqualTo(FailureKind.TRANSIENT);
        }

        @Test
        void hikariAcquisitionTimeoutIsRetriedAndCounted() throws Exception {
            SQLException timeout = hikariTimeout();
            assertThat((Throwable) timeout).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(FailureClassifier.classify(fromMyBatis(timeout))).isEqualTo(FailureKind.TRANSIENT);
            assertThat(FailureClassifier.isRetryable(fromMyBatis(timeout))).isTrue();
        }

        /** A real HikariCP timeout: a pool pointed at a port nobody listens on. */
        private SQLException hikariTimeout() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none");
            config.setConnectionTimeout(250);
            config.setInitializationFailTimeout(-1);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                pool.getConnection().close();
                throw new AssertionError("connected to a closed port");
            } catch (SQLException expected) {
                return expected;
            }
        }
    }

    @Nested
    class Timeout {

        @Test
        void statementCancelledByTheStatementTimeoutIsCountedNotRetried() {
            PersistenceException failure = fromMyBatis(serverError("57014"));
            assertThat(FailureClassifier.classify(failure)).isEqualTo(FailureKind.TIMEOUT);
            assertThat(FailureClassifier.isRetryable(failure)).isFalse();
            assertThat(FailureClassifier.isUnavailable(failure)).isTrue();
        }

        @Test
        void socketReadTimeoutIsCountedNotRetried() {
            PSQLException ioError = new PSQLException("An I/O error occurred while sending to the backend.",
                    PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out"));
            assertThat(FailureClassifier.classify(fromMyBatis(ioError))).isEqualTo(FailureKind.TIMEOUT);
            assertThat(FailureClassifier.isRetryable(fromMyBatis(ioError))).isFalse();
        }
    }

    @Nested
    class Permanent {

        @ParameterizedTest
        @ValueSource(strings = {"22P02", "22001", "22021", "23505", "23514", "42P01", "42601", "53100", "42501"})
        void badDataAndBadStatementsAreNeitherRetriedNorCounted(String sqlState) {
            PersistenceException failure = fromMyBatis(serverError(sqlState));
            assertThat(FailureClassifier.classify(failure)).isEqualTo(FailureKind.PERMANENT);
            assertThat(FailureClassifier.isRetryable(failure)).isFalse();
            assertThat(FailureClassifier.isUnavailable(failure)).isFalse();
            assertThat(FailureClassifier.sqlState(failure)).isEqualTo(sqlState);
        }

        @ParameterizedTest
        @ValueSource(strings = {"22P02", "22001", "22021", "22P05"})
        void onlyDataExceptionsAreRefusalsOfTheData(String sqlState) {
            assertThat(FailureClassifier.isDataRefused(fromMyBatis(serverError(sqlState)))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"23505", "42P01", "42501", "25006", "53100", "57014", "08006"})
        void refusalsThatEndWhenAnOperatorActsAreNotRefusalsOfTheData(String sqlState) {
            assertThat(FailureClassifier.isDataRefused(fromMyBatis(serverError(sqlState)))).isFalse();
        }

        @Test
        void illegalArgumentIsNeitherRetriedNorCounted() {
            IllegalArgumentException invalid = new IllegalArgumentException("sessionId must not be blank");
            assertThat(FailureClassifier.classify(invalid)).isEqualTo(FailureKind.PERMANENT);
            assertThat(FailureClassifier.isUnavailable(invalid)).isFalse();
            assertThat(FailureClassifier.isDataRefused(invalid)).isFalse();
        }

        @Test
        void failureOnTheClientSideIsNotADatabaseRefusal() {
            SQLException interrupted = new SQLException("pool - Interrupted during connection acquisition");
            assertThat(FailureClassifier.classify(fromMyBatis(interrupted))).isEqualTo(FailureKind.PERMANENT);
            assertThat(FailureClassifier.isDataRefused(fromMyBatis(interrupted))).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"28P01", "28000", "3D000", "42501"})
    void aRefusedConfigurationBehindThePoolsTimeoutIsPermanentAndDescribedByTheServersWords(String sqlState) {
        PSQLException server = new PSQLException(new ServerErrorMessage(
                "SFATAL\0C" + sqlState + "\0Mpassword authentication failed for user \"app\"\0"));
        SQLTransientConnectionException pool = new SQLTransientConnectionException(
                "memory-sdk-1 - Connection is not available, request timed out after 2001ms.", null, server);
        assertThat(FailureClassifier.isMisconfiguration(fromMyBatis(pool))).isTrue();
        assertThat(FailureClassifier.classify(fromMyBatis(pool))).isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureClassifier.isRetryable(fromMyBatis(pool))).isFalse();
        assertThat(FailureClassifier.describe(fromMyBatis(pool)))
                .contains("Connection is not available")
                .contains("password authentication failed for user \"app\"");
    }

    @Test
    void describeEndsOnACauseChainThatLoopsBackOnItself() {
        RuntimeException outer = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner", outer);
        outer.initCause(inner);
        assertThat(FailureClassifier.describe(outer)).isEqualTo("RuntimeException: inner");
        assertThat(FailureClassifier.sqlState(outer)).isNull();
        assertThat(FailureClassifier.classify(outer)).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void openBreakerMeansUnavailableButIsNotRetried() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("classifier-test");
        breaker.transitionToOpenState();
        CallNotPermittedException rejected = CallNotPermittedException.createCallNotPermittedException(breaker);
        assertThat(FailureClassifier.isUnavailable(rejected)).isTrue();
        assertThat(FailureClassifier.isRetryable(rejected)).isFalse();
    }
}
