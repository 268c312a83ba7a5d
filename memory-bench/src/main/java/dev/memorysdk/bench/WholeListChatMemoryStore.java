package dev.memorysdk.bench;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The comparison LangChain4j store that saves a memory the way SQL chat memory stores do: the whole
 * serialized message list, one upsert per update (last writer wins). Thread-safe.
 */
final class WholeListChatMemoryStore implements ChatMemoryStore {

    /** The table, one row per memory. */
    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS whole_list_chat_memory (
                memory_id VARCHAR(255) PRIMARY KEY,
                messages  TEXT NOT NULL
            )""";

    private final DataSource dataSource;

    WholeListChatMemoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT messages FROM whole_list_chat_memory WHERE memory_id = ?")) {
            select.setString(1, memoryId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new ArrayList<>(ChatMessageDeserializer.messagesFromJson(row.getString(1)))
                        : new ArrayList<>();
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("reading memory failed", failure);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(
                     "INSERT INTO whole_list_chat_memory (memory_id, messages) VALUES (?, ?) "
                             + "ON CONFLICT (memory_id) DO UPDATE SET messages = EXCLUDED.messages")) {
            upsert.setString(1, memoryId.toString());
            upsert.setString(2, ChatMessageSerializer.messagesToJson(messages));
            upsert.executeUpdate();
        } catch (SQLException failure) {
            throw new IllegalStateException("writing memory failed", failure);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM whole_list_chat_memory WHERE memory_id = ?")) {
            delete.setString(1, memoryId.toString());
            delete.executeUpdate();
        } catch (SQLException failure) {
            throw new IllegalStateException("deleting memory failed", failure);
        }
    }
}
