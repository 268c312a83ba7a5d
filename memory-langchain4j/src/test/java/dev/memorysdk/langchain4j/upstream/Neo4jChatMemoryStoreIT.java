// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, embedding-stores/langchain4j-community-neo4j/src/test/java/dev/langchain4j/community/store/memory/chat/neo4j/Neo4jChatMemoryStoreIT.java.
// Only the package, imports and the store's construction differ from the original: each test gets a new PostgresChatMemoryStore instead of a Neo4jChatMemoryStore on a Neo4j container, and afterEach no longer counts Neo4j nodes. The tests that count nodes, use the Neo4j store's labels, authentication or read limit, expect an update to append (every other store replaces), check error wording or reject an empty list stay out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.langchain4j.TestStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Neo4jChatMemoryStoreIT {

    private PostgresChatMemoryStore memoryStore;
    private final String messageId = "someUserId";

    @BeforeEach
    void setUp() {
        memoryStore = TestStores.fresh();
    }

    @AfterEach
    void afterEach() {
        memoryStore.deleteMessages(messageId);
        List<ChatMessage> messages = memoryStore.getMessages(messageId);
        assertThat(messages).isEmpty();
    }

    @Test
    void should_only_delete_messages_with_correct_memory_id() {
        final String anotherMessageId = "anotherId";
        final List<ChatMessage> chatMessages1 = createChatMessages();
        memoryStore.updateMessages(messageId, chatMessages1);

        final List<ChatMessage> chatMessages2 = createChatMessages();
        memoryStore.updateMessages(anotherMessageId, chatMessages2);

        List<ChatMessage> messagesBefore = memoryStore.getMessages(messageId);
        assertThat(messagesBefore)
                .hasSize(3)
                .isEqualTo(chatMessages1);

        List<ChatMessage> messages2Before = memoryStore.getMessages(anotherMessageId);
        assertThat(messages2Before)
                .hasSize(3)
                .isEqualTo(chatMessages2);

        memoryStore.deleteMessages(messageId);

        List<ChatMessage> messagesAfterDelete = memoryStore.getMessages(messageId);
        assertThat(messagesAfterDelete).isEmpty();

        List<ChatMessage> messages2AfterDelete = memoryStore.getMessages(anotherMessageId);
        assertThat(messages2AfterDelete)
                .hasSize(3)
                .isEqualTo(chatMessages2);

        memoryStore.deleteMessages(anotherMessageId);
        List<ChatMessage> messagesAfter2ndDelete = memoryStore.getMessages(anotherMessageId);
        assertThat(messagesAfter2ndDelete).isEmpty();
    }

    @Test
    void should_search_all_messages() {
        PostgresChatMemoryStore memoryStore = TestStores.fresh();

        final List<ChatMessage> chatMessages1 = new ArrayList<>();
        chatMessages1.addAll(createChatMessages());
        chatMessages1.addAll(createChatMessages());
        chatMessages1.addAll(createChatMessages());
        chatMessages1.addAll(createChatMessages());
        memoryStore.updateMessages(messageId, chatMessages1);

        List<ChatMessage> messages = memoryStore.getMessages(messageId);
        assertThat(messages)
                .hasSize(12)
                .isEqualTo(chatMessages1);
    }

    private static List<ChatMessage> createChatMessages() {
        return new ArrayList<>(List.of(new SystemMessage("foo"), new UserMessage("bar"), new AiMessage("baz")));
    }
}
