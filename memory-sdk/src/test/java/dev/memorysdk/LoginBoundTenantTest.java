package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.MemorySchema;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tenant bound by the database login ({@code sql/optional/isolate_tenants_by_login.sql}): one
 * non-superuser role per tenant, a pool per tenant, no tenant setting in the SDK. Tried as an
 * attacker whose SQL runs on one tenant's connection: no statement reaches another tenant's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBoundTenantTest {

    private static final String ACME = "login_tenant_acme";
    private static final String GLOBEX = "login_tenant_globex";

    private TestDatabase database;
    private PostgresMemoryManager acme;
    private PostgresMemoryManager globex;

    @BeforeAll
    void bindTenantsToLogins() {
        database = TestPostgres.createDatabase().withSchema();
        database.execute(MemorySchema.script("optional/isolate_tenants.sql"));
        database.execute(MemorySchema.script("optional/isolate_tenants_by_login.sql"));
        for (String tenant : List.of(ACME, GLOBEX)) {
            database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + tenant + "') THEN "
                    + "CREATE ROLE " + tenant + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOINHERIT; END IF; END $$");
            database.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO " + tenant);
        }
        acme = manager(ACME);
        globex = manager(GLOBEX);
        acme.addToMemory("acme-1", "acme question", "acme answer");
        globex.addToMemory("globex-1", "globex secret", "globex answer");
    }

    @AfterAll
    void close() {
        acme.close();
        globex.close();
    }

    /** A manager on its own pool, logged in as {@code login}, without a tenant setting. */
    private PostgresMemoryManager manager(String login) {
        return PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrlAs(login)).username(login)
                .fallbackPolicy(FallbackPolicy.FAIL).maxPoolSize(2).build()).build();
    }

    private Connection connectAs(String login) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrlAs(login));
    }

    private static List<String> visibleSessions(Statement statement) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT session_id FROM session_memory ORDER BY session_id")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    @Test
    void eachLoginReadsAndWritesOnlyItsOwnSessionsThroughTheSdk() {
        assertThat(acme.getContext("acme-1")).extracting(Interaction::query).containsExactly("acme question");
        assertThat(acme.getContext("globex-1")).isEmpty();
        assertThat(acme.getSessionStats("globex-1")).isEmpty();
        assertThat(acme.getAllSessions(100)).extracting(SessionStats::sessionId).containsExactly("acme-1");
        assertThat(acme.clearMemory("globex-1")).isFalse();
        assertThatThrownBy(() -> acme.addToMemory("globex-1", "planted", "by acme"))
                .isInstanceOf(MemoryException.class).hasMessageContaining("row-level security");

        assertThat(globex.getContext("globex-1")).extracting(Interaction::query).containsExactly("globex secret");
        assertThat(database.queryString("SELECT tenant_id FROM session_memory WHERE session_id = 'acme-1'")).isEqualTo(ACME);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SET memory.tenant = '" + GLOBEX + "'",
        "SELECT set_config('memory.tenant', '" + GLOBEX + "', false)",
        "RESET ROLE",
        "RESET ALL",
        "RESET SESSION AUTHORIZATION",
        "SET ROLE NONE",
    })
    void aStatementThatRunsChangesNothingAnotherTenantCanBeReadOrWritten(String injected) throws SQLException {
        try (Connection connection = connectAs(ACME); Statement statement = connection.createStatement()) {
            statement.execute(injected);

            assertThat(visibleSessions(statement)).containsExactly("acme-1");
            assertThat(statement.executeUpdate("UPDATE session_memory SET tenant_id = '" + ACME + "'"
                    + " WHERE session_id = 'globex-1'")).isZero();
            assertThat(statement.executeUpdate("DELETE FROM session_memory WHERE session_id = 'globex-1'")).isZero();
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO session_memory (session_id, history, tenant_id) "
                    + "VALUES ('planted', '[]', '" + GLOBEX + "')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        }
        assertThat(globex.getContext("globex-1")).extracting(Interaction::query).containsExactly("globex secret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SET ROLE " + GLOBEX,
        "SET SESSION AUTHORIZATION " + GLOBEX,
        "SET ROLE postgres",
        "ALTER TABLE session_memory NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE session_memory DISABLE ROW LEVEL SECURITY",
        "DROP POLICY session_memory_tenant_login ON session_memory",
        "CREATE POLICY open_door ON session_memory USING (true)",
    })
    void aStatementThatWouldSwitchTenantsIsRefused(String injected) throws SQLException {
        try (Connection connection = connectAs(ACME); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute(injected)).isInstanceOf(SQLException.class)
                    .satisfies(refused -> assertThat(((SQLException) refused).getSQLState()).isEqualTo("42501"));

            assertThat(visibleSessions(statement)).containsExactly("acme-1");
        }
    }

    @Test
    void eraseTenantNeedsTheTenantNamedAsTheLogin() {
        assertThatThrownBy(acme::eraseTenant).isInstanceOf(IllegalStateException.class);
        try (PostgresMemoryManager throwaway = manager(GLOBEX)) {
            throwaway.addToMemory("globex-erase", "q", "a");
        }
        try (PostgresMemoryManager erasing = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrlAs(GLOBEX))
                .username(GLOBEX).tenant(GLOBEX).fallbackPolicy(FallbackPolicy.FAIL).maxPoolSize(1).build()).build()) {
            assertThat(erasing.eraseTenant()).isEqualTo(2);
        }
        assertThat(database.queryLong("SELECT count(*) FROM session_memory WHERE tenant_id = ?", GLOBEX)).isZero();
        assertThat(acme.getContext("acme-1")).isNotEmpty();
        globex.addToMemory("globex-1", "globex secret", "globex answer");
    }
}
