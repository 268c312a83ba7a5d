package dev.memorysdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.springai.PostgresChatMemoryRepository;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.ai.model.chat.memory.repository.jdbc.autoconfigure.JdbcChatMemoryRepositoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The adapter beans for the framework on the class path, and which repository Spring AI uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterBeansTest {

    private TestDatabase database;
    private ApplicationContextRunner contexts;

    @BeforeAll
    void startDatabase() {
        database = TestPostgres.createDatabase().withSchema();
        contexts = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class, ChatMemoryAutoConfiguration.class))
                .withBean(DataSource.class, database::dataSource);
    }

    @Test
    void springAisChatMemoryKeepsItsMessagesInTheSessionMemory() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(PostgresChatMemoryRepository.class);
            ChatMemory chatMemory = context.getBean(ChatMemory.class);
            chatMemory.add("spring-ai-conversation", new org.springframework.ai.chat.messages.UserMessage("Hello"));

            MemoryManager memory = context.getBean(MemoryManager.class);
            assertThat(memory.getContext("spring-ai-conversation")).extracting(Interaction::query).containsExactly("Hello");
        });
    }

    @Test
    void withSpringAisJdbcRepositoryConfiguredTooOursIsTheOneChatMemoryUses() {
        contexts.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class,
                        JdbcChatMemoryRepositoryAutoConfiguration.class))
                .withPropertyValues("spring.ai.chat.memory.repository.jdbc.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcChatMemoryRepository.class);
                    assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(PostgresChatMemoryRepository.class);
                    context.getBean(ChatMemory.class).add("both-present",
                            new org.springframework.ai.chat.messages.UserMessage("which store?"));
                    assertThat(context.getBean(MemoryManager.class).getContext("both-present")).hasSize(1);
                });
    }

    @Test
    void turningOursOffLeavesSpringAisJdbcRepositoryInCharge() {
        contexts.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class,
                        JdbcChatMemoryRepositoryAutoConfiguration.class))
                .withPropertyValues("memory.spring-ai.enabled=false",
                        "spring.ai.chat.memory.repository.jdbc.initialize-schema=always")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PostgresChatMemoryRepository.class);
                    assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(JdbcChatMemoryRepository.class);
                });
    }

    @Test
    void anApplicationsOwnRepositoryWins() {
        contexts.withBean(ChatMemoryRepository.class, InMemoryChatMemoryRepository::new).run(context -> {
            assertThat(context).doesNotHaveBean(PostgresChatMemoryRepository.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(InMemoryChatMemoryRepository.class);
        });
    }

    @Test
    void withoutSpringAiNoRepositoryIsDefined() {
        contexts.withClassLoader(new FilteredClassLoader(ChatMemoryRepository.class))
                .withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(MemoryManager.class);
                    assertThat(context).doesNotHaveBean(PostgresChatMemoryRepository.class);
                });
    }

    @Test
    void langChain4jGetsAChatMemoryStoreOnTheSessionMemory() {
        contexts.run(context -> {
            ChatMemoryStore store = context.getBean(ChatMemoryStore.class);
            assertThat(store).isInstanceOf(PostgresChatMemoryStore.class);
            store.updateMessages("langchain4j-memory", List.of(UserMessage.from("Hi there")));
            assertThat(context.getBean(MemoryManager.class).getContext("langchain4j-memory"))
                    .extracting(Interaction::query).containsExactly("Hi there");
        });
    }

    @Test
    void anApplicationsOwnChatMemoryStoreWinsAndOursCanBeTurnedOff() {
        contexts.withBean(ChatMemoryStore.class, InMemoryChatMemoryStore::new)
                .run(context -> assertThat(context.getBean(ChatMemoryStore.class)).isInstanceOf(InMemoryChatMemoryStore.class));
        contexts.withPropertyValues("memory.langchain4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ChatMemoryStore.class));
    }
}
