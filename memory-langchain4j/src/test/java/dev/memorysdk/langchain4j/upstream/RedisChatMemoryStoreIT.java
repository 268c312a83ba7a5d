// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, embedding-stores/langchain4j-community-redis/src/test/java/dev/langchain4j/community/store/memory/chat/redis/RedisChatMemoryStoreIT.java.
// Only the package, imports and the store's construction differ from the original: each test gets a new PostgresChatMemoryStore instead of a RedisChatMemoryStore on a Redis container. The tests of the Redis store's own settings (TTL in seconds, key prefix, store type, connection), of the wording for a null or blank id or list and of an empty list stay out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.langchain4j.TestStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisChatMemoryStoreIT {

    private final String userId = "someUserId";
    private PostgresChatMemoryStore memoryStore;

    @BeforeEach
    void setUp() {
        this.memoryStore = TestStores.fresh();
        memoryStore.deleteMessages(userId);
        List<ChatMessage> messages = memoryStore.getMessages(userId);
        assertThat(messages).isEmpty();
    }

    @Test
    void should_set_messages_into_redis() {
        // given
        List<ChatMessage> messages = memoryStore.getMessages(userId);
        assertThat(messages).isEmpty();

        // when
        List<ChatMessage> chatMessages = new ArrayList<>();
        chatMessages.add(new SystemMessage("You are a large language model working with Langchain4j"));
        List<Content> userMsgContents = new ArrayList<>();
        userMsgContents.add(new ImageContent("someCatImageUrl"));
        chatMessages.add(new UserMessage("What do you see in this image?", userMsgContents));
        memoryStore.updateMessages(userId, chatMessages);

        // then
        messages = memoryStore.getMessages(userId);
        assertThat(messages).hasSize(2);
    }

    @Test
    void should_delete_messages_from_redis() {
        // given
        List<ChatMessage> chatMessages = new ArrayList<>();
        chatMessages.add(new SystemMessage("You are a large language model working with Langchain4j"));
        memoryStore.updateMessages(userId, chatMessages);
        List<ChatMessage> messages = memoryStore.getMessages(userId);
        assertThat(messages).hasSize(1);

        // when
        memoryStore.deleteMessages(userId);

        // then
        messages = memoryStore.getMessages(userId);
        assertThat(messages).isEmpty();
    }
}
