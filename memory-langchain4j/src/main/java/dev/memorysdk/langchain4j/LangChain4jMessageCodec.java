package dev.memorysdk.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.UserMessage;
import dev.memorysdk.Interaction;
import dev.memorysdk.MessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j messages as turns: the message's own JSON ({@link ChatMessageSerializer}) under
 * {@code metadata.message.json}, so every kind comes back equal; the text of a user message as the
 * turn's query and of an AI message as its answer, for readers of turns. A plain query/answer turn
 * reads as a user message and an AI message. Thread-safe.
 */
final class LangChain4jMessageCodec implements MessageCodec<ChatMessage> {

    /** The metadata key holding the stored message. */
    static final String MESSAGE_KEY = "message";
    /** The {@code framework} value of messages stored by this codec. */
    static final String FRAMEWORK = "langchain4j";

    @Override
    public Interaction toTurn(ChatMessage message) {
        String query = message instanceof UserMessage user && user.hasSingleText() ? user.singleText() : "";
        String answer = message instanceof AiMessage ai && ai.text() != null ? ai.text() : "";
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("framework", FRAMEWORK);
        stored.put("type", message.type().name());
        stored.put("json", ChatMessageSerializer.messageToJson(message));
        return new Interaction(UUID.randomUUID().toString(), query, answer, Instant.now(), Map.of(MESSAGE_KEY, stored));
    }

    @Override
    public List<ChatMessage> fromTurn(Interaction turn) {
        if (turn.metadata().get(MESSAGE_KEY) instanceof Map<?, ?> stored
                && FRAMEWORK.equals(stored.get("framework")) && stored.get("json") instanceof String json) {
            return List.of(ChatMessageDeserializer.messageFromJson(json));
        }
        List<ChatMessage> exchange = new ArrayList<>(2);
        if (!turn.query().isEmpty()) {
            exchange.add(UserMessage.from(turn.query()));
        }
        if (!turn.answer().isEmpty()) {
            exchange.add(AiMessage.from(turn.answer()));
        }
        return exchange;
    }

    @Override
    public String contentKey(ChatMessage message) {
        return ChatMessageSerializer.messageToJson(message);
    }
}
