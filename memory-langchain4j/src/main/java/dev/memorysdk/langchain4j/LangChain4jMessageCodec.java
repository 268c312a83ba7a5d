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
 * LangChain4j messages as turns. A user or AI message that is its non-empty text alone (equal to
 * {@code UserMessage.from(text)} or {@code AiMessage.from(text)}: the messages a chat is made of) is
 * stored as a plain turn: that text as the query or the answer, no metadata. It reads back as exactly
 * that message, as every plain turn does. Any other message is stored with {@code metadata.message}
 * naming the framework and its type and holding its own JSON ({@link ChatMessageSerializer}) under
 * {@code json}, and with its text, where it has one, as the query or the answer. Either way every
 * message comes back equal, and readers of turns find a user message's text as the query and an AI
 * message's as the answer. A plain query/answer turn reads as a user message and an AI message.
 * Thread-safe.
 */
final class LangChain4jMessageCodec implements MessageCodec<ChatMessage> {

    /** The metadata key holding the stored message. */
    static final String MESSAGE_KEY = "message";
    /** The {@code framework} value of messages stored by this codec. */
    static final String FRAMEWORK = "langchain4j";

    @Override
    public Interaction toTurn(ChatMessage message) {
        // An empty text keeps its JSON: a reader of turns skips an empty query or answer.
        if (message instanceof UserMessage user && user.hasSingleText() && !user.singleText().isEmpty()
                && user.equals(UserMessage.from(user.singleText()))) {
            return Interaction.of(user.singleText(), "");
        }
        if (message instanceof AiMessage ai && ai.text() != null && !ai.text().isEmpty()
                && ai.equals(AiMessage.from(ai.text()))) {
            return Interaction.of("", ai.text());
        }
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
        if (turn.metadata().get(MESSAGE_KEY) instanceof Map<?, ?> stored && FRAMEWORK.equals(stored.get("framework"))
                && stored.get("json") instanceof String json) {
            return List.of(ChatMessageDeserializer.messageFromJson(json));
        }
        // A plain turn, and a plain message as the previous release stored it (its text, with its type
        // beside it and no JSON): the text is the query of a user message or the answer of an AI one.
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
