package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.HealthStatus;
import dev.memorysdk.MemoryConfigurationException;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A configuration the database refuses is not an outage: every call fails, under every policy,
 * with {@link MemoryConfigurationException} carrying the server's own reason (never the password),
 * nothing is buffered, and health says why. A refused port stays an outage, but its message and
 * health say "refused" rather than only the pool's "connection is not available".
 */
class MisconfigurationTest {

    private static final String PASSWORD = "not-to-be-seen-7f3a";

    private static MemoryConfig.Builder ownedPoolTo(String jdbcUrl, String user, FallbackPolicy policy) {
        return MemoryConfig.custom().jdbcUrl(jdbcUrl).username(user).password(PASSWORD)
                .initializeSchema(false).fallbackPolicy(policy)
                .connectionTimeout(FaultTestSettings.CONNECTION_TIMEOUT)
                .statementTimeout(FaultTestSettings.STATEMENT_TIMEOUT);
    }

    private static void assertRefusedEverywhere(PostgresMemoryManager memory, String serverWords) {
        assertThatThrownBy(() -> memory.addToMemory("misconfigured", FaultTestSettings.turn("misconfigured-1")))
                .isInstanceOf(MemoryConfigurationException.class)
                .hasMessageStartingWith("append for session misconfigured failed: the database refuses the configuration")
                .hasMessageContaining(serverWords)
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> memory.getContext("misconfigured"))
                .isInstanceOf(MemoryConfigurationException.class).hasMessageContaining(serverWords);
        HealthStatus health = memory.healthCheck();
        assertThat(health.status()).isEqualTo(HealthStatus.Status.DOWN);
        assertThat(health.details()).containsEntry("bufferedInteractions", 0);
        assertThat(health.details().get("error")).asString().contains(serverWords).doesNotContain(PASSWORD);
        assertThat(health.toString()).doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(FallbackPolicy.class)
    void aDatabaseThatDoesNotExistFailsEveryCallNamingItUnderEveryPolicy(FallbackPolicy policy) {
        String url = "jdbc:postgresql://localhost:" + TestPostgres.server().getPort() + "/no_such_database_here";
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .config(ownedPoolTo(url, TestDatabase.USER, policy).build()).build()) {
            assertRefusedEverywhere(memory, "database \"no_such_database_here\" does not exist");
        }
    }

    @Test
    void aUserWithoutTheConnectPrivilegeFailsEveryCallNamingIt() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_connect') "
                + "THEN CREATE ROLE no_connect LOGIN; END IF; END $$");
        database.execute("REVOKE CONNECT ON DATABASE " + database.name() + " FROM PUBLIC");
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .config(ownedPoolTo(database.jdbcUrlAs("no_connect"), "no_connect", FallbackPolicy.BUFFER).build()).build()) {
            assertRefusedEverywhere(memory, "permission denied for database");
        }
    }

    @Test
    void aRefusedPortIsAnOutageWhoseMessageAndHealthSayRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/any";
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder()
                .config(ownedPoolTo(url, TestDatabase.USER, FallbackPolicy.FAIL)
                .retryMaxAttempts(1).build()).build()) {
            assertThatThrownBy(() -> memory.getContext("refused"))
                    .hasMessageContaining("the database is unavailable")
                    .hasMessageContaining("refused")
                    .hasMessageNotContaining(PASSWORD);
            assertThat(memory.healthCheck().details().get("error")).asString().contains("refused");
        }
    }
}
