package dev.memorysdk.example.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What is wrong with a request body that is not valid JSON, in words for the client: what and
 * where, without the parser's class names, source excerpts or settings. Constants only.
 */
final class JsonProblem {

    private JsonProblem() {
    }

    /** For example {@code "it ends before the value is complete (line 1, column 11)"}. */
    static String describe(JsonProcessingException malformed) {
        String original = String.valueOf(malformed.getOriginalMessage());
        String what;
        if (original.startsWith("Duplicate field")) {
            what = "a field appears twice";
        } else if (original.startsWith("Trailing token")) {
            what = "more follows the JSON value";
        } else if (original.contains("end-of-input")) {
            what = "it ends before the value is complete";
        } else {
            what = "unexpected character or token";
        }
        JsonLocation where = malformed.getLocation();
        return where == null ? what : what + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
