package dev.memorysdk.example.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memorysdk.Interaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns Redis values into {@link Interaction}s. A turn without an id gets one derived from its key,
 * position and content, so that importing the same data twice stores nothing twice.
 */
final class TurnParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TurnFields fields;
    private final int maxTurnChars;

    TurnParser(TurnFields fields, int maxTurnChars) {
        this.fields = fields;
        this.maxTurnChars = maxTurnChars;
    }

    /** Parses a JSON array of turns (the STRING layout). */
    List<Interaction> parseArray(String key, String value) throws BadSessionException {
        JsonNode array = read(value, "value");
        if (!array.isArray()) {
            throw new BadSessionException("value is not a JSON array");
        }
        List<Interaction> turns = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            turns.add(toTurn(key, turns.size(), element));
        }
        return turns;
    }

    /** Parses one JSON turn per element (the LIST and HASH layouts); HASH turns are ordered by timestamp. */
    List<Interaction> parseElements(String key, List<String> elements, boolean sortByTime) throws BadSessionException {
        List<Interaction> turns = new ArrayList<>(elements.size());
        for (String element : elements) {
            turns.add(toTurn(key, turns.size(), read(element, "turn " + turns.size())));
        }
        if (sortByTime) {
            turns.sort(Comparator.comparing(Interaction::timestamp));
        }
        return turns;
    }

    private static JsonNode read(String text, String what) throws BadSessionException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadSessionException(what + " is not JSON");
        }
    }

    private Interaction toTurn(String key, int position, JsonNode turn) throws BadSessionException {
        if (!turn.isObject()) {
            throw new BadSessionException("turn " + position + " is not a JSON object");
        }
        String query = text(turn, fields.query());
        String answer = text(turn, fields.answer());
        if (query.isEmpty() && answer.isEmpty()) {
            throw new BadSessionException("turn " + position + " has no text");
        }
        if (query.length() + answer.length() > maxTurnChars) {
            throw new BadSessionException("turn " + position + " is larger than " + maxTurnChars + " characters");
        }
        Instant timestamp = timestamp(turn.get(fields.timestamp()), position);
        String id = text(turn, fields.id());
        if (id.isEmpty() || id.length() > Interaction.MAX_ID_LENGTH) {
            id = derivedId(key, position, query, answer, timestamp);
        }
        return new Interaction(id, query, answer, timestamp);
    }

    private static String text(JsonNode turn, String field) {
        JsonNode node = turn.get(field);
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static Instant timestamp(JsonNode node, int position) throws BadSessionException {
        if (node == null || node.isNull()) {
            throw new BadSessionException("turn " + position + " has no timestamp");
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        String text = node.asText().trim();
        try {
            if (text.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
            }
            return text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")
                    ? OffsetDateTime.parse(text).toInstant()
                    : Instant.parse(text + "Z");
        } catch (DateTimeParseException e) {
            throw new BadSessionException("turn " + position + " has a timestamp that is neither ISO-8601 nor epoch seconds");
        }
    }

    private static String derivedId(String key, int position, String query, String answer, Instant timestamp) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {key, Integer.toString(position), query, answer, timestamp.toString()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "redis-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
