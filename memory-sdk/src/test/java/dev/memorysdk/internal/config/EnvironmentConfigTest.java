package dev.memorysdk.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.Interaction;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentConfigTest {

    @Test
    void requiresDatabaseUrl() {
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_URL");
    }

    @Test
    void connectsWithALibpqUrlAndReadsTheMemorySettings() {
        TestDatabase database = TestPostgres.createDatabase();
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        String libpq = "postgresql://" + TestDatabase.USER + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
        Map<String, String> environment = Map.of(
                "DATABASE_URL", libpq,
                "MEMORY_TTL_HOURS", "0.5",
                "MEMORY_MAX_CONTEXT_LENGTH", "3",
                "MEMORY_INITIALIZE_SCHEMA", "true",
                "MEMORY_FALLBACK_POLICY", "fail");

        try (PostgresMemoryManager memory = EnvironmentConfig.builderFrom(environment).build()) {
            for (int i = 1; i <= 5; i++) {
                memory.addToMemory("env", "q" + i, "a" + i);
            }
            assertThat(memory.getContext("env", 10)).extracting(Interaction::query).containsExactly("q3", "q4", "q5");
            memory.addToMemory("env", new Interaction("old", "q", "a", java.time.Instant.now().minusSeconds(3600)));
            assertThat(memory.getContext("env", 10)).extracting(Interaction::query).doesNotContain("old");
            assertThat(memory.toString()).contains("ttl=PT30M").contains("fallbackPolicy=FAIL");
        }
    }

    @Test
    void namesTheVariableAndValueThatIsMalformed() {
        String url = "jdbc:postgresql://localhost/db";
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of("DATABASE_URL", url, "MEMORY_TTL_HOURS", "a day")))
                .hasMessage("MEMORY_TTL_HOURS must be a number of hours, was 'a day'");
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of("DATABASE_URL", url, "MEMORY_TTL_HOURS", "-1")))
                .hasMessage("MEMORY_TTL_HOURS must be a positive number of hours, was '-1'");
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of("DATABASE_URL", url, "MEMORY_MAX_CONTEXT_LENGTH", "5x")))
                .hasMessage("MEMORY_MAX_CONTEXT_LENGTH must be a whole number, was '5x'");
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of("DATABASE_URL", url, "MEMORY_FALLBACK_POLICY", "retry")))
                .hasMessage("MEMORY_FALLBACK_POLICY must be one of FAIL, SKIP, BUFFER, was 'retry'");
        assertThatThrownBy(() -> EnvironmentConfig.builderFrom(Map.of("DATABASE_URL", url, "MEMORY_INITIALIZE_SCHEMA", "yes")))
                .hasMessage("MEMORY_INITIALIZE_SCHEMA must be true or false, was 'yes'");
    }

    @Test
    void anOutOfRangeContextLengthIsReportedByTheBuilder() {
        PostgresMemoryManager.Builder builder = EnvironmentConfig.builderFrom(
                Map.of("DATABASE_URL", "jdbc:postgresql://localhost/db", "MEMORY_MAX_CONTEXT_LENGTH", "0"));
        assertThatThrownBy(builder::build).hasMessage("maxContextLength must be between 1 and 10000, was 0");
    }
}
