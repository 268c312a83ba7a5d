package dev.memorysdk.springai;

import dev.memorysdk.MemoryManager;
import dev.memorysdk.MessageWindowStore;
import dev.memorysdk.SessionStats;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} on a {@link MemoryManager}: each conversation is a
 * session, each message one turn of it, so the session's TTL, cap, cleanup and statistics apply to
 * conversations as to any session.
 *
 * <p>{@code MessageWindowChatMemory} saves its whole window on every add, and a save replaces the
 * conversation: afterwards it reads back exactly as saved, trimmed window, replaced system message
 * and empty list included. This repository writes only the change, in one statement on the
 * session's row: the messages the window dropped are removed and the new ones appended (no
 * delete-and-insert). Two requests adding to one conversation at once both keep their messages,
 * and a read served empty while the database was unavailable never leads a save to erase the
 * stored ones. Every message type is kept, with its metadata, tool
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
     * @throws IllegalArgumentException if the conversation id is null, empty or not a valid session id
     */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        return messages.read(requireConversationId(conversationId));
    }

    /**
     * Stores {@code messages} as the conversation, in one statement: with no other writer, what is
     * stored afterwards equals {@code messages} (an empty list empties the conversation). Of the
     * messages the caller read, those left out are removed; messages another request appended since
     * that read stay ({@link MessageWindowStore#write}).
     *
     * @throws IllegalArgumentException if the conversation id is null, empty or invalid, if
     *     {@code messages} is or holds null, or a message is too large
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        requireConversationId(conversationId);
        if (messages == null) {
            throw new IllegalArgumentException("messages cannot be null");
        }
        if (messages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("messages cannot contain null elements");
        }
        this.messages.write(conversationId, messages);
    }

    /**
     * Deletes the conversation (its session).
     *
     * @throws IllegalArgumentException if the conversation id is null, empty or invalid
     * @throws dev.memorysdk.MemoryUnavailableException if the database is unavailable, under every policy
     */
    @Override
    public void deleteByConversationId(String conversationId) {
        messages.clear(requireConversationId(conversationId));
    }

    /** Spring AI's repositories reject a missing conversation id in these words; a blank one is the SDK's to reject. */
    private static String requireConversationId(String conversationId) {
        if (conversationId == null || conversationId.isEmpty()) {
            throw new IllegalArgumentException("conversationId cannot be null or empty");
        }
        return conversationId;
    }

    @Override
    public String toString() {
        return "PostgresChatMemoryRepository[" + messages.memory() + "]";
    }
}
