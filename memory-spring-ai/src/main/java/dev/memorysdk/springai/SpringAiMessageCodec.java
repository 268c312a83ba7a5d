package dev.memorysdk.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorysdk.Interaction;
import dev.memorysdk.MessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.AssistantMessage.ToolCall;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage.ToolResponse;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.ai.content.MediaContent;
import org.springframework.util.MimeType;

/**
 * Spring AI messages as turns. A user or assistant message that is its non-empty text alone (equal to
 * {@code new UserMessage(text)} or {@code new AssistantMessage(text)}, no media: the messages a chat
 * is made of) is stored as a plain turn, that text as the query or the answer and no metadata, and
 * reads back as exactly that message, as every plain turn does. Any other message is stored as JSON
 * under {@code metadata.message.json} (type, text, metadata, tool calls, tool responses, media), so
 * each comes back equal, with the text of a user message as the turn's query and of an assistant
 * message as its answer, for readers of turns. A plain query/answer turn reads as a user message and
 * an assistant message. Metadata values are kept as JSON values (a {@code Long} that fits an
 * {@code int} comes back an {@code Integer}); media data is kept as its URL text or its bytes.
 * Thread-safe.
 */
final class SpringAiMessageCodec implements MessageCodec<Message> {

    /** The metadata key holding the stored message. */
    static final String MESSAGE_KEY = "message";
    /** The {@code framework} value of messages stored by this codec. */
    static final String FRAMEWORK = "spring-ai";

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private final ObjectMapper json = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Override
    public Interaction toTurn(Message message) {
        String text = message.getText() == null ? "" : message.getText();
        String query = message.getMessageType() == MessageType.USER ? text : "";
        String answer = message.getMessageType() == MessageType.ASSISTANT ? text : "";
        if (isTextAlone(message, text)) {
            return Interaction.of(query, answer);
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("framework", FRAMEWORK);
        stored.put("type", message.getMessageType().name());
        stored.put("json", encode(message));
        return new Interaction(UUID.randomUUID().toString(), query, answer, Instant.now(), Map.of(MESSAGE_KEY, stored));
    }

    /**
     * Whether {@code message} is its non-empty text alone, so that the plain turn {@link #fromTurn}
     * reads it from is equal to it. A user message's equality leaves out its media, so they are
     * checked here.
     */
    private static boolean isTextAlone(Message message, String text) {
        if (text.isEmpty()) {
            return false; // A reader of turns skips an empty query or answer.
        }
        if (message.getClass() == UserMessage.class) {
            return ((UserMessage) message).getMedia().isEmpty() && message.equals(new UserMessage(text));
        }
        return message.getClass() == AssistantMessage.class && message.equals(new AssistantMessage(text));
    }

    @Override
    public List<Message> fromTurn(Interaction turn) {
        if (turn.metadata().get(MESSAGE_KEY) instanceof Map<?, ?> stored
                && FRAMEWORK.equals(stored.get("framework")) && stored.get("json") instanceof String encoded) {
            return List.of(decode(encoded));
        }
        List<Message> exchange = new ArrayList<>(2);
        if (!turn.query().isEmpty()) {
            exchange.add(new UserMessage(turn.query()));
        }
        if (!turn.answer().isEmpty()) {
            exchange.add(new AssistantMessage(turn.answer()));
        }
        return exchange;
    }

    @Override
    public String contentKey(Message message) {
        return encode(message);
    }

    /**
     * The message as JSON, map keys sorted so equal messages give equal text.
     *
     * @throws IllegalArgumentException if its metadata cannot be written as JSON
     */
    String encode(Message message) {
        ObjectNode node = json.createObjectNode();
        node.put("type", message.getMessageType().name());
        node.put("text", message.getText());
        Map<String, Object> metadata = new LinkedHashMap<>(message.getMetadata());
        metadata.remove(AbstractMessage.MESSAGE_TYPE);
        node.set("metadata", json.valueToTree(metadata));
        if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
            ArrayNode calls = node.putArray("toolCalls");
            for (ToolCall call : assistant.getToolCalls()) {
                calls.addObject().put("id", call.id()).put("type", call.type()).put("name", call.name())
                        .put("arguments", call.arguments());
            }
        }
        if (message instanceof ToolResponseMessage tool) {
            ArrayNode responses = node.putArray("responses");
            for (ToolResponse response : tool.getResponses()) {
                responses.addObject().put("id", response.id()).put("name", response.name())
                        .put("responseData", response.responseData());
            }
        }
        if (message instanceof MediaContent withMedia && !withMedia.getMedia().isEmpty()) {
            ArrayNode media = node.putArray("media");
            for (Media item : withMedia.getMedia()) {
                ObjectNode entry = media.addObject().put("id", item.getId()).put("name", item.getName())
                        .put("mimeType", item.getMimeType().toString());
                if (item.getData() instanceof String text) {
                    entry.put("data", text);
                } else {
                    entry.put("bytes", item.getDataAsByteArray());
                }
            }
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException notJson) {
            throw new IllegalArgumentException("a " + message.getMessageType() + " message cannot be stored as JSON: "
                    + notJson.getOriginalMessage(), notJson);
        }
    }

    /**
     * The message {@link #encode} wrote.
     *
     * @throws IllegalStateException if {@code encoded} is not such JSON
     */
    Message decode(String encoded) {
        JsonNode node;
        try {
            node = json.readTree(encoded);
        } catch (JsonProcessingException notJson) {
            throw new IllegalStateException("a stored Spring AI message is not valid JSON", notJson);
        }
        String text = node.path("text").isNull() ? null : node.path("text").asText();
        Map<String, Object> metadata = json.convertValue(node.path("metadata"), MAP);
        MessageType type = MessageType.valueOf(node.path("type").asText());
        return switch (type) {
            case USER -> UserMessage.builder().text(text == null ? "" : text).media(media(node))
                    .metadata(metadata).build();
            case SYSTEM -> SystemMessage.builder().text(text == null ? "" : text).metadata(metadata).build();
            case ASSISTANT -> AssistantMessage.builder().content(text).properties(metadata)
                    .toolCalls(toolCalls(node)).media(media(node)).build();
            case TOOL -> ToolResponseMessage.builder().responses(toolResponses(node)).metadata(metadata).build();
        };
    }

    private static List<ToolCall> toolCalls(JsonNode node) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : node.path("toolCalls")) {
            calls.add(new ToolCall(call.path("id").asText(), call.path("type").asText(), call.path("name").asText(),
                    call.path("arguments").asText()));
        }
        return calls;
    }

    private static List<ToolResponse> toolResponses(JsonNode node) {
        List<ToolResponse> responses = new ArrayList<>();
        for (JsonNode response : node.path("responses")) {
            responses.add(new ToolResponse(response.path("id").asText(), response.path("name").asText(),
                    response.path("responseData").asText()));
        }
        return responses;
    }

    private static List<Media> media(JsonNode node) {
        List<Media> media = new ArrayList<>();
        for (JsonNode item : node.path("media")) {
            Media.Builder builder = Media.builder().mimeType(MimeType.valueOf(item.path("mimeType").asText()))
                    .name(item.path("name").asText());
            if (item.hasNonNull("id")) {
                builder.id(item.path("id").asText());
            }
            try {
                media.add(item.has("data") ? builder.data(item.path("data").asText()).build()
                        : builder.data(item.path("bytes").binaryValue()).build());
            } catch (java.io.IOException notBase64) {
                throw new IllegalStateException("stored media bytes are not base64", notBase64);
            }
        }
        return media;
    }
}
