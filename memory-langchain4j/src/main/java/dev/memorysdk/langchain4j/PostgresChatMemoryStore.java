package dev.memorysdk.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.MemoryManager;
import dev.memorysdk.MessageWindowStore;
import java.util.List;

/**
 * A LangChain4j {@link ChatMemoryStore} on a {@link MemoryManager}: each memory id is a session,
 * each message one turn of it, so the session's TTL, cap, cleanup and statistics apply to chat
 * memories as to any session.
 *
 * <p>{@code MessageWindowChatMemory} writes its whole window on every message, and a write replaces
 * the memory: afterwards it reads back exactly as written (a system message put first included).
 * This store writes only the change, in one statement on the session's row: the messages the window
 * dropped are removed and the new ones appended. Two requests adding to one memory at once both
 * keep their messages, and a read served empty while the database was unavailable never leads a
 * write to erase the stored ones. Every message type is stored verbatim ({@code ChatMessageSerializer}); turns
 * written through the turn API read as a user message and an AI message.
 *
 * <pre>{@code
 * ChatMemoryStore store = PostgresChatMemoryStore.create(memory);
 * ChatMemoryProvider memories = id -> MessageWindowChatMemory.builder()
 *         .id(id).maxMessages(20).chatMemoryStore(store).build();
 * }</pre>
 *
 * <p>Thread-safe. Every method blocks on the database as the memory manager does, and fails, or
 * falls back, as its {@code FallbackPolicy} says.
 */
public final class PostgresChatMemoryStore implements ChatMemoryStore {

    private final MessageWindowStore<ChatMessage> messages;

    private PostgresChatMemoryStore(MemoryManager memory) {
        this.messages = MessageWindowStore.of(memory, new LangChain4jMessageCodec());
    }

    /**
     * Returns a store keeping chat memories in {@code memory}, which must support
     * {@link MemoryManager#updateMemory} (as {@code PostgresMemoryManager} does).
     *
     * @throws IllegalArgumentException if {@code memory} is null
     */
    public static PostgresChatMemoryStore create(MemoryManager memory) {
        if (memory == null) {
            throw new IllegalArgumentException("memory must not be null");
        }
        return new PostgresChatMemoryStore(memory);
    }

    /**
     * Returns the memory's unexpired messages, oldest first; empty for an unknown memory, or when the
     * database is unavailable under the SKIP and BUFFER policies.
     *
     * @throws IllegalArgumentException if {@code memoryId} is null or not a valid session id as text
     */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return messages.read(sessionId(memoryId));
    }

    /**
     * Stores {@code messages} as the memory, in one statement: with no other writer, what is stored
     * afterwards equals {@code messages} (an empty list empties the memory). Of the messages the
     * caller read, those left out are removed; messages another request appended since that read
     * stay ({@link MessageWindowStore#write}).
     *
     * @throws IllegalArgumentException if {@code memoryId} or a message is invalid, or a message too large
     */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        this.messages.write(sessionId(memoryId), messages);
    }

    /**
     * Deletes the memory (its session).
     *
     * @throws IllegalArgumentException if {@code memoryId} is invalid
     * @throws dev.memorysdk.MemoryUnavailableException if the database is unavailable, under every policy
     */
    @Override
    public void deleteMessages(Object memoryId) {
        messages.clear(sessionId(memoryId));
    }

    private static String sessionId(Object memoryId) {
        if (memoryId == null) {
            throw new IllegalArgumentException("memoryId must not be null");
        }
        return memoryId.toString();
    }

    @Override
    public String toString() {
        return "PostgresChatMemoryStore[" + messages.memory() + "]";
    }
}
