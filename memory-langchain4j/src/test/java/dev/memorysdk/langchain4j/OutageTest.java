package dev.memorysdk.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A window read empty while the database was unreachable (SKIP and BUFFER serve empty reads) must
 * not lead the framework's next write to erase what is stored: it adds its message and nothing else.
 */
class OutageTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    /** A manager through the proxy that connects afresh for every call and notices an outage fast. */
    private static PostgresMemoryManager memory(FallbackPolicy policy) {
        return PostgresMemoryManager.builder().config(ProxiedDatabase.fastFailingConfig().fallbackPolicy(policy)
                        .circuitBreakerSlidingWindowSize(100).circuitBreakerMinimumNumberOfCalls(100).build())
                .dataSource(PROXIED.unpooledDataSource()).build();
    }

    /** Passes calls through, and brings the database back right after the framework's read. */
    private ChatMemoryStore databaseBackAfterRead(ChatMemoryStore store) {
        return new ChatMemoryStore() {
            @Override
            public List<ChatMessage> getMessages(Object memoryId) {
                List<ChatMessage> read = store.getMessages(memoryId);
                PROXIED.proxy().setMode(Mode.FORWARD);
                return read;
            }

            @Override
            public void updateMessages(Object memoryId, List<ChatMessage> messages) {
                store.updateMessages(memoryId, messages);
            }

            @Override
            public void deleteMessages(Object memoryId) {
                store.deleteMessages(memoryId);
            }
        };
    }

    private static List<ChatMessage> stored(PostgresChatMemoryStore store, String id) {
        return store.getMessages(id);
    }

    @Test
    void underSkipAWindowReadEmptyAddsItsMessageAndErasesNothing() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        try (PostgresMemoryManager memory = memory(FallbackPolicy.SKIP)) {
            PostgresChatMemoryStore store = PostgresChatMemoryStore.create(memory);
            String id = "skip-outage";
            store.updateMessages(id, List.of(UserMessage.from("m1"), UserMessage.from("m2"), UserMessage.from("m3")));

            PROXIED.proxy().setMode(Mode.DROP);
            MessageWindowChatMemory window = MessageWindowChatMemory.builder().id(id).maxMessages(10)
                    .chatMemoryStore(databaseBackAfterRead(store)).build();
            window.add(UserMessage.from("m4"));

            assertThat(stored(store, id)).containsExactly(UserMessage.from("m1"), UserMessage.from("m2"),
                    UserMessage.from("m3"), UserMessage.from("m4"));
        }
    }

    @Test
    void underBufferAWindowWrittenDuringTheOutageIsReplayedBehindTheStoredMessages() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        try (PostgresMemoryManager memory = memory(FallbackPolicy.BUFFER)) {
            PostgresChatMemoryStore store = PostgresChatMemoryStore.create(memory);
            String id = "buffer-outage";
            store.updateMessages(id, List.of(UserMessage.from("m1"), UserMessage.from("m2")));

            PROXIED.proxy().setMode(Mode.DROP);
            MessageWindowChatMemory window = MessageWindowChatMemory.builder().id(id).maxMessages(10)
                    .chatMemoryStore(store).build();
            assertThat(window.messages()).isEmpty();
            window.add(UserMessage.from("m3"));
            PROXIED.proxy().setMode(Mode.FORWARD);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(PROXIED.database().queryLong("SELECT jsonb_array_length(history) FROM session_memory WHERE session_id = ?",
                            id)).isEqualTo(3));
            assertThat(stored(store, id)).containsExactly(UserMessage.from("m1"), UserMessage.from("m2"),
                    UserMessage.from("m3"));
        }
    }
}
