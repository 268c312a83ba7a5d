package dev.memorysdk.internal.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The small JSON values the statements bind instead of building them in SQL: a distributed planner
 * (Citus) accepts only IMMUTABLE functions where the SDK's upserts and updates need them, and
 * {@code jsonb_build_object}, {@code jsonb_build_array} and {@code jsonb_agg} are STABLE. Every value
 * is a bound parameter; strings are escaped as JSON. Stateless and thread-safe.
 */
final class StatementJson {

    private StatementJson() {
    }

    /** {@code [turn]}: one encoded turn (a JSON object) as an array. */
    static Jsonb oneTurn(String encodedTurn) {
        return new Jsonb("[" + encodedTurn + "]");
    }

    /** {@code [{"id": id}]}: what a history holding a turn with this id contains ({@code @>}). */
    static Jsonb idProbe(String id) {
        return new Jsonb("[{\"id\":" + quoted(id) + "}]");
    }

    /** {@code {"n": n}}: the jsonpath variable of the slice {@code $[last - $n + 1 to last]}. */
    static Jsonb lastN(int n) {
        return new Jsonb("{\"n\":" + n + "}");
    }

    /** {@code {"expired": [texts], "n": n}}: the jsonpath variables of the prune. */
    static Jsonb pruneVariables(String[] expiredTimestamps, int n) {
        StringBuilder json = new StringBuilder("{\"n\":").append(n).append(",\"expired\":");
        appendArray(json, Arrays.asList(expiredTimestamps));
        return new Jsonb(json.append('}').toString());
    }

    /**
     * {@code {"n": n, "ids": [ids], "remove": [removeIds]}}: the jsonpath variables of a batch or an
     * update in one statement.
     */
    static Jsonb appendManyVariables(int n, List<String> ids, Collection<String> removeIds) {
        StringBuilder json = new StringBuilder("{\"n\":").append(n).append(",\"ids\":");
        appendArray(json, ids);
        json.append(",\"remove\":");
        appendArray(json, removeIds);
        return new Jsonb(json.append('}').toString());
    }

    private static void appendArray(StringBuilder json, Collection<String> texts) {
        json.append('[');
        boolean first = true;
        for (String text : texts) {
            json.append(first ? "" : ",").append(quoted(text));
            first = false;
        }
        json.append(']');
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
