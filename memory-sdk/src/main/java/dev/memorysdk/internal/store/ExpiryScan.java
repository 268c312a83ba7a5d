package dev.memorysdk.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.memorysdk.internal.json.StoredTimestamps;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a context read learns from the timestamps of every stored turn: which are expired and, for
 * the near cache, the oldest. Streams the JSON array rather than building a tree, and parses a
 * timestamp only where its text cannot tell it from the cutoff (see {@link StoredTimestamps#isBefore}),
 * unless the oldest is asked for. Every context read runs this over all stored turns.
 *
 * @param expired the texts of expired timestamps, each once
 * @param oldest  the oldest parsed timestamp; null when none parsed or it was not asked for
 */
record ExpiryScan(String[] expired, Instant oldest) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ExpiryScan NOTHING = new ExpiryScan(new String[0], null);

    /**
     * Scans {@code timestamps}, a JSON array of texts (null for none), against {@code cutoff}; with
     * {@code findOldest} every timestamp is parsed to find the oldest.
     *
     * @throws IllegalStateException if {@code timestamps} is not a JSON array
     */
    static ExpiryScan of(Jsonb timestamps, Instant cutoff, boolean findOldest) {
        if (timestamps == null) {
            return NOTHING;
        }
        StoredTimestamps.Bound bound = findOldest ? null : StoredTimestamps.bound(cutoff);
        Set<String> expired = null;
        Instant oldest = null;
        try (JsonParser parser = JSON.createParser(timestamps.json())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("PostgreSQL returned timestamps that are not a JSON array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    parser.skipChildren();
                    continue;
                }
                String text = parser.getText();
                boolean isExpired;
                if (findOldest) {
                    // Every timestamp is parsed here anyway: decide expiry on the parsed instant.
                    Instant instant = StoredTimestamps.parse(text).orElse(null);
                    isExpired = instant != null && instant.isBefore(cutoff);
                    if (instant != null && (oldest == null || instant.isBefore(oldest))) {
                        oldest = instant;
                    }
                } else {
                    isExpired = StoredTimestamps.isBefore(text, bound);
                }
                if (isExpired) {
                    if (expired == null) {
                        expired = new LinkedHashSet<>();
                    }
                    expired.add(text);
                }
            }
        } catch (IOException impossible) {
            throw new IllegalStateException("PostgreSQL returned invalid JSON", impossible);
        }
        return expired == null && oldest == null ? NOTHING
                : new ExpiryScan(expired == null ? NOTHING.expired : expired.toArray(String[]::new), oldest);
    }
}
