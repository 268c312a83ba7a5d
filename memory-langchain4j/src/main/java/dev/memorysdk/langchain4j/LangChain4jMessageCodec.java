package dev.memorysdk.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.ChatMessageType;
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
 * LangChain4j messages as turns. A user or AI message that is its non-empty text alone (equal to
 * {@code UserMessage.from(text)} or {@code AiMessage.from(text)}: the messages a chat is made of) is
 * stored as that text, in the turn's query or answer, with {@code metadata.message} naming its type;
 * any other message also as its own JSON ({@link ChatMessageSerializer}) under
 * {@code metadata.message.json}. Either way every message comes back equal, and readers of turns
 * find a user message's text as the query and an AI message's as the answer. A plain query/answer
 * turn reads as a user message and an AI message. Thread-safe.
 */
final class LangChain4jMessageCodec implements MessageCodec<ChatMessage> {

    /** The metadata key holding the stored message. */
    static final String MESSAGE_KEY = "message";
    /** The {@code framework} value of messages stored by this codec. */
    static final String FRAMEWORK = "langchain4j";

    private static final String USER = ChatMessageType.USER.name();
    private static final String AI = ChatMessageType.AI.name();

    @Override
    public Interaction toTurn(ChatMessage message) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("framework", FRAMEWORK);
        stored.put("type", message.type().name());
        String query = "";
        String answer = "";
        // A message with empty text keeps its JSON: a reader of the previous release skips an empty query or answer.
        if (message instanceof UserMessage user && user.hasSingleText()) {
            query = user.singleText();
            if (query.isEmpty() || !user.equals(UserMessage.from(query))) {
                stored.put("json", ChatMessageSerializer.messageToJson(message));
            }
        } else if (message instanceof AiMessage ai && ai.text() != null) {
            answer = ai.text();
            if (answer.isEmpty() || !ai.equals(AiMessage.from(answer))) {
                stored.put("json", ChatMessageSerializer.messageToJson(message));
            }
        } else {
            stored.put("json", ChatMessageSerializer.messageToJson(message));
        }
        return new Interaction(UUID.randomUUID().toString(), query, answer, Instant.now(), Map.of(MESSAGE_KEY, stored));
    }

    @Override
    public List<ChatMessage> fromTurn(Interaction turn) {
        if (turn.metadata().get(MESSAGE_KEY) instanceof Map<?, ?> stored && FRAMEWORK.equals(stored.get("framework"))) {
            if (stored.get("json") instanceof String json) {
                return List.of(ChatMessageDeserializer.messageFromJson(json));
            }
            if (USER.equals(stored.get("type"))) {
                return List.of(UserMessage.from(turn.query()));
            }
            if (AI.equals(stored.get("type"))) {
                return List.of(AiMessage.from(turn.answer()));
            }
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
