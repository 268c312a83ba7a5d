package dev.memorysdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A written message window as a change to the messages its writer read: which read messages to
 * remove and from which position on the window's messages are appended.
 *
 * <p>Only removal (by turn) and appending are possible, so the read messages that stay must be, in
 * their stored order, the window's first messages. The longest such prefix is kept (matched from the
 * oldest read message on, each window message against the earliest read message after the previous
 * match); every other read message is removed and every window message after the prefix appended.
 * Applied to what was read, the result is the window exactly: a message the window moved is removed
 * and appended again. A turn that stands for two messages (a query/answer turn) can only be removed
 * whole, so the prefix ends before the first message whose turn the window does not keep whole.
 *
 * @param dropped  indexes of read messages to remove, ascending
 * @param firstNew index of the window's first message to append (its size when none is)
 */
record WindowAlignment(List<Integer> dropped, int firstNew) {

    /**
     * Aligns {@code written} with {@code read}, both given as keys equal for messages that are the
     * same; {@code readTurnIds} names the turn each read message is stored in.
     */
    static WindowAlignment of(List<String> read, List<String> readTurnIds, List<String> written) {
        if (read.size() != readTurnIds.size()) {
            throw new IllegalArgumentException("read and readTurnIds must have the same size: " + read.size()
                    + " and " + readTurnIds.size());
        }
        int[] matchedAt = new int[written.size()];
        int kept = 0;
        int from = 0;
        while (kept < written.size()) {
            int at = indexOf(read, written.get(kept), from);
            if (at < 0) {
                break;
            }
            matchedAt[kept++] = at;
            from = at + 1;
        }
        kept = withoutSplitTurns(matchedAt, kept, readTurnIds);
        boolean[] stays = new boolean[read.size()];
        for (int i = 0; i < kept; i++) {
            stays[matchedAt[i]] = true;
        }
        List<Integer> dropped = new ArrayList<>();
        for (int index = 0; index < stays.length; index++) {
            if (!stays[index]) {
                dropped.add(index);
            }
        }
        return new WindowAlignment(List.copyOf(dropped), kept);
    }

    /**
     * The indexes of the read messages that stay, ascending: the {@code i}-th is the window's
     * {@code i}-th message, for {@code i < firstNew}.
     */
    List<Integer> kept(int readSize) {
        List<Integer> kept = new ArrayList<>(readSize - dropped.size());
        for (int index = 0, next = 0; index < readSize; index++) {
            if (next < dropped.size() && dropped.get(next) == index) {
                next++;
            } else {
                kept.add(index);
            }
        }
        return kept;
    }

    private static int indexOf(List<String> read, String key, int from) {
        for (int index = from; index < read.size(); index++) {
            if (read.get(index).equals(key)) {
                return index;
            }
        }
        return -1;
    }

    /** Shortens the kept prefix until every turn it keeps a message of is kept whole. */
    private static int withoutSplitTurns(int[] matchedAt, int kept, List<String> readTurnIds) {
        Map<String, Integer> messagesPerTurn = new HashMap<>();
        boolean aTurnHoldsTwo = false;
        for (String turnId : readTurnIds) {
            aTurnHoldsTwo |= messagesPerTurn.merge(turnId, 1, Integer::sum) > 1;
        }
        if (!aTurnHoldsTwo) {
            // A message per turn (a framework's own messages): no turn can be split.
            return kept;
        }
        int shortened = kept;
        boolean split = true;
        while (split) {
            Map<String, Integer> keptPerTurn = new HashMap<>();
            for (int i = 0; i < shortened; i++) {
                keptPerTurn.merge(readTurnIds.get(matchedAt[i]), 1, Integer::sum);
            }
            split = false;
            for (int i = 0; i < shortened && !split; i++) {
                String turnId = readTurnIds.get(matchedAt[i]);
                if (!keptPerTurn.get(turnId).equals(messagesPerTurn.get(turnId))) {
                    shortened = i;
                    split = true;
                }
            }
        }
        return shortened;
    }
}
