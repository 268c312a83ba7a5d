package dev.memorysdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Which read of a conversation each message object a {@link MessageWindowStore} handed out came from,
 * so that a window of those objects is aligned with exactly what its writer read, on any thread.
 *
 * <p>Each conversation keeps its newest {@value #SEEN_PER_CONVERSATION} reads and writes: the turn of
 * each message, and the message objects themselves by identity, weakly (while they are in use). A
 * message object's origin is the newest of them that holds it. At most
 * {@value MessageWindowStore#MAX_REMEMBERED_MESSAGES} messages are remembered in all; past that, the
 * conversations least used are forgotten. A written window is remembered as what that write left
 * stored, so that a window built on it (without reading again) appends only what it adds; a window
 * that holds none of the messages that write appended was built on the write's own read (two
 * writers sharing one read's objects), and is aligned with that read. A read or a write is one entry
 * of its conversation, not one per message: {@code MessageWindowChatMemory} reads and writes back a
 * whole window on every message. Thread-safe.
 */
final class ReadOrigins {

    /** How many of a conversation's reads and writes are remembered: the newest. */
    static final int SEEN_PER_CONVERSATION = 16;

    /** What a write was built on: the turns its writer read, and the read index of each message it kept. */
    private record Built(List<String> readTurnIds, List<Integer> keptFromRead) {
    }

    /** A conversation's messages as one read returned them or one write left them: the turn of each. */
    private static final class Seen {
        private final List<String> turnIds;
        private final Built built;
        private final WeakReference<?>[] messages;

        Seen(List<String> turnIds, Built built, List<?> messages) {
            this.turnIds = List.copyOf(turnIds);
            this.built = built;
            this.messages = new WeakReference<?>[messages.size()];
            int i = 0;
            for (Object message : messages) {
                this.messages[i++] = new WeakReference<>(message);
            }
        }

        /** The index of {@code message} (by identity), looked for from {@code from} on first; -1 when absent. */
        int indexOf(Object message, int from) {
            for (int i = from; i < messages.length; i++) {
                if (messages[i].get() == message) {
                    return i;
                }
            }
            for (int i = 0; i < Math.min(from, messages.length); i++) {
                if (messages[i].get() == message) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Where a message object stands in what was seen. */
    private record Origin(Seen seen, int index) {
    }

    /** The keys of read messages, {@code "#" + i}, made once for the usual window sizes. */
    private static final String[] READ_KEYS = new String[1_024];

    static {
        for (int i = 0; i < READ_KEYS.length; i++) {
            READ_KEYS[i] = "#" + i;
        }
    }

    private static final List<String> MADE_READ_KEYS = List.of(READ_KEYS);

    /**
     * A window in terms of what its writer read: the turn of each read message, and for each window
     * message a key equal to {@code "#" + i} when it is the {@code i}-th read message, unique otherwise.
     */
    record WindowOnRead(List<String> readTurnIds, List<String> readKeys, List<String> writtenKeys) {
    }

    private final int seenPerConversation;
    /** Each conversation's remembered reads and writes, newest first. */
    private final Cache<String, Seen[]> conversations;

    ReadOrigins() {
        this(MessageWindowStore.MAX_REMEMBERED_MESSAGES, SEEN_PER_CONVERSATION);
    }

    /**
     * Origins of at most {@code maxMessages} messages, of each conversation's newest
     * {@code seenPerConversation} reads and writes.
     */
    ReadOrigins(int maxMessages, int seenPerConversation) {
        this.seenPerConversation = seenPerConversation;
        this.conversations = Caffeine.newBuilder()
                .maximumWeight(maxMessages)
                // Evicting on the caller's thread: a few entries at a time, no hop to a pool per write.
                .executor(Runnable::run)
                .weigher((String conversationId, Seen[] seen) -> messages(seen))
                .build();
    }

    private static int messages(Seen[] seen) {
        int messages = 0;
        for (Seen one : seen) {
            messages += one.messages.length;
        }
        return messages;
    }

    /** Remembers {@code messages} as a read of the conversation returned them, stored in {@code turnIds}. */
    void rememberRead(String conversationId, List<?> messages, List<String> turnIds) {
        remember(conversationId, new Seen(turnIds, null, messages));
    }

    /**
     * Remembers a written window as stored in {@code turnIds}: the read it was aligned with, the read
     * index of each of its first {@code keptFromRead.size()} messages, and the new turns of the others.
     */
    void rememberWrite(String conversationId, List<?> window, WindowOnRead base, List<Integer> keptFromRead,
            List<String> appendedTurnIds) {
        List<String> turnIds = new ArrayList<>(window.size());
        for (int index : keptFromRead) {
            turnIds.add(base.readTurnIds().get(index));
        }
        turnIds.addAll(appendedTurnIds);
        remember(conversationId, new Seen(turnIds, new Built(base.readTurnIds(), List.copyOf(keptFromRead)), window));
    }

    private void remember(String conversationId, Seen seen) {
        conversations.asMap().compute(conversationId, (id, older) -> {
            if (older == null) {
                return new Seen[] {seen};
            }
            Seen[] newestFirst = new Seen[Math.min(older.length + 1, seenPerConversation)];
            newestFirst[0] = seen;
            System.arraycopy(older, 0, newestFirst, 1, newestFirst.length - 1);
            return newestFirst;
        });
    }

    /**
     * The window on the read (or write) of this conversation that its first remembered object came
     * from; null when it holds no remembered object of this conversation.
     */
    WindowOnRead windowOnRead(String conversationId, List<?> window) {
        Seen[] remembered = conversations.getIfPresent(conversationId);
        if (remembered == null) {
            return null;
        }
        List<Origin> windowOrigins = new ArrayList<>(window.size());
        // Where to look next in each: a window holds a read's messages mostly in their order.
        int[] next = new int[remembered.length];
        Seen seen = null;
        for (Object message : window) {
            Origin origin = null;
            for (int s = 0; s < remembered.length && origin == null; s++) {
                int index = remembered[s].indexOf(message, next[s]);
                if (index >= 0) {
                    next[s] = index + 1;
                    origin = new Origin(remembered[s], index);
                }
            }
            windowOrigins.add(origin);
            if (seen == null && origin != null) {
                seen = origin.seen();
            }
        }
        if (seen == null) {
            return null;
        }
        if (seen.built != null && !holdsAppended(windowOrigins, seen)) {
            return onWhatTheWriteWasBuiltOn(seen, windowOrigins);
        }
        List<String> writtenKeys = new ArrayList<>(window.size());
        for (Origin origin : windowOrigins) {
            writtenKeys.add(origin != null && origin.seen() == seen ? readKey(origin.index()) : "new");
        }
        return new WindowOnRead(seen.turnIds, readKeys(seen.turnIds.size()), writtenKeys);
    }

    /** Whether the window holds a message the write {@code seen} appended. */
    private static boolean holdsAppended(List<Origin> windowOrigins, Seen seen) {
        int firstAppended = seen.built.keptFromRead().size();
        return windowOrigins.stream()
                .anyMatch(origin -> origin != null && origin.seen() == seen && origin.index() >= firstAppended);
    }

    private static WindowOnRead onWhatTheWriteWasBuiltOn(Seen write, List<Origin> windowOrigins) {
        List<String> writtenKeys = new ArrayList<>(windowOrigins.size());
        for (Origin origin : windowOrigins) {
            writtenKeys.add(origin != null && origin.seen() == write
                    ? readKey(write.built.keptFromRead().get(origin.index())) : "new");
        }
        List<String> readTurnIds = write.built.readTurnIds();
        return new WindowOnRead(readTurnIds, readKeys(readTurnIds.size()), writtenKeys);
    }

    private static List<String> readKeys(int size) {
        if (size <= READ_KEYS.length) {
            return MADE_READ_KEYS.subList(0, size);
        }
        List<String> keys = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            keys.add(readKey(i));
        }
        return keys;
    }

    private static String readKey(int index) {
        return index < READ_KEYS.length ? READ_KEYS[index] : "#" + index;
    }
}
