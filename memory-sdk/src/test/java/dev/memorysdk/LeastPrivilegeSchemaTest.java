package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code initializeSchema(true)} as a user with no more rights than the SDK's own statements: a
 * current schema needs no DDL, and one that is not current is refused naming what is missing and
 * the grant that would do.
 */
class LeastPrivilegeSchemaTest {

    private TestDatabase database;
    private String role;

    @BeforeEach
    void currentSchemaAndALeastPrivilegeRole() {
        database = TestPostgres.createDatabase().withSchema();
        role = "least_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        database.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON session_memory, session_memory_lease TO " + role);
    }

    private PostgresMemoryManager.Builder asTheRole() {
        return PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrlAs(role)).username(role)
                .initializeSchema(true).build());
    }

    @Test
    void aCurrentSchemaNeedsOnlyTheRightToReadItsRecord() {
        database.execute("GRANT SELECT ON session_memory_migrations TO " + role);
        try (PostgresMemoryManager memory = asTheRole().build()) {
            assertThat(memory.addToMemory("s", "q", "a")).isTrue();
            assertThat(memory.getContext("s")).extracting(Interaction::query).containsExactly("q");
        }
    }

    @Test
    void aSchemaThatIsNotCurrentIsRefusedNamingTheMissingMigrationAndTheGrant() {
        database.execute("GRANT SELECT ON session_memory_migrations TO " + role);
        database.execute("DELETE FROM session_memory_migrations WHERE script = 'V4__add_cleanup_lease.sql'");
        assertThatThrownBy(() -> asTheRole().build())
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("missing [V4__add_cleanup_lease.sql]")
                .hasMessageContaining("permission denied")
                .hasMessageContaining("grant this user CREATE");
    }

    @Test
    void aRecordTheUserCannotReadIsNamedWithTheGrantThatWouldDo() {
        assertThatThrownBy(() -> asTheRole().build())
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("cannot read session_memory_migrations")
                .hasMessageContaining("grant it SELECT");
    }
}
