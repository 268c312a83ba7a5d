package dev.memorysdk;

import java.util.List;

/**
 * How one chat framework's messages are stored as turns, for {@link MessageWindowStore}.
 *
 * <p>Each message is one turn. A codec also reads turns that were written through the turn API
 * (plain query/answer turns) as the framework's messages, usually a user message and an assistant
 * message. Implementations must be thread-safe.
 *
 * @param <M> the framework's message type
 */
public interface MessageCodec<M> {

    /**
     * Returns the turn that stores {@code message} so that {@link #fromTurn} gives it back equal, with
     * a new unique id.
     *
     * @throws IllegalArgumentException if the message cannot be stored
     */
    Interaction toTurn(M message);

    /**
     * Returns the messages a stored turn stands for, oldest first: the message itself for a turn
     * written by {@link #toTurn}; for a plain query/answer turn, the messages of that exchange (none
     * for an empty one).
     */
    List<M> fromTurn(Interaction turn);

    /**
     * Returns the message's content as text, equal for equal messages: how a message of a written
     * window is recognised among the stored ones.
     */
    String contentKey(M message);
}
