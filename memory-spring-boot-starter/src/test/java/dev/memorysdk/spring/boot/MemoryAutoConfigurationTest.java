package dev.memorysdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.Durability;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter in real application contexts, on a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryAutoConfigurationTest {

    private TestDatabase database;
    private ApplicationContextRunner contexts;

    @BeforeAll
    void startDatabase() {
        database = TestPostgres.createDatabase().withSchema();
        contexts = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class));
    }

    private ApplicationContextRunner withDataSource() {
        return contexts.withBean(DataSource.class, database::dataSource);
    }

    @Test
    void aManagerOnTheApplicationsDataSourceTakesTheMemoryProperties() {
        withDataSource().withPropertyValues("memory.ttl=30m", "memory.max-context-length=3",
                        "memory.fallback-policy=skip", "memory.durability=relaxed")
                .run(context -> {
                    MemoryManager memory = context.getBean(MemoryManager.class);
                    for (int i = 1; i <= 5; i++) {
                        memory.addToMemory("starter-props", "q" + i, "a" + i);
                    }
                    assertThat(memory.getContext("starter-props", 10)).extracting(Interaction::query)
                            .containsExactly("q3", "q4", "q5");
                    assertThat(memory.toString()).contains("ttl=PT30M", "fallbackPolicy=SKIP", "durability=RELAXED");
                });
    }

    @Test
    void withAJdbcUrlTheManagerOwnsItsPoolAndNeedsNoDataSource() {
        contexts.withPropertyValues("memory.jdbc-url=" + database.jdbcUrl(), "memory.username=" + TestDatabase.USER)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DataSource.class);
                    MemoryManager memory = context.getBean(MemoryManager.class);
                    memory.addToMemory("starter-url", "q", "a");
                    assertThat(memory.getContext("starter-url")).hasSize(1);
                });
    }

    @Test
    void theManagerIsClosedWithTheContext() {
        withDataSource().run(context -> {
            MemoryManager memory = context.getBean(MemoryManager.class);
            context.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> memory.getContext("s"))
                    .isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void anApplicationsOwnManagerWins() {
        withDataSource().withBean("mine", MemoryManager.class,
                        () -> PostgresMemoryManager.builder().dataSource(database.dataSource())
                                .config(MemoryConfig.custom().maxContextLength(7).build()).build())
                .run(context -> {
                    assertThat(context).hasSingleBean(MemoryManager.class);
                    assertThat(context.getBean(MemoryManager.class).toString()).contains("maxContextLength=7");
                    assertThat(context).hasSingleBean(MemoryHealthIndicator.class);
                });
    }

    @Test
    void aPropertyOutOfRangeStopsTheContextNamingThePropertyAndTheRange() {
        withDataSource().withPropertyValues("memory.max-context-length=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "IllegalArgumentException: memory.max-context-length: maxContextLength must be between 1 and 10000, was 0");
        });
    }

    @Test
    void withoutADatabaseTheContextSaysWhatToSet() {
        contexts.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("memory.jdbc-url is not set and the application has no single DataSource");
        });
    }

    @Test
    void healthIsReportedAsTheMemoryComponent() {
        withDataSource().run(context -> {
            assertThat(context).hasBean("memoryHealthIndicator");
            Health health = context.getBean(MemoryHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("totalSessions").containsKey("circuitBreaker");
        });
    }

    @Test
    void anApplicationsOwnHealthIndicatorWins() {
        withDataSource().withBean("memoryHealthIndicator", org.springframework.boot.health.contributor.HealthIndicator.class,
                        () -> () -> Health.up().withDetail("mine", true).build())
                .run(context -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class));
    }

    @Test
    void theSdksMetersGoToTheApplicationsRegistry() {
        withDataSource().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MemoryManager memory = context.getBean(MemoryManager.class);
            memory.addToMemory("starter-meters", "q", "a");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .anyMatch(name -> name.startsWith("memory."));
        });
    }

    @Test
    void theSdksMetersGoToTheRegistryBootsOwnMetricsAutoConfigurationCreates() {
        withDataSource().withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
                        org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    context.getBean(MemoryManager.class).addToMemory("starter-boot-meters", "q", "a");
                    assertThat(context.getBean(MeterRegistry.class).getMeters())
                            .extracting(meter -> meter.getId().getName())
                            .anyMatch(name -> name.startsWith("memory."));
                });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffLikeBootsOwn() {
        withDataSource().withPropertyValues("management.health.memory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryHealthIndicator.class));
    }

    @Test
    void theCleanupIntervalPropertyTurnsOnTheAutomaticCleanup() {
        withDataSource().withPropertyValues("memory.cleanup-interval=1s", "memory.ttl=1h").run(context -> {
            MemoryManager memory = context.getBean(MemoryManager.class);
            memory.addToMemory("starter-expired", "q", "a");
            database.update("UPDATE session_memory SET updated_at = now() - interval '2 hours' WHERE session_id = ?",
                    "starter-expired");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> memory.getSessionStats("starter-expired").isEmpty());
        });
    }

    @Test
    void theNearCacheSizePropertyTurnsOnTheNearCache() {
        withDataSource().withPropertyValues("memory.near-cache-max-size=8MB").run(context -> {
            MemoryManager memory = context.getBean(MemoryManager.class);
            assertThat(memory.toString()).contains("nearCacheMaxBytes=8388608");
            memory.addToMemory("starter-cached", "q", "a");
            assertThat(memory.getContext("starter-cached")).hasSize(1);
        });
        assertThat(new MemoryProperties().toConfig().nearCacheMaxBytes()).as("off unless set").isZero();
    }

    @Test
    void configCustomizersAdjustTheSettingsAfterTheProperties() {
        withDataSource().withPropertyValues("memory.max-context-length=3")
                .withBean(MemoryConfigCustomizer.class, () -> config -> config.maxContextLength(4))
                .run(context -> assertThat(context.getBean(MemoryManager.class).toString()).contains("maxContextLength=4"));
    }

    @Test
    void builderCustomizersGiveTheManagerObjects() {
        withDataSource()
                .withBean(MemoryManagerBuilderCustomizer.class,
                        () -> builder -> builder.encryption(dev.memorysdk.testsupport.TestKeys.withCurrent("k1")))
                .run(context -> assertThat(context.getBean(MemoryManager.class).toString())
                        .contains("encryption=TestKeys"));
    }

    @Test
    void propertiesLeftUnsetKeepTheSdkDefaults() {
        MemoryProperties properties = new MemoryProperties();
        assertThat(properties.toConfig().ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.toConfig().fallbackPolicy()).isEqualTo(FallbackPolicy.BUFFER);
        assertThat(properties.toConfig().durability()).isEqualTo(Durability.STRICT);
        assertThat(properties.toConfig().cleanupInterval()).isEmpty();
    }
}
