package dev.memorysdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a written message window lies among the stored messages: which stored messages it dropped
 * and from which position on its messages are new.
 *
 * <p>A window a framework writes is what it read, minus messages it dropped, plus new messages at
 * the end; other writers may have appended to the stored list since it read. So the written list
 * starts with a run of stored messages (after, possibly, pinned messages such as a system message
 * that the window keeps apart from the run). The run chosen is the one that ends latest among the
 * stored messages, and the longest there: the window's newest known message is the newest stored
 * message it had read. Stored messages before the run's start that the window does not hold were
 * dropped by it; stored messages after the run's end were appended by others and stay.
 *
 * @param dropped  indexes of stored messages the window dropped, ascending
 * @param firstNew index of the written list's first new message (its size when none is new)
 */
record WindowAlignment(List<Integer> dropped, int firstNew) {

    /** Aligns {@code written} with {@code stored}, both given by content key and pinned flag. */
    static WindowAlignment of(List<String> stored, List<String> written, List<Boolean> writtenPinned) {
        int leadingPinned = 0;
        while (leadingPinned < written.size() && writtenPinned.get(leadingPinned)) {
            leadingPinned++;
        }
        Candidate best = null;
        for (int pinned = 0; pinned <= leadingPinned && pinned < written.size(); pinned++) {
            for (int start = 0; start < stored.size(); start++) {
                int length = runLength(stored, start, written, pinned);
                if (length == 0) {
                    continue;
                }
                int[] pinnedAt = subsequence(written.subList(0, pinned), stored.subList(0, start));
                if (pinnedAt == null) {
                    continue;
                }
                Candidate candidate = new Candidate(pinnedAt, start, length);
                if (best == null || candidate.betterThan(best)) {
                    best = candidate;
                }
            }
        }
        if (best == null) {
            return new WindowAlignment(List.of(), knownPinnedPrefix(stored, written, leadingPinned));
        }
        return new WindowAlignment(best.droppedBefore(), best.pinnedAt.length + best.length);
    }

    /** How many of the written messages from {@code from} on equal the stored ones from {@code start} on. */
    private static int runLength(List<String> stored, int start, List<String> written, int from) {
        int length = 0;
        while (start + length < stored.size() && from + length < written.size()
                && stored.get(start + length).equals(written.get(from + length))) {
            length++;
        }
        return length;
    }

    /** The positions of {@code needles} in {@code haystack}, in order and earliest first; null if not all are there. */
    private static int[] subsequence(List<String> needles, List<String> haystack) {
        int[] positions = new int[needles.size()];
        int at = 0;
        for (int i = 0; i < needles.size(); i++) {
            while (at < haystack.size() && !haystack.get(at).equals(needles.get(i))) {
                at++;
            }
            if (at == haystack.size()) {
                return null;
            }
            positions[i] = at++;
        }
        return positions;
    }

    /** Without any run: how many leading pinned written messages are stored (they are not new). */
    private static int knownPinnedPrefix(List<String> stored, List<String> written, int leadingPinned) {
        for (int pinned = leadingPinned; pinned > 0; pinned--) {
            if (subsequence(written.subList(0, pinned), stored) != null) {
                return pinned;
            }
        }
        return 0;
    }

    private record Candidate(int[] pinnedAt, int start, int length) {

        int end() {
            return start + length;
        }

        boolean betterThan(Candidate other) {
            if (end() != other.end()) {
                return end() > other.end();
            }
            return pinnedAt.length + length > other.pinnedAt.length + other.length;
        }

        List<Integer> droppedBefore() {
            List<Integer> dropped = new ArrayList<>();
            int next = 0;
            for (int index = 0; index < start; index++) {
                if (next < pinnedAt.length && pinnedAt[next] == index) {
                    next++;
                } else {
                    dropped.add(index);
                }
            }
            return dropped;
        }
    }
}
