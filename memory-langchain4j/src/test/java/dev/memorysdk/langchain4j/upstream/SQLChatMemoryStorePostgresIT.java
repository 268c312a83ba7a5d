// Ported from github.com/langchain4j/langchain4j-community at tag 1.19.0-beta29, chat-memory-stores/langchain4j-community-sql/src/test/java/dev/langchain4j/community/store/memory/chat/sql/SQLChatMemoryStorePostgresIT.java.
// Only the package, imports and the store's construction differ from the original: the store is SQLChatMemoryStoreIT's PostgresChatMemoryStore on the embedded PostgreSQL (no container). pg_upsert_sql_should_use_on_conflict_syntax and pg_create_table_sql_should_use_text_column test the SQL store's dialect and stay out (docs/integration.md).

package dev.memorysdk.langchain4j.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SQLChatMemoryStorePostgresIT extends SQLChatMemoryStoreIT {

    @Test
    void should_handle_concurrent_upserts_without_errors() throws InterruptedException {
        String memoryId = "concurrent-user";

        Thread t1 = new Thread(() -> store.updateMessages(memoryId, List.of()));
        Thread t2 = new Thread(() -> store.updateMessages(memoryId, List.of()));

        t1.start();
        t2.start();
        t1.join();
        t2.join();

        assertThat(store.getMessages(memoryId)).isNotNull();
    }
}
