// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, embedding-stores/langchain4j-community-duckdb/src/test/java/dev/langchain4j/community/store/memory/chat/duckdb/DuckDBChatMemoryStoreIT.java.
// Only the package, imports and the store's construction differ from the original: the stores are PostgresChatMemoryStores instead of in-memory and file-based DuckDBChatMemoryStores. should_clean_expired_messages calls the DuckDB store's own cleanExpiredMessage with a 10 ms expiry and stays out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.AssertionsForClassTypes.assertThatExceptionOfType;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.langchain4j.TestStores;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DuckDBChatMemoryStoreIT {

    @TempDir
    static java.nio.file.Path tempDir;

    static Duration expirationTest = Duration.ofMillis(10);

    @ParameterizedTest
    @MethodSource("provideStores")
    void should_store_and_retrieve_messages(PostgresChatMemoryStore store) {
        var messages = List.of(
                new SystemMessage("system message"), new UserMessage("user message"), new AiMessage("ai message"));
        store.updateMessages("test", messages);
        assertThat(store.getMessages("test")).isEqualTo(messages);
    }

    @ParameterizedTest
    @MethodSource("provideStores")
    void should_delete_messages() {
        var store = TestStores.fresh();
        List<ChatMessage> toDeleteMessages = List.of(new UserMessage("to delete message"));
        List<ChatMessage> toKeepMessages = List.of(new UserMessage("to keep message"));
        store.updateMessages("to_delete", toDeleteMessages);
        store.updateMessages("to_keep", toKeepMessages);
        store.deleteMessages("to_delete");
        assertThat(store.getMessages("to_delete")).isEmpty();
        assertThat(store.getMessages("to_keep")).isEqualTo(toKeepMessages);
    }

    @ParameterizedTest
    @MethodSource("provideStores")
    void memory_id_cannot_be_null(PostgresChatMemoryStore store) {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> store.getMessages(null));
        List<ChatMessage> messages = List.of(new SystemMessage("system message"));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> store.updateMessages(null, messages));
    }

    @ParameterizedTest
    @MethodSource("provideStores")
    void messages_cannot_be_null(PostgresChatMemoryStore store) {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> store.updateMessages("test", null));
    }

    /**
     * Provides the store for testing: where the original gives an in-memory and a file-based
     * DuckDBChatMemoryStore, one PostgresChatMemoryStore.
     */
    static List<PostgresChatMemoryStore> provideStores() {
        return List.of(TestStores.fresh());
    }
}
