package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class BuilderTest {

    private static final DataSource UNUSED = new org.postgresql.ds.PGSimpleDataSource();

    private static void rejects(UnaryOperator<MemoryConfig.Builder> setting, String message) {
        assertThatThrownBy(() -> PostgresMemoryManager.builder().dataSource(UNUSED)
                .config(setting.apply(MemoryConfig.custom()).build()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void requiresExactlyOneOfDataSourceAndJdbcUrl() {
        assertThatThrownBy(() -> PostgresMemoryManager.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither was");
        assertThatThrownBy(() -> PostgresMemoryManager.builder().dataSource(UNUSED)
                .config(MemoryConfig.custom().jdbcUrl("jdbc:postgresql://h/db").build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both were");
    }

    @Test
    void takesTheConfigWholeAndOnlyObjectsBesideIt() {
        assertThat(java.util.Arrays.stream(PostgresMemoryManager.Builder.class.getDeclaredMethods())
                .filter(method -> java.lang.reflect.Modifier.isPublic(method.getModifiers()))
                .map(java.lang.reflect.Method::getName).sorted())
                .containsExactly("build", "clock", "config", "dataSource", "encryption", "meterRegistry", "readDataSource");
        assertThat(java.util.Arrays.stream(PostgresMemoryManager.Builder.class.getDeclaredFields())
                .filter(field -> java.lang.reflect.Modifier.isPublic(field.getModifiers()))).isEmpty();
        assertThatThrownBy(() -> PostgresMemoryManager.builder().config(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("config must not be null");
    }

    @Test
    void takesAtMostOneReadReplicaAndChecksItsUrl() {
        assertThatThrownBy(() -> PostgresMemoryManager.builder().dataSource(UNUSED).readDataSource(UNUSED)
                .config(MemoryConfig.custom().readJdbcUrl("jdbc:postgresql://replica/db").build()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at most one of readDataSource and readJdbcUrl may be set, both were");
        rejects(b -> b.readJdbcUrl("mysql://replica/db"),
                "readJdbcUrl must start with postgresql://, postgres:// or jdbc:postgresql:, was mysql://replica/db");
    }

    @Test
    void namesTheSettingAndTheBadValue() {
        rejects(b -> b.maxContextLength(0), "maxContextLength must be between 1 and 10000, was 0");
        rejects(b -> b.maxContextLength(10_001), "maxContextLength must be between 1 and 10000, was 10001");
        rejects(b -> b.ttl(Duration.ZERO), "ttl must be between PT1S and PT87600H, was PT0S");
        rejects(b -> b.ttl(null), "ttl must not be null");
        rejects(b -> b.maxInteractionBytes(10), "maxInteractionBytes must be between 1024 and 67108864, was 10");
        rejects(b -> b.statementTimeout(Duration.ofMillis(10)), "statementTimeout must be between PT1S and PT10M, was PT0.01S");
        rejects(b -> b.connectionTimeout(Duration.ofMillis(10)), "connectionTimeout must be between PT0.25S and PT1M, was PT0.01S");
        rejects(b -> b.fallbackPolicy(null), "fallbackPolicy must not be null");
        rejects(b -> b.durability(null), "durability must not be null");
        rejects(b -> b.bufferCapacity(0), "bufferCapacity must be between 1 and 1000000, was 0");
        rejects(b -> b.cleanupBatchSize(0), "cleanupBatchSize must be between 1 and 100000, was 0");
        rejects(b -> b.asyncThreads(0), "asyncThreads must be between 1 and 256, was 0");
        rejects(b -> b.maxPoolSize(0), "maxPoolSize must be between 1 and 1000, was 0");
        rejects(b -> b.circuitBreakerFailureRateThreshold(0), "circuitBreakerFailureRateThreshold must be above 0 and at most 100, was 0.0");
        rejects(b -> b.circuitBreakerSlidingWindowSize(10).circuitBreakerMinimumNumberOfCalls(11),
                "circuitBreakerMinimumNumberOfCalls must be between 1 and 10, was 11");
        rejects(b -> b.retryMaxAttempts(0), "retryMaxAttempts must be between 1 and 10, was 0");
    }

    @Test
    void aGivenDataSourceIsUsedButNotClosed() throws Exception {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(TestDatabase.USER);
            try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(pool).build()) {
                memory.addToMemory("s", "q", "a");
            }
            assertThat(pool.isClosed()).isFalse();
            try (Connection stillUsable = pool.getConnection()) {
                assertThat(stillUsable.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aSchemaFailureNamesTheDatabaseButNotThePassword() {
        assertThatThrownBy(() -> PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl("postgresql://app:hunter2@127.0.0.1:1/memory")
                .connectionTimeout(Duration.ofMillis(250))
                .initializeSchema(true).build())
                .build())
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("127.0.0.1:1/memory")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void closeIsIdempotent() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        PostgresMemoryManager memory = PostgresMemoryManager.builder().config(MemoryConfig.custom()
                .jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER).build()).build();
        memory.close();
        memory.close();
        assertThat(memory.toString()).doesNotContain("password");
    }
}
