package dev.memorysdk.springai;

import dev.memorysdk.MemoryManager;
import dev.memorysdk.MessageWindowStore;
import dev.memorysdk.SessionStats;
import java.util.List;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} on a {@link MemoryManager}: each conversation is a
 * session, each message one turn of it, so the session's TTL, cap, cleanup and statistics apply to
 * conversations as to any session.
 *
 * <p>{@code MessageWindowChatMemory} saves its whole window on every add; this repository writes
 * only the change, in one statement on the session's row: the messages the window dropped are
 * removed and the new ones appended (no delete-and-insert). Two requests adding to one conversation
 * at once both keep their messages, and a read served empty while the database was unavailable
 * never leads a save to erase the stored ones. Every message type is kept, with its metadata, tool
 * calls, tool responses and media; turns written through the turn API read as a user message and
 * an assistant message.
 *
 * <pre>{@code
 * ChatMemory chatMemory = MessageWindowChatMemory.builder()
 *         .chatMemoryRepository(PostgresChatMemoryRepository.create(memory))
 *         .maxMessages(20)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. Every method blocks on the database as the memory manager does, and fails, or
 * falls back, as its {@code FallbackPolicy} says.
 */
public final class PostgresChatMemoryRepository implements ChatMemoryRepository {

    /** The most conversation ids {@link #findConversationIds()} returns: the most recently updated. */
    public static final int MAX_CONVERSATION_IDS = 1_000;

    private final MessageWindowStore<Message> messages;

    private PostgresChatMemoryRepository(MemoryManager memory) {
        this.messages = MessageWindowStore.of(memory, new SpringAiMessageCodec());
    }

    /**
     * Returns a repository keeping conversations in {@code memory}, which must support
     * {@link MemoryManager#updateMemory} (as {@code PostgresMemoryManager} does).
     *
     * @throws IllegalArgumentException if {@code memory} is null
     */
    public static PostgresChatMemoryRepository create(MemoryManager memory) {
        if (memory == null) {
            throw new IllegalArgumentException("memory must not be null");
        }
        return new PostgresChatMemoryRepository(memory);
    }

    /**
     * Returns the ids of the {@value #MAX_CONVERSATION_IDS} most recently updated sessions of the
     * memory manager (conversations and sessions written through the turn API alike).
     */
    @Override
    public List<String> findConversationIds() {
        return messages.memory().getAllSessions(MAX_CONVERSATION_IDS).stream().map(SessionStats::sessionId).toList();
    }

    /**
     * Returns the conversation's unexpired messages, oldest first; empty for an unknown conversation,
     * or when the database is unavailable under the SKIP and BUFFER policies.
     *
     * @throws IllegalArgumentException if the conversation id is not a valid session id
     */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        return messages.read(conversationId);
    }

    /**
     * Stores {@code messages} as the conversation's current window: removes the stored messages it no
     * longer holds and appends its new ones, in one statement.
     *
     * @throws IllegalArgumentException if the conversation id or a message is invalid, or a message too large
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        this.messages.write(conversationId, messages);
    }

    /**
     * Deletes the conversation (its session).
     *
     * @throws IllegalArgumentException if the conversation id is invalid
     * @throws dev.memorysdk.MemoryUnavailableException if the database is unavailable, under every policy
     */
    @Override
    public void deleteByConversationId(String conversationId) {
        messages.clear(conversationId);
    }

    @Override
    public String toString() {
        return "PostgresChatMemoryRepository[" + messages.memory() + "]";
    }
}
