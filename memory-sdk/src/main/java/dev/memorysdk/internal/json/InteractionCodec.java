package dev.memorysdk.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryDecryptionException;
import dev.memorysdk.internal.config.MemorySettings;
import dev.memorysdk.internal.crypto.FieldCipher;
import dev.memorysdk.internal.crypto.FieldCipher.FieldContext;
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
 * turns are skipped and counted. With a {@link FieldCipher}, stored turns have their query, answer
 * and metadata encrypted (see {@link #sealed}); plain and encrypted turns read alike. Thread-safe.
 */
public final class InteractionCodec {

    private static final TypeReference<Map<String, Object>> METADATA_TYPE = new TypeReference<>() { };

    /** A string metadata starting with this marks an encrypted turn (plain metadata is an object). */
    private static final String SEALED_MARK = "enc:";
    /** Empty metadata as JSON, the plaintext of most turns' encrypted metadata. */
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final ObjectMapper mapper = JsonMapper.builder().build();
    /** Reads a metadata object; its type resolved once, not on every turn read. */
    private final ObjectReader metadataReader = mapper.readerFor(METADATA_TYPE);
    /** Writes a metadata object; its serializer resolved once, not on every turn written. */
    private final ObjectWriter metadataWriter = mapper.writerFor(METADATA_TYPE);
    private final FieldCipher cipher;
    private final boolean requireSealed;

    /** A codec that stores turns as plain JSON (and fails on encrypted ones it reads). */
    public InteractionCodec() {
        this(FieldCipher.disabled(), false);
    }

    /**
     * A codec that encrypts with {@code cipher} when it is enabled and, with {@code requireSealed},
     * refuses every plain turn it reads (strict mode: a plain turn is what someone who can write the
     * table but has no key would plant).
     */
    public InteractionCodec(FieldCipher cipher, boolean requireSealed) {
        this.cipher = cipher;
        this.requireSealed = requireSealed;
    }

    /** The codec of a manager with {@code settings}: its key provider and its strict mode. */
    public static InteractionCodec of(MemorySettings settings) {
        FieldCipher cipher = settings.keyProvider() == null ? FieldCipher.disabled() : FieldCipher.using(settings.keyProvider());
        return new InteractionCodec(cipher, settings.config().requireEncryption());
    }

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
     * The stored form of a turn of {@code sessionId}: {@code plainEncoded} (what {@link #encode}
     * returned for it) without encryption, else the turn with its query, answer and metadata
     * encrypted under the session's current key. Metadata is always present in an encrypted turn
     * (empty metadata is encrypted too): a string metadata is what marks a turn as encrypted.
     *
     * @throws IllegalStateException if the key provider cannot supply the current key
     */
    public String sealed(String sessionId, Interaction interaction, String plainEncoded) {
        if (!cipher.enabled()) {
            return plainEncoded;
        }
        String keyId = cipher.currentKeyId(sessionId);
        String timestamp = StoredTimestamps.format(interaction.timestamp());
        FieldContext where = new FieldContext(sessionId, interaction.id(), timestamp);
        StringWriter out = new StringWriter(plainEncoded.length() * 3 / 2 + 256);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", interaction.id());
            json.writeStringField("query", cipher.encrypt(where, "query", keyId, utf8(interaction.query())));
            json.writeStringField("answer", cipher.encrypt(where, "answer", keyId, utf8(interaction.answer())));
            json.writeStringField("timestamp", timestamp);
            byte[] metadata = interaction.metadata().isEmpty() ? EMPTY_OBJECT.clone()
                    : metadataWriter.writeValueAsBytes(interaction.metadata());
            json.writeStringField("metadata", cipher.encrypt(where, "metadata", keyId, metadata));
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    /** Whether stored turns are encrypted on write. */
    public boolean encrypts() {
        return cipher.enabled();
    }

    /**
     * Decodes a stored JSON array of turns that belong to no known session; see
     * {@link #decodeArray(String, String)}.
     */
    public DecodedHistory decodeArray(String json) {
        return decodeArray(null, json);
    }

    /**
     * Decodes a stored JSON array of turns of {@code sessionId}, keeping their order, decrypting
     * encrypted turns and skipping elements that are not turns. Streams through the text: no tree of
     * the history is built.
     *
     * @throws IllegalStateException if {@code json} is not a JSON array at all
     * @throws MemoryDecryptionException if an encrypted turn cannot be decrypted, or in strict mode
     *     a turn is stored plain: nothing is returned
     */
    public DecodedHistory decodeArray(String sessionId, String json) {
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
                    turn = open(sessionId, readElement(parser));
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

    /**
     * The exact text of each object element of a stored JSON array, in order (the turns and
     * anything else stored as an object); empty for a value that is not an array.
     *
     * @throws IllegalStateException if {@code json} is not valid JSON
     */
    public List<String> objectElementTexts(String json) {
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return List.of();
            }
            List<String> elements = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                long from = parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                if (token == JsonToken.START_OBJECT) {
                    long to = parser.currentTokenLocation().getCharOffset() + 1;
                    elements.add(json.substring((int) from, (int) to));
                }
            }
            return elements;
        } catch (IOException notJson) {
            throw new IllegalStateException("stored history is not valid JSON", notJson);
        }
    }

    /**
     * The turn a stored element holds when it must be written again under the session's current
     * key, or null when it needs no rewrite: it is not a turn, it is encrypted under the current key
     * already, or it is a plain turn and {@code includePlain} is false.
     *
     * @throws MemoryDecryptionException if the element is encrypted and cannot be decrypted
     * @throws IllegalStateException if encryption is not enabled
     */
    public Interaction toReseal(String sessionId, String elementText, boolean includePlain) {
        String keyId = cipher.currentKeyId(sessionId);
        RawTurn raw;
        try (JsonParser parser = mapper.createParser(elementText)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            raw = readElement(parser);
        } catch (IOException notJson) {
            return null;
        }
        if (raw.sealed() ? raw.allSealedWith(keyId) : !includePlain) {
            return null;
        }
        return raw.sealed() ? openSealed(sessionId, raw) : openPlain(raw);
    }

    private void writeElement(JsonGenerator json, Interaction interaction) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", interaction.id());
        json.writeStringField("query", interaction.query());
        json.writeStringField("answer", interaction.answer());
        json.writeStringField("timestamp", StoredTimestamps.format(interaction.timestamp()));
        if (!interaction.metadata().isEmpty()) {
            json.writeFieldName("metadata");
            metadataWriter.writeValue(json, interaction.metadata());
        }
        json.writeEndObject();
    }

    /** Reads one element's fields, the parser on its START_OBJECT; the element is consumed. */
    private RawTurn readElement(JsonParser parser) throws IOException {
        String id = null;
        String query = null;
        String answer = null;
        String timestampText = null;
        Map<String, Object> metadata = Map.of();
        String sealedMetadata = null;
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
                        metadata = metadataReader.readValue(parser);
                    } else if (value == JsonToken.VALUE_STRING && parser.getText().startsWith(SEALED_MARK)) {
                        sealedMetadata = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                        malformed = true;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new RawTurn(id, query, answer, timestampText, metadata, sealedMetadata, malformed);
    }

    /** The turn, decrypted when it is encrypted; null if a plain element is not a turn. */
    private Interaction open(String sessionId, RawTurn raw) {
        if (raw.sealed()) {
            return openSealed(sessionId, raw);
        }
        Interaction plain = openPlain(raw);
        if (plain != null && requireSealed) {
            throw new MemoryDecryptionException(sessionId, plain.id(), null,
                    "the turn is stored unencrypted and this manager requires encryption");
        }
        return plain;
    }

    /** The plain turn, or null if the element is not a turn. */
    private static Interaction openPlain(RawTurn raw) {
        if (raw.malformed() || raw.query() == null || raw.answer() == null || raw.timestampText() == null) {
            return null;
        }
        Optional<Instant> timestamp = StoredTimestamps.parse(raw.timestampText());
        if (timestamp.isEmpty()) {
            return null;
        }
        String id = raw.id();
        if (id == null || id.isBlank() || id.length() > Interaction.MAX_ID_LENGTH) {
            id = derivedId(raw.timestampText(), raw.query(), raw.answer());
        }
        return new Interaction(id, raw.query(), raw.answer(), timestamp.get(), raw.metadata());
    }

    /** An encrypted turn either opens whole or fails: never a turn with a field left out. */
    private Interaction openSealed(String sessionId, RawTurn raw) {
        String keyId = FieldCipher.keyIdOf(raw.sealedMetadata()).orElse(null);
        if (raw.malformed() || raw.query() == null || raw.answer() == null || raw.timestampText() == null
                || raw.id() == null || raw.id().isBlank() || raw.id().length() > Interaction.MAX_ID_LENGTH) {
            throw new MemoryDecryptionException(sessionId, raw.id(), keyId,
                    "the encrypted turn lacks its id, query, answer or timestamp");
        }
        FieldContext where = new FieldContext(sessionId, raw.id(), raw.timestampText());
        String query = new String(cipher.decrypt(where, "query", raw.query()), StandardCharsets.UTF_8);
        String answer = new String(cipher.decrypt(where, "answer", raw.answer()), StandardCharsets.UTF_8);
        byte[] metadataJson = cipher.decrypt(where, "metadata", raw.sealedMetadata());
        Map<String, Object> metadata;
        try {
            metadata = metadataReader.readValue(metadataJson);
        } catch (IOException notAnObject) {
            throw new MemoryDecryptionException(sessionId, raw.id(), keyId, "the decrypted metadata is not a JSON object");
        }
        Instant timestamp = StoredTimestamps.parse(raw.timestampText()).orElseThrow(() ->
                new MemoryDecryptionException(sessionId, raw.id(), keyId, "the encrypted turn's timestamp is not readable"));
        return new Interaction(raw.id(), query, answer, timestamp, metadata == null ? Map.of() : metadata);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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

    /** One stored element's fields as read; {@code sealedMetadata} non-null marks an encrypted turn. */
    private record RawTurn(String id, String query, String answer, String timestampText,
                           Map<String, Object> metadata, String sealedMetadata, boolean malformed) {

        boolean sealed() {
            return sealedMetadata != null;
        }

        boolean allSealedWith(String keyId) {
            return Optional.of(keyId).equals(FieldCipher.keyIdOf(query))
                    && Optional.of(keyId).equals(FieldCipher.keyIdOf(answer))
                    && Optional.of(keyId).equals(FieldCipher.keyIdOf(sealedMetadata));
        }
    }
}
