package dev.memorysdk.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
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
     * turns. Streams through the text: no tree of the history is built.
     *
     * @throws IllegalStateException if {@code json} is not a JSON array at all
     */
    public DecodedHistory decodeArray(String json) {
        if (json == null) {
            return new DecodedHistory(List.of(), 0);
        }
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new IllegalStateException("stored history is not a JSON array but " + first);
            }
            List<Interaction> turns = new ArrayList<>();
            int skipped = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                Interaction turn = null;
                if (token == JsonToken.START_OBJECT) {
                    turn = readElement(parser);
                } else {
                    parser.skipChildren();
                }
                if (turn != null) {
                    turns.add(turn);
                } else {
                    skipped++;
                }
            }
            return new DecodedHistory(turns, skipped);
        } catch (IOException notJson) {
            throw new IllegalStateException("stored history is not valid JSON", notJson);
        }
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

    /** Reads one element, the parser on its START_OBJECT; null (element consumed) if it is not a turn. */
    private Interaction readElement(JsonParser parser) throws IOException {
        String id = null;
        String query = null;
        String answer = null;
        String timestampText = null;
        Map<String, Object> metadata = Map.of();
        boolean malformed = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> id = textOrSkip(parser, value);
                case "query" -> query = textOrSkip(parser, value);
                case "answer" -> answer = textOrSkip(parser, value);
                case "timestamp" -> timestampText = textOrSkip(parser, value);
                case "metadata" -> {
                    if (value == JsonToken.START_OBJECT) {
                        metadata = mapper.readValue(parser, METADATA_TYPE);
                    } else if (value != JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                        malformed = true;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (malformed || query == null || answer == null || timestampText == null) {
            return null;
        }
        Optional<Instant> timestamp = StoredTimestamps.parse(timestampText);
        if (timestamp.isEmpty()) {
            return null;
        }
        if (id == null || id.isBlank() || id.length() > Interaction.MAX_ID_LENGTH) {
            id = derivedId(timestampText, query, answer);
        }
        return new Interaction(id, query, answer, timestamp.get(), metadata);
    }

    /** The string value, or null after skipping a value of any other type. */
    private static String textOrSkip(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
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
