package dev.memorysdk.spring.boot;

import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.PostgresMemoryManager;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Auto-configures a {@link MemoryManager} from the {@code memory.*} properties, on the
 * application's {@code DataSource} (or a pool of its own when {@code memory.jdbc-url} is set), with
 * its health indicator, its meters in the application's registry and, when
 * {@code memory.cleanup-interval} is set, the automatic cleanup. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(PostgresMemoryManager.class)
@EnableConfigurationProperties(MemoryProperties.class)
public class MemoryAutoConfiguration {

    /**
     * The manager, closed with the context.
     *
     * @throws IllegalStateException if neither {@code memory.jdbc-url} nor a single DataSource is there
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MemoryManager.class)
    public PostgresMemoryManager memoryManager(MemoryProperties properties, ObjectProvider<DataSource> dataSources,
                                               ObjectProvider<MemoryManagerBuilderCustomizer> customizers) {
        MemoryConfig config = properties.toConfig();
        PostgresMemoryManager.Builder builder = PostgresMemoryManager.builder().config(config);
        if (config.jdbcUrl().isEmpty()) {
            DataSource dataSource = dataSources.getIfUnique();
            if (dataSource == null) {
                throw new IllegalStateException("memory.jdbc-url is not set and the application has no single "
                        + "DataSource: set one of them for the MemoryManager");
            }
            builder.dataSource(dataSource);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** Publishes the SDK's meters (operations, buffer, breaker, pool) to the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.class})
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        @Bean
        @Order(0)
        MemoryManagerBuilderCustomizer memoryMeterRegistryCustomizer(MeterRegistry registry) {
            return builder -> builder.meterRegistry(registry);
        }
    }

    /** The {@code memory} health component. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnEnabledHealthIndicator("memory")
        @ConditionalOnMissingBean(name = "memoryHealthIndicator")
        MemoryHealthIndicator memoryHealthIndicator(MemoryManager memory) {
            return new MemoryHealthIndicator(memory);
        }
    }
}
