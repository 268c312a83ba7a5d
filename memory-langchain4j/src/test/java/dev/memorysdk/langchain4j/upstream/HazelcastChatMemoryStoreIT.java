// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, chat-memory-stores/langchain4j-community-hazelcast/src/test/java/dev/langchain4j/community/store/memory/chat/hazelcast/HazelcastChatMemoryStoreIT.java.
// Only the package, imports and the store's construction differ from the original: each test gets a new PostgresChatMemoryStore instead of a HazelcastChatMemoryStore on an embedded member. The tests of the wording for a null memory id or list, of an empty list, and of the Hazelcast store's builder and map stay out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageType;
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

/**
 * Integration tests for HazelcastChatMemoryStore.
 * <p>
 * All tests run against a single embedded Hazelcast member. Testing with an
 * embedded member is sufficient because the store only calls IMap
 * methods — the topology behind the map (embedded vs. remote cluster) is
 * transparent to the store and does not affect its behaviour.
 */
class HazelcastChatMemoryStoreIT {

    private final String userId = "someUserId";

    private PostgresChatMemoryStore memoryStore;

    @BeforeEach
    void setUp() {
        this.memoryStore = TestStores.fresh();
        memoryStore.deleteMessages(userId);
        assertThat(memoryStore.getMessages(userId)).isEmpty();
    }

    // -------------------------------------------------------------------------
    // Core CRUD behaviour
    // -------------------------------------------------------------------------

    @Test
    void should_set_messages_into_hazelcast() {
        // given
        assertThat(memoryStore.getMessages(userId)).isEmpty();

        // when
        String sysMessage = "You are a large language model working with LangChain4j";
        List<Content> userMsgContents = new ArrayList<>();
        userMsgContents.add(new ImageContent("someCatImageUrl"));

        List<ChatMessage> chatMessages = new ArrayList<>();
        chatMessages.add(new SystemMessage(sysMessage));
        chatMessages.add(new UserMessage("user1", userMsgContents));
        memoryStore.updateMessages(userId, chatMessages);

        // then
        List<ChatMessage> messages = memoryStore.getMessages(userId);
        assertThat(messages).hasSize(2);

        assertThat(messages.get(0).type()).isEqualTo(ChatMessageType.SYSTEM);
        assertThat(messages.get(1).type()).isEqualTo(ChatMessageType.USER);

        SystemMessage sys = (SystemMessage) messages.get(0);
        assertThat(sys.text()).isEqualTo(sysMessage);

        UserMessage usr = (UserMessage) messages.get(1);
        assertThat(usr.contents()).isEqualTo(userMsgContents);
    }

    @Test
    void should_delete_messages_from_hazelcast() {
        // given
        memoryStore.updateMessages(
                userId, List.of(new SystemMessage("You are a large language model working with LangChain4j")));
        assertThat(memoryStore.getMessages(userId)).hasSize(1);

        // when
        memoryStore.deleteMessages(userId);

        // then
        assertThat(memoryStore.getMessages(userId)).isEmpty();
    }

    @Test
    void should_overwrite_messages_on_update() {
        memoryStore.updateMessages(userId, List.of(new SystemMessage("First system prompt")));
        memoryStore.updateMessages(
                userId,
                List.of(new SystemMessage("Updated system prompt"), new UserMessage("Hello"), new AiMessage("Hi!")));

        List<ChatMessage> messages = memoryStore.getMessages(userId);
        assertThat(messages).hasSize(3);
        assertThat(((SystemMessage) messages.get(0)).text()).isEqualTo("Updated system prompt");
    }

    @Test
    void should_isolate_different_memory_ids() {
        memoryStore.updateMessages("alice", List.of(new UserMessage("Alice's message")));
        memoryStore.updateMessages("bob", List.of(new UserMessage("Bob's message")));

        assertThat(memoryStore.getMessages("alice")).containsExactly(new UserMessage("Alice's message"));
        assertThat(memoryStore.getMessages("bob")).containsExactly(new UserMessage("Bob's message"));
    }

    @Test
    void should_return_empty_list_for_unknown_memory_id() {
        assertThat(memoryStore.getMessages("unknown-id")).isEmpty();
    }

    @Test
    void should_support_non_string_memory_id() {
        // given a non-String memory id, the store keys on its toString()
        Integer memoryId = 42;

        // when
        memoryStore.updateMessages(memoryId, List.of(new UserMessage("hi")));

        // then it is retrievable by the original id
        assertThat(memoryStore.getMessages(memoryId)).containsExactly(new UserMessage("hi"));
        // and by the String form of that id, documenting the String.valueOf(memoryId) coercion
        assertThat(memoryStore.getMessages("42")).containsExactly(new UserMessage("hi"));
    }

    @Test
    void should_delete_non_existent_memory_id_without_error() {
        memoryStore.deleteMessages("does-not-exist"); // must not throw
    }
}
