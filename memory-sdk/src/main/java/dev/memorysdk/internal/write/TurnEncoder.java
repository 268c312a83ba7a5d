package dev.memorysdk.internal.write;

import dev.memorysdk.Interaction;
import dev.memorysdk.internal.InputValidation;
import dev.memorysdk.internal.json.InteractionCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a turn becomes stored JSON: every write (single and batch appends, updates, the
 * async calls through them) validates, encrypts and encodes its turns here, so no write path can
 * store a turn unchecked or in plain text while the manager encrypts. Thread-safe.
 */
public final class TurnEncoder {

    private final InputValidation validation;
    private final InteractionCodec codec;

    /**
     * @param validation the checks of every turn (text, size, batch)
     * @param codec      the manager's codec: encrypts when the manager has a key provider
     */
    public TurnEncoder(InputValidation validation, InteractionCodec codec) {
        this.validation = validation;
        this.codec = codec;
    }

    /**
     * Checks {@code sessionId} and {@code turn}, and returns the turn's stored JSON: encrypted under
     * the session's current key when the manager encrypts.
     *
     * @throws IllegalArgumentException if the session id or the turn cannot be stored (the message says why)
     * @throws IllegalStateException if the key provider cannot supply a usable current key
     */
    public String encode(String sessionId, Interaction turn) {
        validation.requireSessionId(sessionId);
        return sealed(sessionId, turn);
    }

    /**
     * Checks {@code sessionId} and a batch, drops repeated ids (the first kept), and encodes each
     * turn as {@link #encode} does.
     *
     * @throws IllegalArgumentException if the batch or one of its turns cannot be stored
     * @throws IllegalStateException if the key provider cannot supply a usable current key
     */
    public EncodedTurns encodeAll(String sessionId, List<Interaction> turns) {
        validation.requireSessionId(sessionId);
        List<Interaction> distinct = validation.requireDistinctTurns(turns);
        List<String> encoded = new ArrayList<>(distinct.size());
        for (Interaction turn : distinct) {
            encoded.add(sealed(sessionId, turn));
        }
        return new EncodedTurns(distinct, encoded);
    }

    /**
     * Runs the checks of {@link #encode} without encrypting: for callers that validate on their
     * own thread before the write itself encodes.
     *
     * @throws IllegalArgumentException if the session id or the turn cannot be stored
     */
    public void check(String sessionId, Interaction turn) {
        validation.requireSessionId(sessionId);
        validation.requireStorable(turn, codec);
    }

    /**
     * Runs the checks of {@link #encodeAll} without encrypting, and returns the batch without
     * repeated ids.
     *
     * @throws IllegalArgumentException if the batch or one of its turns cannot be stored
     */
    public List<Interaction> checkAll(String sessionId, List<Interaction> turns) {
        validation.requireSessionId(sessionId);
        List<Interaction> distinct = validation.requireDistinctTurns(turns);
        distinct.forEach(turn -> validation.requireStorable(turn, codec));
        return distinct;
    }

    private String sealed(String sessionId, Interaction turn) {
        return codec.sealed(sessionId, turn, validation.requireStorable(turn, codec));
    }
}
