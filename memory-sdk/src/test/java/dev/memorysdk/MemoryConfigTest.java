package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemoryConfigTest {

    @Nested
    class Builder {

        @Test
        void eachSetterChecksItsValueAtOnceAndNamesTheRange() {
            MemoryConfig.Builder builder = MemoryConfig.custom();
            assertThatThrownBy(() -> builder.maxContextLength(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxContextLength must be between 1 and 10000, was 0");
            assertThatThrownBy(() -> builder.cleanupInterval(Duration.ofMillis(500)))
                    .hasMessage("cleanupInterval must be between PT1S and PT168H, was PT0.5S");
            assertThatThrownBy(() -> builder.bufferMaxBytes(10))
                    .hasMessage("bufferMaxBytes must be between 1024 and 17179869184, was 10");
            assertThatThrownBy(() -> builder.jdbcUrl("mysql://db/x"))
                    .hasMessageStartingWith("jdbcUrl must start with postgresql://");
        }

        @Test
        void aTenantIsOneTo255CharactersWithoutNul() {
            assertThatThrownBy(() -> MemoryConfig.custom().tenant(" "))
                    .hasMessage("tenant must be 1 to 255 characters, not blank, without NUL; was 1 characters");
            assertThatThrownBy(() -> MemoryConfig.custom().tenant("a\0b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MemoryConfig.custom().tenant("t".repeat(256))).isInstanceOf(IllegalArgumentException.class);
            assertThat(MemoryConfig.custom().tenant("acme").build().tenant()).contains("acme");
            assertThat(MemoryConfig.defaults().tenant()).isEmpty();
        }

        @Test
        void aRejectedValueLeavesTheBuilderAsItWas() {
            MemoryConfig.Builder builder = MemoryConfig.custom().maxContextLength(7);
            assertThatThrownBy(() -> builder.maxContextLength(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(builder.build().maxContextLength()).isEqualTo(7);
        }

        @Test
        void theBreakersMinimumCallsAreCheckedAgainstItsWindowWhenBuilt() {
            MemoryConfig.Builder builder = MemoryConfig.custom()
                    .circuitBreakerMinimumNumberOfCalls(20).circuitBreakerSlidingWindowSize(10);
            assertThatThrownBy(builder::build)
                    .hasMessage("circuitBreakerMinimumNumberOfCalls must be between 1 and 10, was 20");
        }

        @Test
        void defaultsAreTheDocumentedConstants() {
            MemoryConfig defaults = MemoryConfig.defaults();
            assertThat(defaults.ttl()).isEqualTo(MemoryConfig.DEFAULT_TTL).isEqualTo(Duration.ofHours(24));
            assertThat(defaults.maxContextLength()).isEqualTo(MemoryConfig.DEFAULT_MAX_CONTEXT_LENGTH);
            assertThat(defaults.fallbackPolicy()).isEqualTo(FallbackPolicy.BUFFER);
            assertThat(defaults.cleanupInterval()).isEmpty();
            assertThat(defaults.jdbcUrl()).isEmpty();
        }

        @Test
        void fromCopiesEverySettingOfItsBase() {
            MemoryConfig base = MemoryConfig.custom().jdbcUrl("jdbc:postgresql://db/app").ttl(Duration.ofMinutes(5))
                    .maxContextLength(3).durability(Durability.RELAXED).cleanupInterval(Duration.ofMinutes(10))
                    .circuitBreakerSlidingWindowSize(20).circuitBreakerMinimumNumberOfCalls(15).build();
            MemoryConfig copy = MemoryConfig.from(base).maxPoolSize(4).build();
            assertThat(copy.ttl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(copy.maxContextLength()).isEqualTo(3);
            assertThat(copy.durability()).isEqualTo(Durability.RELAXED);
            assertThat(copy.cleanupInterval()).contains(Duration.ofMinutes(10));
            assertThat(copy.circuitBreakerMinimumNumberOfCalls()).isEqualTo(15);
            assertThat(copy.jdbcUrl()).contains("jdbc:postgresql://db/app");
            assertThat(copy.maxPoolSize()).isEqualTo(4);
            assertThat(base.maxPoolSize()).isEqualTo(MemoryConfig.DEFAULT_MAX_POOL_SIZE);
        }

        @Test
        void toStringShowsNoPasswordNorUrlCredentials() {
            MemoryConfig config = MemoryConfig.custom().jdbcUrl("postgresql://app:s3cret@db:5432/app?password=s3cret")
                    .password("other-s3cret").build();
            assertThat(config.toString()).doesNotContain("s3cret").contains("db:5432/app");
        }
    }

    @Nested
    class FromEnvironment {

        private static final String URL = "jdbc:postgresql://localhost/db";

        private static MemoryConfig fromEnvironment(Map<String, String> environment) {
            return MemoryConfig.from(MemoryEnvironment.parse(environment)).build();
        }

        @Test
        void requiresTheDatabaseUrl() {
            assertThatThrownBy(() -> fromEnvironment(Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("DATABASE_URL must be set to a PostgreSQL URL");
        }

        @Test
        void readsEveryVariable() {
            MemoryConfig config = fromEnvironment(Map.of(
                    "DATABASE_URL", URL, "MEMORY_TTL_HOURS", "0.5", "MEMORY_MAX_CONTEXT_LENGTH", "3",
                    "MEMORY_FALLBACK_POLICY", "skip", "MEMORY_DURABILITY", "relaxed",
                    "MEMORY_INITIALIZE_SCHEMA", "TRUE", "MEMORY_CLEANUP_INTERVAL_SECONDS", "60", "MEMORY_TENANT", "acme"));
            assertThat(config.tenant()).contains("acme");
            assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(30));
            assertThat(config.maxContextLength()).isEqualTo(3);
            assertThat(config.fallbackPolicy()).isEqualTo(FallbackPolicy.SKIP);
            assertThat(config.durability()).isEqualTo(Durability.RELAXED);
            assertThat(config.initializeSchema()).isTrue();
            assertThat(config.cleanupInterval()).contains(Duration.ofMinutes(1));
        }

        @Test
        void isAValueTheConfigBuilderTakesAndAdjusts() {
            MemoryEnvironment environment = MemoryEnvironment.parse(Map.of("DATABASE_URL",
                    "postgresql://app:hunter2@db/app", "MEMORY_MAX_CONTEXT_LENGTH", "3", "UNRELATED", "x"));
            MemoryConfig config = MemoryConfig.from(environment).ttl(Duration.ofMinutes(5)).build();
            assertThat(config.maxContextLength()).isEqualTo(3);
            assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.jdbcUrl()).contains("postgresql://app:hunter2@db/app");
            assertThat(environment.toString()).isEqualTo("MemoryEnvironment[DATABASE_URL, MEMORY_MAX_CONTEXT_LENGTH]")
                    .doesNotContain("hunter2");
        }

        @Test
        void aZeroCleanupIntervalLeavesItOff() {
            assertThat(fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_CLEANUP_INTERVAL_SECONDS", "0"))
                    .cleanupInterval()).isEmpty();
        }

        @Test
        void namesTheVariableAndValueThatIsMalformed() {
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_TTL_HOURS", "a day")))
                    .hasMessage("MEMORY_TTL_HOURS must be a number of hours, was 'a day'");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_TTL_HOURS", "-1")))
                    .hasMessage("MEMORY_TTL_HOURS must be a positive number of hours, was '-1'");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_MAX_CONTEXT_LENGTH", "5x")))
                    .hasMessage("MEMORY_MAX_CONTEXT_LENGTH must be a whole number, was '5x'");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_FALLBACK_POLICY", "retry")))
                    .hasMessage("MEMORY_FALLBACK_POLICY must be one of FAIL, SKIP, BUFFER, was 'retry'");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_INITIALIZE_SCHEMA", "yes")))
                    .hasMessage("MEMORY_INITIALIZE_SCHEMA must be true or false, was 'yes'");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", "mysql://h/db")))
                    .hasMessageStartingWith("DATABASE_URL must start with postgresql://");
        }

        @Test
        void anOutOfRangeValueNamesTheVariableAndTheRange() {
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_MAX_CONTEXT_LENGTH", "0")))
                    .hasMessage("MEMORY_MAX_CONTEXT_LENGTH: maxContextLength must be between 1 and 10000, was 0");
            assertThatThrownBy(() -> fromEnvironment(Map.of("DATABASE_URL", URL, "MEMORY_CLEANUP_INTERVAL_SECONDS", "-5")))
                    .hasMessage("MEMORY_CLEANUP_INTERVAL_SECONDS: cleanupInterval must be between PT1S and PT168H, was PT-5S");
        }

        @Test
        void aManagerBuiltFromItConnectsWithALibpqUrlAndAppliesTheSettings() {
            TestDatabase database = TestPostgres.createDatabase();
            URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
            String libpq = "postgresql://" + TestDatabase.USER + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
            MemoryConfig config = fromEnvironment(Map.of("DATABASE_URL", libpq, "MEMORY_TTL_HOURS", "0.5",
                    "MEMORY_MAX_CONTEXT_LENGTH", "3", "MEMORY_INITIALIZE_SCHEMA", "true", "MEMORY_FALLBACK_POLICY", "fail"));

            try (PostgresMemoryManager memory = PostgresMemoryManager.builder().config(config).build()) {
                for (int i = 1; i <= 5; i++) {
                    memory.addToMemory("env", "q" + i, "a" + i);
                }
                assertThat(memory.getContext("env", 10)).extracting(Interaction::query).containsExactly("q3", "q4", "q5");
                memory.addToMemory("env", new Interaction("old", "q", "a", Instant.now().minusSeconds(3600)));
                assertThat(memory.getContext("env", 10)).extracting(Interaction::query).doesNotContain("q");
                assertThat(memory.toString()).contains("ttl=PT30M").contains("fallbackPolicy=FAIL");
            }
        }
    }
}
