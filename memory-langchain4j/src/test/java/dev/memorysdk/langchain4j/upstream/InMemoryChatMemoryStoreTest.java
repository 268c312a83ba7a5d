// Ported from github.com/langchain4j/langchain4j at tag 1.19.0, langchain4j-core/src/test/java/dev/langchain4j/store/memory/chat/InMemoryChatMemoryStoreTest.java.
// Only the package, imports and the store's construction differ from the original: the store is a PostgresChatMemoryStore.

package dev.memorysdk.langchain4j.upstream;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.langchain4j.TestStores;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import org.assertj.core.api.WithAssertions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

class InMemoryChatMemoryStoreTest implements WithAssertions {
    @Test
    void test() {
        PostgresChatMemoryStore store = TestStores.fresh();
        assertThat(store.getMessages("foo")).isEmpty();

        store.updateMessages("foo", Arrays.asList(new UserMessage("abc def"), new AiMessage("ghi jkl")));

        assertThat(store.getMessages("foo")).containsExactly(new UserMessage("abc def"), new AiMessage("ghi jkl"));

        store.deleteMessages("foo");

        assertThat(store.getMessages("foo")).isEmpty();
    }
}
