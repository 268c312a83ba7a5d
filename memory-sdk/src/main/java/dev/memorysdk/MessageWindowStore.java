package dev.memorysdk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A chat framework's message windows kept as the sessions of a {@link MemoryManager}: one session
 * per conversation, one turn per message. The base of the framework adapters.
 *
 * <p>A written window is the writer's intended conversation: of the messages the writer read, those
 * the window leaves out are removed, and the window's other messages are appended, so that the
 * stored conversation equals the window ({@link WindowAlignment}) — unless another writer appended
 * since the read. Those messages were not read, so they stay, before this window's new ones: two
 * requests that read the same conversation and each add a message both keep theirs. Only what
 * changed is written, in one {@link MemoryManager#updateMemory} call, or one
 * {@link MemoryManager#addToMemory} when that is a single new message.
 *
 * <p>What the writer read is recognised by the message objects the window holds: the read (or the
 * earlier write) of this store that returned them, on any thread. A window holding none of them (a
 * read that came back empty, a list built from scratch or of copies) was built on this thread's last
 * read of the conversation when that read was at most 10 seconds ago, as frameworks read and write
 * on one thread; otherwise (a first write, a write from another thread) it states the whole
 * conversation, and the messages stored when it is written count as read. Either way its messages
 * are recognised among those by content ({@link MessageCodec#contentKey}). A read served empty during
 * an outage makes a write remove nothing; while the database is down, such a window adds only its
 * newest message.
 *
 * <p>Thread-safe; every method blocks on the database as the memory manager does. The store
 * remembers which read each message object came from while the object is in use: each
 * conversation's newest 16 reads and writes, at most {@value #MAX_REMEMBERED_MESSAGES} objects in
 * all; a window of forgotten objects counts as holding none.
 *
 * @param <M> the framework's message type
 */
public final class MessageWindowStore<M> {

    /** The most turns of a conversation a read returns. */
    public static final int READ_LIMIT = 10_000;

    /** The most message objects whose read this store remembers. */
    public static final int MAX_REMEMBERED_MESSAGES = 100_000;

    /**
     * How long a thread's last read stands for what a window of none of its objects was built on:
     * frameworks write right after they read, on the same thread, and a read that came back empty
     * leaves no object to recognise.
     */
    private static final long LAST_READ_REUSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final MemoryManager memory;
    private final MessageCodec<M> codec;
    private final ReadOrigins origins = new ReadOrigins();
    /** Each thread's last read, for its next write of a window that holds none of the read's objects. */
    private final ThreadLocal<LastRead<M>> lastRead = new ThreadLocal<>();

    /** What a read returned, and the turn of each message. */
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
     * turns' worth), as new objects; empty for an unknown conversation, or when the database is
     * unavailable under the SKIP and BUFFER policies.
     *
     * @throws IllegalArgumentException if the conversation id is not a valid session id
     */
    public List<M> read(String conversationId) {
        List<M> messages = new ArrayList<>();
        List<String> turnIds = new ArrayList<>();
        readStored(conversationId, messages, turnIds);
        lastRead.set(new LastRead<>(conversationId, List.copyOf(messages), List.copyOf(turnIds), System.nanoTime()));
        return messages;
    }

    /** Reads the conversation into {@code messages}, the turn of each into {@code turnIds}, and remembers the read. */
    private void readStored(String conversationId, List<M> messages, List<String> turnIds) {
        for (Interaction turn : memory.getContext(conversationId, READ_LIMIT)) {
            for (M message : codec.fromTurn(turn)) {
                messages.add(message);
                turnIds.add(turn.id());
            }
        }
        origins.rememberRead(conversationId, messages, turnIds);
    }

    /**
     * Stores {@code window} as the conversation's messages: removes the messages the writer read and
     * the window left out, and appends the others, in one statement. Messages appended by others
     * since the writer's read stay.
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
        ReadOrigins.WindowOnRead base = onItsRead(conversationId, window);
        WindowAlignment alignment = WindowAlignment.of(base.readKeys(), base.readTurnIds(), base.writtenKeys());
        int firstNew = alignment.firstNew();
        boolean servedEmpty = base.readTurnIds().isEmpty() && window.size() - firstNew > 1
                && readMayHaveBeenServedEmpty(conversationId);
        if (servedEmpty) {
            // Nothing tells whether the window's older messages are stored: add only the newest.
            firstNew = window.size() - 1;
        }
        List<Interaction> append = new ArrayList<>(window.size() - firstNew);
        for (M message : window.subList(firstNew, window.size())) {
            append.add(codec.toTurn(message));
        }
        Set<String> remove = new LinkedHashSet<>();
        for (int index : alignment.dropped()) {
            remove.add(base.readTurnIds().get(index));
        }
        if (remove.isEmpty() && append.size() == 1) {
            // The common write (one new message, none dropped) as the single append, whose id check
            // is one containment test where updateMemory's compares ids through jsonpath.
            memory.addToMemory(conversationId, append.get(0));
        } else if (!append.isEmpty() || !remove.isEmpty()) {
            memory.updateMemory(conversationId, remove, append);
        }
        if (!servedEmpty) {
            origins.rememberWrite(conversationId, window, base, alignment.kept(base.readTurnIds().size()),
                    append.stream().map(Interaction::id).toList());
        }
    }

    /**
     * The window on what its writer read: the read its message objects came from; for a window
     * holding none, this thread's fresh last read of the conversation, else what is stored now, both
     * recognised by content.
     */
    private ReadOrigins.WindowOnRead onItsRead(String conversationId, List<M> window) {
        LastRead<M> last = lastRead.get();
        lastRead.remove();
        ReadOrigins.WindowOnRead base = origins.windowOnRead(conversationId, window);
        if (base != null) {
            return base;
        }
        if (last == null || !last.conversationId().equals(conversationId)
                || System.nanoTime() - last.atNanos() >= LAST_READ_REUSE_NANOS) {
            List<M> stored = new ArrayList<>();
            List<String> turnIds = new ArrayList<>();
            readStored(conversationId, stored, turnIds);
            last = new LastRead<>(conversationId, stored, turnIds, System.nanoTime());
        }
        return new ReadOrigins.WindowOnRead(last.turnIds(), last.messages().stream().map(codec::contentKey).toList(),
                window.stream().map(codec::contentKey).toList());
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
     * A read that found nothing may have been served empty by the fallback policy: does a read of the
     * conversation now come from the fallback? One index lookup, not a probe of the whole table.
     */
    private boolean readMayHaveBeenServedEmpty(String conversationId) {
        return memory.readContext(conversationId, 1).fromFallback();
    }
}
