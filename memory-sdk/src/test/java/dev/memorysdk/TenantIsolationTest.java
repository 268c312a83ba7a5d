package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.MemorySchema;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPgBouncer;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant isolation by row-level security ({@code sql/optional/isolate_tenants.sql}), proved as the
 * application's own role (neither superuser nor BYPASSRLS) with raw SQL as well as through the SDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {

    private static final String APP_ROLE = "memory_app";

    private TestDatabase database;
    private PostgresMemoryManager acme;
    private PostgresMemoryManager globex;

    @BeforeAll
    void isolateTenants() {
        database = TestPostgres.createDatabase().withSchema();
        database.execute(MemorySchema.script("optional/isolate_tenants.sql"));
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN "
                + "CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$");
        database.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO " + APP_ROLE);
        acme = manager(appUrl(), "acme");
        globex = manager(appUrl(), "globex");
    }

    @AfterAll
    void close() {
        acme.close();
        globex.close();
    }

    private static PostgresMemoryManager manager(String jdbcUrl, String tenant) {
        MemoryConfig config = MemoryConfig.custom().jdbcUrl(jdbcUrl).username(APP_ROLE)
                .fallbackPolicy(FallbackPolicy.FAIL).maxPoolSize(2).tenant(tenant).build();
        return PostgresMemoryManager.builder().config(config).build();
    }

    private String appUrl() {
        return database.jdbcUrlAs(APP_ROLE);
    }

    private Connection connectAsApplication() throws SQLException {
        return DriverManager.getConnection(appUrl());
    }

    private static List<String> sessionIds(Connection connection, String tenant) throws SQLException {
        List<String> ids = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            if (tenant != null) {
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config('memory.tenant', ?, true)")) {
                    set.setString(1, tenant);
                    set.execute();
                }
            }
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT session_id FROM session_memory ORDER BY session_id")) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
        return ids;
    }

    @Test
    void eachTenantReadsOnlyItsOwnSessionsThroughTheSdk() {
        acme.addToMemory("acme-1", "acme question", "acme answer");
        globex.addToMemory("globex-1", "globex question", "globex answer");

        assertThat(acme.getContext("acme-1")).extracting(Interaction::query).containsExactly("acme question");
        assertThat(acme.getContext("globex-1")).isEmpty();
        assertThat(acme.getSessionStats("globex-1")).isEmpty();
        assertThat(acme.getAllSessions(100)).extracting(SessionStats::sessionId).contains("acme-1").doesNotContain("globex-1");
        assertThat(globex.getAllSessions(100)).extracting(SessionStats::sessionId).contains("globex-1").doesNotContain("acme-1");
        assertThat(acme.clearMemory("globex-1")).isFalse();
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'globex-1'")).isEqualTo(1);
    }

    @Test
    void oneTenantsRawSqlSeesNoneOfAnothersRows() throws SQLException {
        acme.addToMemory("acme-raw", "q", "a");
        globex.addToMemory("globex-raw", "secret of globex", "a");

        try (Connection connection = connectAsApplication()) {
            assertThat(sessionIds(connection, "acme")).contains("acme-raw").doesNotContain("globex-raw");
            assertThat(sessionIds(connection, "globex")).contains("globex-raw").doesNotContain("acme-raw");
            connection.setAutoCommit(false);
            try (PreparedStatement set = connection.prepareStatement("SELECT set_config('memory.tenant', 'acme', true)");
                 Statement update = connection.createStatement()) {
                set.execute();
                assertThat(update.executeUpdate("UPDATE session_memory SET history = '[]' WHERE session_id = 'globex-raw'"))
                        .as("rows of another tenant cannot be changed either").isZero();
                assertThat(update.executeUpdate("DELETE FROM session_memory WHERE session_id = 'globex-raw'")).isZero();
            } finally {
                connection.commit();
            }
        }
        assertThat(globex.getContext("globex-raw")).extracting(Interaction::query).containsExactly("secret of globex");
    }

    @Test
    void aConnectionNamingNoTenantSeesNothingRatherThanEverything() throws SQLException {
        acme.addToMemory("acme-none", "q", "a");
        try (Connection connection = connectAsApplication()) {
            assertThat(sessionIds(connection, null)).as("never named in this connection").isEmpty();
            assertThat(sessionIds(connection, "acme")).contains("acme-none");
            assertThat(sessionIds(connection, null)).as("named in an earlier transaction only").isEmpty();
            try (Statement insert = connection.createStatement()) {
                assertThatThrownBy(() -> insert.executeUpdate(
                        "INSERT INTO session_memory (session_id, history) VALUES ('nobodys', '[]')"))
                        .isInstanceOf(SQLException.class);
            }
        }
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'nobodys'")).isZero();
    }

    @Test
    void aManagerWithoutATenantSeesNothingAndCannotWrite() {
        acme.addToMemory("acme-untenanted", "q", "a");
        try (PostgresMemoryManager none = manager(appUrl(), null)) {
            assertThat(none.getContext("acme-untenanted")).isEmpty();
            assertThat(none.getAllSessions(100)).isEmpty();
            assertThatThrownBy(() -> none.addToMemory("new-session", "q", "a")).isInstanceOf(MemoryException.class);
        }
    }

    @Test
    void aSessionIdTakenByAnotherTenantIsRefusedWithoutShowingOrChangingItsTurns() {
        acme.addToMemory("shared-id", "acme's turn", "a");
        assertThatThrownBy(() -> globex.addToMemory("shared-id", "globex's turn", "a"))
                .isInstanceOf(MemoryException.class)
                .hasMessageNotContaining("acme's turn");
        assertThat(acme.getContext("shared-id")).extracting(Interaction::query).containsExactly("acme's turn");
    }

    @Test
    void cleanupOfOneTenantRemovesOnlyItsOwnExpiredSessions() {
        acme.addToMemory("acme-expired", "q", "a");
        globex.addToMemory("globex-expired", "q", "a");
        database.update("UPDATE session_memory SET updated_at = now() - interval '30 days' "
                + "WHERE session_id IN ('acme-expired', 'globex-expired')");

        assertThat(acme.cleanupExpiredSessions()).isEqualTo(1);

        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'acme-expired'")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE session_id = 'globex-expired'")).isEqualTo(1);
        globex.cleanupExpiredSessions();
    }

    @Test
    void erasingATenantRemovesAllOfItsSessionsAndNoneOfAnothers() {
        try (PostgresMemoryManager initech = manager(appUrl(), "initech")) {
            for (int i = 0; i < 25; i++) {
                initech.addToMemory("initech-" + i, "q", "a");
            }
            globex.addToMemory("globex-kept", "q", "a");

            assertThat(initech.eraseTenant()).isEqualTo(25);

            assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE tenant_id = 'initech'")).isZero();
            assertThat(globex.getContext("globex-kept")).hasSize(1);
        }
    }

    @Test
    void eraseTenantNeedsATenant() {
        try (PostgresMemoryManager none = manager(appUrl(), null)) {
            assertThatThrownBy(none::eraseTenant).isInstanceOf(IllegalStateException.class)
                    .hasMessage("eraseTenant needs a manager built with a tenant");
        }
    }

    /**
     * The limit of this mode, stated in docs/security.md: the tenant is a setting, so SQL injected
     * into any statement of the shared application role can name another tenant.
     * {@link LoginBoundTenantTest} shows the mode that closes this.
     */
    @Test
    void sqlRunningAsTheApplicationRoleCanNameAnotherTenant() throws SQLException {
        globex.addToMemory("globex-injected", "secret of globex", "a");

        try (Connection connection = connectAsApplication(); Statement statement = connection.createStatement()) {
            statement.execute("SET memory.tenant = 'globex'");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM session_memory "
                    + "WHERE session_id = 'globex-injected'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Nested
    class BehindPgBouncerInTransactionPooling {

        @Test
        void twoTenantsSharingOneServerConnectionStillSeeOnlyTheirOwn() {
            // One server connection: the tenants' transactions take turns on it, so a tenant set for
            // the session instead of the transaction would reach the other tenant.
            try (TestPgBouncer bouncer = TestPgBouncer.start(TestPostgres.server().getPort(), 1, List.of(APP_ROLE));
                 PostgresMemoryManager viaAcme = manager(bouncer.jdbcUrl(database.name()), "acme");
                 PostgresMemoryManager viaGlobex = manager(bouncer.jdbcUrl(database.name()), "globex")) {
                for (int i = 0; i < 20; i++) {
                    viaAcme.addToMemory("bouncer-acme", "acme " + i, "a");
                    viaGlobex.addToMemory("bouncer-globex", "globex " + i, "a");
                    assertThat(viaAcme.getContext("bouncer-globex")).isEmpty();
                    assertThat(viaGlobex.getContext("bouncer-acme")).isEmpty();
                }
                assertThat(viaAcme.getContext("bouncer-acme", 50)).hasSize(20);
                assertThat(database.queryString("SELECT tenant_id FROM session_memory WHERE session_id = 'bouncer-globex'"))
                        .isEqualTo("globex");
            }
        }
    }
}
