package dev.memorysdk.spring.boot;

import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.MemoryConfig;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.springai.PostgresChatMemoryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;

/**
 * Auto-configures a {@link MemoryManager} from the {@code memory.*} properties, on the
 * application's {@code DataSource} (or a pool of its own when {@code memory.jdbc-url} is set), with
 * its health indicator, its meters in the application's registry and, when
 * {@code memory.cleanup-interval} is set, the automatic cleanup; and the adapter of whichever
 * framework is on the class path: a Spring AI {@code ChatMemoryRepository} (primary, so Spring AI's
 * {@code MessageWindowChatMemory} uses it even when Spring AI's JDBC repository is configured too)
 * and a LangChain4j {@code ChatMemoryStore}. Every bean backs off when the application defines its
 * own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"},
        beforeName = {
        "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration",
        "org.springframework.ai.model.chat.memory.repository.jdbc.autoconfigure.JdbcChatMemoryRepositoryAutoConfiguration"})
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
    public MemoryManager memoryManager(MemoryProperties properties, ObjectProvider<DataSource> dataSources,
                                       ObjectProvider<MemoryConfigCustomizer> configCustomizers,
                                       ObjectProvider<MemoryManagerBuilderCustomizer> customizers) {
        MemoryConfig.Builder settings = MemoryConfig.from(properties.toConfig());
        configCustomizers.orderedStream().forEach(customizer -> customizer.customize(settings));
        MemoryConfig config = settings.build();
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

    /** Spring AI's {@code ChatMemoryRepository}; {@code memory.spring-ai.enabled=false} leaves it out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ChatMemoryRepository.class, PostgresChatMemoryRepository.class})
    @ConditionalOnProperty(prefix = "memory.spring-ai", name = "enabled", matchIfMissing = true)
    static class SpringAi {

        @Bean
        @Primary
        @ConditionalOnMissingBean(ChatMemoryRepository.class)
        PostgresChatMemoryRepository memoryChatMemoryRepository(MemoryManager memory) {
            return PostgresChatMemoryRepository.create(memory);
        }
    }

    /** LangChain4j's {@code ChatMemoryStore}; {@code memory.langchain4j.enabled=false} leaves it out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ChatMemoryStore.class, PostgresChatMemoryStore.class})
    @ConditionalOnProperty(prefix = "memory.langchain4j", name = "enabled", matchIfMissing = true)
    static class LangChain4j {

        @Bean
        @ConditionalOnMissingBean(ChatMemoryStore.class)
        PostgresChatMemoryStore memoryChatMemoryStore(MemoryManager memory) {
            return PostgresChatMemoryStore.create(memory);
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
