package dev.memorysdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A chat framework's message windows kept as the sessions of a {@link MemoryManager}: one session
 * per conversation, one turn per message. The base of the framework adapters.
 *
 * <p>Frameworks write the whole window on every change. {@link #write} reduces it to what changed:
 * it takes the stored messages (as this thread last read them, when it read them just before, as
 * frameworks do; otherwise it reads them), finds the written window among them ({@link WindowAlignment}), and
 * removes the messages the window dropped and appends the new ones in one
 * {@link MemoryManager#updateMemory} call. A write that appends, or drops the oldest and appends,
 * touches no other message; two writers that read the same window and each added a message both
 * keep theirs; a window read empty during an outage adds its new messages and erases nothing.
 *
 * <p>Messages are recognised by content ({@link MessageCodec#contentKey}). When another writer
 * appended, between a window's read and its write, a message equal to the oldest one the window
 * kept, the window may be placed after it: equal messages are indistinguishable.
 *
 * <p>Thread-safe; every method blocks on the database as the memory manager does.
 *
 * @param <M> the framework's message type
 */
public final class MessageWindowStore<M> {

    /** The most turns of a conversation a read returns. */
    public static final int READ_LIMIT = 10_000;

    /**
     * How long a thread's last read stands for what is stored, for its next write: frameworks write
     * right after they read, on the same thread.
     */
    private static final long READ_REUSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final MemoryManager memory;
    private final MessageCodec<M> codec;
    /** Each thread's last read, used once by its next write to the same conversation. */
    private final ThreadLocal<LastRead<M>> lastRead = new ThreadLocal<>();

    /** What a read returned: the messages, and the turn each came from. */
    private record LastRead<M>(String conversationId, List<M> messages, List<String> turnIds, long atNanos) {
    }

    private MessageWindowStore(MemoryManager memory, MessageCodec<M> codec) {
        this.memory = memory;
        this.codec = codec;
    }

    /**
     * Returns a store of {@code codec}'s messages in {@code memory}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static <M> MessageWindowStore<M> of(MemoryManager memory, MessageCodec<M> codec) {
        if (memory == null) {
            throw new IllegalArgumentException("memory must not be null");
        }
        if (codec == null) {
            throw new IllegalArgumentException("codec must not be null");
        }
        return new MessageWindowStore<>(memory, codec);
    }

    /**
     * Returns the conversation's unexpired messages, oldest first (at most {@value #READ_LIMIT}
     * turns' worth); empty for an unknown conversation, or when the database is unavailable under
     * the SKIP and BUFFER policies.
     *
     * @throws IllegalArgumentException if the conversation id is not a valid session id
     */
    public List<M> read(String conversationId) {
        LastRead<M> read = readStored(conversationId);
        lastRead.set(read);
        return new ArrayList<>(read.messages());
    }

    private LastRead<M> readStored(String conversationId) {
        List<M> messages = new ArrayList<>();
        List<String> turnIds = new ArrayList<>();
        for (Interaction turn : memory.getContext(conversationId, READ_LIMIT)) {
            for (M message : codec.fromTurn(turn)) {
                messages.add(message);
                turnIds.add(turn.id());
            }
        }
        return new LastRead<>(conversationId, List.copyOf(messages), turnIds, System.nanoTime());
    }

    /**
     * Stores {@code window} as the conversation's messages: removes the stored messages it dropped
     * and appends its new ones, in one statement. Stored messages appended by others since the
     * window was read stay.
     *
     * @throws IllegalArgumentException if the conversation id is invalid, the window or a message in
     *     it is null, or a message is too large to store
     */
    public void write(String conversationId, List<M> window) {
        if (window == null) {
            throw new IllegalArgumentException("messages must not be null");
        }
        for (int i = 0; i < window.size(); i++) {
            if (window.get(i) == null) {
                throw new IllegalArgumentException("messages[" + i + "] must not be null");
            }
        }
        LastRead<M> read = storedAsLastRead(conversationId);
        Change change = sameMessagesAsRead(read, window);
        if (change == null) {
            change = alignedByContent(read, window);
        }
        int firstNew = change.firstNew();
        if (read.messages().isEmpty() && window.size() - firstNew > 1 && readMayHaveBeenServedEmpty()) {
            // Nothing tells whether the window's older messages are stored: add only the newest.
            firstNew = window.size() - 1;
        }
        List<Interaction> append = new ArrayList<>(window.size() - firstNew);
        for (M message : window.subList(firstNew, window.size())) {
            append.add(codec.toTurn(message));
        }
        Set<String> remove = removableTurns(read.turnIds(), change.dropped());
        if (!append.isEmpty() || !remove.isEmpty()) {
            memory.updateMemory(conversationId, remove, append);
        }
    }

    /** A window as a change to what was read: the stored messages it dropped, and where its new ones start. */
    private record Change(List<Integer> dropped, int firstNew) {
    }

    /**
     * The change when the window is what frameworks build from the read they just made: the very
     * message objects that read returned (in any order, any of them left out), followed only by
     * objects it did not return. Then the left-out ones were dropped and the others are new, with no
     * content to compare. Null for any other window (a message object replaced, a new one among the
     * kept ones), which is aligned by content instead.
     */
    private Change sameMessagesAsRead(LastRead<M> read, List<M> window) {
        Map<M, Integer> readIndex = new IdentityHashMap<>();
        for (int i = 0; i < read.messages().size(); i++) {
            readIndex.put(read.messages().get(i), i);
        }
        int kept = 0;
        while (kept < window.size() && readIndex.containsKey(window.get(kept))) {
            kept++;
        }
        if (kept == 0 && !read.messages().isEmpty()) {
            return null;
        }
        for (M message : window.subList(kept, window.size())) {
            if (readIndex.containsKey(message)) {
                return null;
            }
        }
        boolean[] referenced = new boolean[read.messages().size()];
        for (M message : window.subList(0, kept)) {
            referenced[readIndex.get(message)] = true;
        }
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < referenced.length; i++) {
            if (!referenced[i]) {
                dropped.add(i);
            }
        }
        return new Change(dropped, kept);
    }

    /** The change found by recognising the window's messages among the stored ones by content. */
    private Change alignedByContent(LastRead<M> read, List<M> window) {
        List<String> written = new ArrayList<>(window.size());
        List<Boolean> writtenPinned = new ArrayList<>(window.size());
        for (M message : window) {
            written.add(codec.contentKey(message));
            writtenPinned.add(codec.isPinned(message));
        }
        List<String> stored = new ArrayList<>(read.messages().size());
        for (M message : read.messages()) {
            stored.add(codec.contentKey(message));
        }
        WindowAlignment alignment = WindowAlignment.of(stored, written, writtenPinned);
        return new Change(alignment.dropped(), alignment.firstNew());
    }

    /**
     * Deletes the conversation.
     *
     * @return whether there was something to delete
     * @throws IllegalArgumentException if the conversation id is invalid
     * @throws MemoryUnavailableException if the database is unavailable, under every policy
     */
    public boolean clear(String conversationId) {
        return memory.clearMemory(conversationId);
    }

    /** The memory manager the messages are stored in. */
    public MemoryManager memory() {
        return memory;
    }

    /**
     * What is stored, as the window being written was built from: this thread's last read of the
     * conversation when it is fresh (the framework read it and built the window from it, so the
     * alignment is exact and costs no second round trip), otherwise a new read. Either way the
     * removals go by turn id and the appends are idempotent, so what other writers added since
     * stays.
     */
    private LastRead<M> storedAsLastRead(String conversationId) {
        LastRead<M> last = lastRead.get();
        lastRead.remove();
        if (last != null && last.conversationId().equals(conversationId)
                && System.nanoTime() - last.atNanos() < READ_REUSE_NANOS) {
            return last;
        }
        return readStored(conversationId);
    }

    /** A read that found nothing may have been served empty by the fallback policy: is the database away? */
    private boolean readMayHaveBeenServedEmpty() {
        return memory.healthCheck().status() == HealthStatus.Status.DOWN;
    }

    /** The turns all of whose messages were dropped (a query/answer turn stands for two messages). */
    private static Set<String> removableTurns(List<String> storedTurnIds, List<Integer> dropped) {
        Map<String, Integer> droppedPerTurn = new HashMap<>();
        for (int index : dropped) {
            droppedPerTurn.merge(storedTurnIds.get(index), 1, Integer::sum);
        }
        Map<String, Integer> messagesPerTurn = new HashMap<>();
        for (String turnId : storedTurnIds) {
            messagesPerTurn.merge(turnId, 1, Integer::sum);
        }
        Set<String> removable = new LinkedHashSet<>();
        droppedPerTurn.forEach((turnId, count) -> {
            if (count.equals(messagesPerTurn.get(turnId))) {
                removable.add(turnId);
            }
        });
        return removable;
    }
}
