package dev.memorysdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;

/**
 * Which read of a conversation each message object a {@link MessageWindowStore} handed out came from,
 * so that a window of those objects is aligned with exactly what its writer read, on any thread.
 *
 * <p>Objects are remembered by identity while they are in use (weakly), at most
 * {@value MessageWindowStore#MAX_REMEMBERED_MESSAGES} of them. A written window's objects are
 * remembered as what that write left stored, so that a window built on it (without reading again)
 * appends only what it adds; a window that holds none of the messages that write appended was built
 * on the write's own read (two writers sharing one read's objects), and is aligned with that read.
 * A write moves the objects it kept to where it left them in place, without entering them again:
 * {@code MessageWindowChatMemory} writes back the objects it has just read on every message.
 * Thread-safe.
 */
final class ReadOrigins {

    /** A conversation's messages as one read returned them or one write left them: the turn of each. */
    private record Seen(String conversationId, List<String> turnIds, Built built) {
    }

    /** What a write was built on: the turns its writer read, and the read index of each message it kept. */
    private record Built(List<String> readTurnIds, List<Integer> keptFromRead) {
    }

    /** Where a message object stands in what was seen. */
    private record Origin(Seen seen, int index) {
    }

    /** A remembered object's origin, moved along by the writes that keep the object. */
    private static final class Remembered {
        private volatile Origin origin;

        Remembered(Origin origin) {
            this.origin = origin;
        }
    }

    /** The keys of read messages, {@code "#" + i}, made once for the usual window sizes. */
    private static final String[] READ_KEYS = new String[1_024];

    static {
        for (int i = 0; i < READ_KEYS.length; i++) {
            READ_KEYS[i] = "#" + i;
        }
    }

    /**
     * A window in terms of what its writer read: the turn of each read message, and for each window
     * message a key equal to {@code "#" + i} when it is the {@code i}-th read message, unique otherwise.
     */
    record WindowOnRead(List<String> readTurnIds, List<String> readKeys, List<String> writtenKeys) {
    }

    private final Cache<Object, Remembered> origins =
            Caffeine.newBuilder().weakKeys().maximumSize(MessageWindowStore.MAX_REMEMBERED_MESSAGES).build();

    /** Remembers {@code messages} as a read of the conversation returned them, stored in {@code turnIds}. */
    void rememberRead(String conversationId, List<?> messages, List<String> turnIds) {
        Seen seen = new Seen(conversationId, List.copyOf(turnIds), null);
        // A codec builds a read's messages anew: put each without looking it up (a put replaces any origin).
        for (int i = 0; i < messages.size(); i++) {
            origins.put(messages.get(i), new Remembered(new Origin(seen, i)));
        }
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
        remember(new Seen(conversationId, List.copyOf(turnIds),
                new Built(base.readTurnIds(), List.copyOf(keptFromRead))), window);
    }

    private void remember(Seen seen, List<?> messages) {
        for (int i = 0; i < messages.size(); i++) {
            Object message = messages.get(i);
            Remembered remembered = origins.getIfPresent(message);
            if (remembered != null) {
                remembered.origin = new Origin(seen, i);
            } else {
                origins.put(message, new Remembered(new Origin(seen, i)));
            }
        }
    }

    /**
     * The window on the read (or write) of this conversation that its first remembered object came
     * from; null when it holds no remembered object of this conversation.
     */
    WindowOnRead windowOnRead(String conversationId, List<?> window) {
        List<Origin> windowOrigins = new ArrayList<>(window.size());
        Seen seen = null;
        for (Object message : window) {
            Remembered remembered = origins.getIfPresent(message);
            Origin origin = remembered == null ? null : remembered.origin;
            windowOrigins.add(origin);
            if (seen == null && origin != null && origin.seen().conversationId().equals(conversationId)) {
                seen = origin.seen();
            }
        }
        if (seen == null) {
            return null;
        }
        if (seen.built() != null && !holdsAppended(windowOrigins, seen)) {
            return onWhatTheWriteWasBuiltOn(seen, windowOrigins);
        }
        List<String> writtenKeys = new ArrayList<>(window.size());
        for (Origin origin : windowOrigins) {
            writtenKeys.add(origin != null && origin.seen() == seen ? readKey(origin.index()) : "new");
        }
        return new WindowOnRead(seen.turnIds(), readKeys(seen.turnIds().size()), writtenKeys);
    }

    /** Whether the window holds a message the write {@code seen} appended. */
    private static boolean holdsAppended(List<Origin> windowOrigins, Seen seen) {
        int firstAppended = seen.built().keptFromRead().size();
        return windowOrigins.stream()
                .anyMatch(origin -> origin != null && origin.seen() == seen && origin.index() >= firstAppended);
    }

    private static WindowOnRead onWhatTheWriteWasBuiltOn(Seen write, List<Origin> windowOrigins) {
        List<String> writtenKeys = new ArrayList<>(windowOrigins.size());
        for (Origin origin : windowOrigins) {
            writtenKeys.add(origin != null && origin.seen() == write
                    ? readKey(write.built().keptFromRead().get(origin.index())) : "new");
        }
        List<String> readTurnIds = write.built().readTurnIds();
        return new WindowOnRead(readTurnIds, readKeys(readTurnIds.size()), writtenKeys);
    }

    private static List<String> readKeys(int size) {
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
