package dev.memorysdk.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.memorysdk.Interaction;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Converts turns to and from their stored JSON form:
 * {@code {"id", "query", "answer", "timestamp", "metadata"}}, with the timestamp as ISO-8601 UTC and
 * {@code metadata} present only when not empty. Reading is tolerant: elements written by other
 * services without an id get a stable id derived from their content, and elements that are not
 * turns are skipped and counted. Thread-safe.
 */
public final class InteractionCodec {

    private static final TypeReference<Map<String, Object>> METADATA_TYPE = new TypeReference<>() { };

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /**
     * Encodes one turn as a JSON object.
     *
     * @throws IllegalArgumentException if the metadata cannot be written as JSON
     */
    public String encode(Interaction interaction) {
        StringWriter out = new StringWriter(256 + interaction.query().length() + interaction.answer().length());
        try (JsonGenerator json = mapper.createGenerator(out)) {
            writeElement(json, interaction);
        } catch (JsonProcessingException badMetadata) {
            throw new IllegalArgumentException("metadata of interaction " + interaction.id()
                    + " cannot be written as JSON: " + badMetadata.getOriginalMessage(), badMetadata);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    /** Joins already encoded turns into a JSON array, keeping their order. */
    public String encodeArray(List<String> encodedElements) {
        int size = 2 + encodedElements.size();
        for (String element : encodedElements) {
            size += element.length();
        }
        StringBuilder array = new StringBuilder(size).append('[');
        for (int i = 0; i < encodedElements.size(); i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(encodedElements.get(i));
        }
        return array.append(']').toString();
    }

    /**
     * Decodes a stored JSON array of turns, keeping their order and skipping elements that are not
     * turns.
     *
     * @throws IllegalStateException if {@code json} is not a JSON array at all
     */
    public DecodedHistory decodeArray(String json) {
        if (json == null) {
            return new DecodedHistory(List.of(), 0);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException notJson) {
            throw new IllegalStateException("stored history is not valid JSON", notJson);
        }
        if (!root.isArray()) {
            throw new IllegalStateException("stored history is not a JSON array but " + root.getNodeType());
        }
        List<Interaction> turns = new ArrayList<>(root.size());
        int skipped = 0;
        for (JsonNode element : root) {
            Optional<Interaction> turn = decodeElement(element);
            if (turn.isPresent()) {
                turns.add(turn.get());
            } else {
                skipped++;
            }
        }
        return new DecodedHistory(turns, skipped);
    }

    private void writeElement(JsonGenerator json, Interaction interaction) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", interaction.id());
        json.writeStringField("query", interaction.query());
        json.writeStringField("answer", interaction.answer());
        json.writeStringField("timestamp", StoredTimestamps.format(interaction.timestamp()));
        if (!interaction.metadata().isEmpty()) {
            json.writeFieldName("metadata");
            mapper.writeValue(json, interaction.metadata());
        }
        json.writeEndObject();
    }

    private Optional<Interaction> decodeElement(JsonNode element) {
        if (!element.isObject()) {
            return Optional.empty();
        }
        JsonNode query = element.get("query");
        JsonNode answer = element.get("answer");
        JsonNode timestampNode = element.get("timestamp");
        if (query == null || !query.isTextual() || answer == null || !answer.isTextual()
                || timestampNode == null || !timestampNode.isTextual()) {
            return Optional.empty();
        }
        Optional<Instant> timestamp = StoredTimestamps.parse(timestampNode.textValue());
        if (timestamp.isEmpty()) {
            return Optional.empty();
        }
        JsonNode metadataNode = element.get("metadata");
        Map<String, Object> metadata = Map.of();
        if (metadataNode != null && metadataNode.isObject()) {
            metadata = mapper.convertValue(metadataNode, METADATA_TYPE);
        } else if (metadataNode != null && !metadataNode.isNull()) {
            return Optional.empty();
        }
        JsonNode idNode = element.get("id");
        String id = idNode != null && idNode.isTextual() && !idNode.textValue().isBlank()
                && idNode.textValue().length() <= Interaction.MAX_ID_LENGTH
                ? idNode.textValue()
                : derivedId(timestampNode.textValue(), query.textValue(), answer.textValue());
        return Optional.of(new Interaction(id, query.textValue(), answer.textValue(), timestamp.get(), metadata));
    }

    /** A stable id for a turn stored without one, so the same stored turn always reads the same. */
    private static String derivedId(String timestamp, String query, String answer) {
        String content = timestamp + '\u0000' + query + '\u0000' + answer;
        return UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The turns read from a stored history, oldest first.
     *
     * @param turns   the turns that could be read
     * @param skipped how many stored elements were not turns and were left out
     */
    public record DecodedHistory(List<Interaction> turns, int skipped) {
    }
}
