package dev.memorysdk.langchain4j.upstream;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.langchain4j.TestStores;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh {@code PostgresChatMemoryStore} that counts the calls made to it, standing where
 * LangChain4j's {@code MessageWindowChatMemoryTest} counts the calls to its in-memory store.
 */
class HitCountChatMemoryStore implements ChatMemoryStore {

    /** Calls of each method. */
    record HitCounts(int getMessages, int updateMessages, int deleteMessages) {
    }

    private final ChatMemoryStore store = TestStores.fresh();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger updates = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();

    /** Runs {@code work} and returns the calls it made. */
    HitCounts measureHitCounts(Runnable work) {
        int getsBefore = gets.get();
        int updatesBefore = updates.get();
        int deletesBefore = deletes.get();
        work.run();
        return new HitCounts(gets.get() - getsBefore, updates.get() - updatesBefore, deletes.get() - deletesBefore);
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        gets.incrementAndGet();
        return store.getMessages(memoryId);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        updates.incrementAndGet();
        store.updateMessages(memoryId, messages);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        deletes.incrementAndGet();
        store.deleteMessages(memoryId);
    }
}
