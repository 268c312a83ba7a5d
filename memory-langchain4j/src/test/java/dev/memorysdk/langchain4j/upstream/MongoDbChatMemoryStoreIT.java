// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, chat-memory-stores/langchain4j-community-mongodb/src/test/java/dev/langchain4j/community/store/memory/chat/mongodb/MongoDbChatMemoryStoreIT.java.
// Only the package, imports and the store's construction differ from the original: the store is a new PostgresChatMemoryStore, made again before each test where the original drops the collection. should_throw_exception_when_invalid_parameters and should_create_ttl_index_without_errors test the MongoDB store's builder and index and stay out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.langchain4j.TestStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoDbChatMemoryStoreIT {

    static ChatMemoryStore store;

    @BeforeAll
    static void setUp() {
        store = TestStores.fresh();
    }

    @BeforeEach
    void cleanDatabase() {
        store = TestStores.fresh();
    }

    @Test
    void should_store_and_retrieve_messages() {
        // given
        String memoryId = "user-123";
        assertThat(store.getMessages(memoryId)).isEmpty();

        List<ChatMessage> messages = new ArrayList<>();
        messages.add(UserMessage.from("Hello"));
        messages.add(AiMessage.from("Hi there!"));

        // when
        store.updateMessages(memoryId, messages);

        // then
        List<ChatMessage> retrieved = store.getMessages(memoryId);
        assertThat(retrieved).hasSize(2);
        assertThat(retrieved.get(0)).isInstanceOf(UserMessage.class);
        assertThat(retrieved.get(1)).isInstanceOf(AiMessage.class);
    }

    @Test
    void should_update_existing_messages() {
        // given
        String memoryId = "user-789";
        List<ChatMessage> messages = new ArrayList<>();

        messages.add(UserMessage.from("Hello"));
        store.updateMessages(memoryId, messages);
        assertThat(store.getMessages(memoryId)).hasSize(1);

        // when
        messages.add(AiMessage.from("Hi there!"));
        store.updateMessages(memoryId, messages);

        // then
        List<ChatMessage> retrieved = store.getMessages(memoryId);
        assertThat(retrieved).hasSize(2);
        assertThat(retrieved.get(0)).isInstanceOf(UserMessage.class);
        assertThat(retrieved.get(1)).isInstanceOf(AiMessage.class);
    }

    @Test
    void should_delete_messages() {
        // given
        String memoryId = "user-456";
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(UserMessage.from("Delete me"));

        store.updateMessages(memoryId, messages);
        assertThat(store.getMessages(memoryId)).hasSize(1);

        // when
        store.deleteMessages(memoryId);

        // then
        assertThat(store.getMessages(memoryId)).isEmpty();
    }

    @Test
    void should_isolate_messages_by_memory_id() {
        // given
        String memoryId1 = "user-1";
        String memoryId2 = "user-2";

        List<ChatMessage> messages1 = List.of(UserMessage.from("Hello from user 1"));
        List<ChatMessage> messages2 = List.of(UserMessage.from("Hello from user 2"));

        // when
        store.updateMessages(memoryId1, messages1);
        store.updateMessages(memoryId2, messages2);

        // then
        assertThat(store.getMessages(memoryId1)).containsExactly(UserMessage.from("Hello from user 1"));
        assertThat(store.getMessages(memoryId2)).containsExactly(UserMessage.from("Hello from user 2"));
    }
}
