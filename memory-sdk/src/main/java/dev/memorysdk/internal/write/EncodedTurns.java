package dev.memorysdk.internal.write;

import dev.memorysdk.Interaction;
import java.util.List;

/**
 * Validated turns of one session beside their stored JSON, index for index: what every write hands
 * to the store. Only {@link TurnEncoder} creates them, so stored JSON never bypasses its checks and
 * its encryption.
 *
 * @param turns   the turns, without repeated ids, in order
 * @param encoded each turn's stored JSON (encrypted when the manager encrypts)
 */
public record EncodedTurns(List<Interaction> turns, List<String> encoded) {

    /** Copies both lists; they must be of one size. */
    public EncodedTurns {
        turns = List.copyOf(turns);
        encoded = List.copyOf(encoded);
        if (turns.size() != encoded.size()) {
            throw new IllegalArgumentException(turns.size() + " turns but " + encoded.size() + " encoded turns");
        }
    }

    /** Whether there is no turn. */
    public boolean isEmpty() {
        return turns.isEmpty();
    }
}
