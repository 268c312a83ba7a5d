package dev.memorysdk.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The new history of a session after a batch of turns, computed from the history read under the
 * row's lock: idempotent per turn id. Turns are compared by their {@code id} only; a stored element
 * without one is kept as it is. Stateless and thread-safe.
 */
final class HistoryMerge {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * The history to store and how many of the batch's turns it newly holds.
     *
     * @param history the JSON array to store, or null when the stored history stays as it is
     * @param written how many of the batch's turns were not stored before and are in {@code history}
     */
    record Merged(String history, int written) {
    }

    /** Nothing to write. */
    static final Merged UNCHANGED = new Merged(null, 0);

    private HistoryMerge() {
    }

    /**
     * {@code batch} added to {@code stored}: a turn whose id is stored is not written again; every
     * other turn is written in the batch's order, right before the stored turn that follows it in the
     * batch or, when none follows, after the newest; then only the newest {@code maxLength} turns are
     * kept. So a resent batch is stored once, a turn the batch holds before a stored one keeps its
     * place before it, and a turn whose place is already older than the kept window is not brought
     * back as the newest.
     *
     * @param stored the stored history (null, or anything but an array, reads as empty)
     * @param batch  the encoded turns, oldest first, each a JSON object with an {@code id}
     */
    static Merged append(String stored, List<String> batch, int maxLength) {
        List<JsonNode> history = elements(stored);
        Set<String> known = ids(history);
        Map<String, List<JsonNode>> before = new HashMap<>();
        List<JsonNode> pending = new ArrayList<>();
        Set<JsonNode> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String text : batch) {
            JsonNode turn = parse(text);
            String id = id(turn);
            if (id == null || known.add(id)) {
                pending.add(turn);
                fresh.add(turn);
            } else if (!pending.isEmpty() && isStored(history, id)) {
                before.computeIfAbsent(id, key -> new ArrayList<>()).addAll(pending);
                pending.clear();
            }
        }
        List<JsonNode> merged = new ArrayList<>(history.size() + batch.size());
        for (JsonNode element : history) {
            String id = id(element);
            if (id != null && before.containsKey(id)) {
                merged.addAll(before.remove(id));
            }
            merged.add(element);
        }
        merged.addAll(pending);
        Merged result = capped(merged, fresh, maxLength);
        return result.written() > 0 ? result : UNCHANGED;
    }

    /**
     * Removes the stored turns whose id is in {@code removeIds}, then appends the batch's turns whose
     * id was not stored (before the removal) after the newest, and keeps the newest {@code maxLength}.
     * Nothing to remove and nothing new leaves the history as it is.
     */
    static Merged removeAndAppend(String stored, Set<String> removeIds, List<String> batch, int maxLength) {
        List<JsonNode> history = elements(stored);
        Set<String> known = ids(history);
        List<JsonNode> merged = new ArrayList<>(history.size() + batch.size());
        for (JsonNode element : history) {
            String id = id(element);
            if (id == null || !removeIds.contains(id)) {
                merged.add(element);
            }
        }
        boolean removed = merged.size() < history.size();
        Set<JsonNode> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String text : batch) {
            JsonNode turn = parse(text);
            String id = id(turn);
            if (id == null || known.add(id)) {
                merged.add(turn);
                fresh.add(turn);
            }
        }
        Merged result = capped(merged, fresh, maxLength);
        return removed || result.written() > 0 ? result : UNCHANGED;
    }

    /** The newest {@code maxLength} of {@code merged}, and how many of them are {@code fresh}. */
    private static Merged capped(List<JsonNode> merged, Set<JsonNode> fresh, int maxLength) {
        List<JsonNode> kept = merged.subList(Math.max(0, merged.size() - maxLength), merged.size());
        int written = (int) kept.stream().filter(fresh::contains).count();
        ArrayNode array = JSON.createArrayNode();
        kept.forEach(array::add);
        return new Merged(array.toString(), written);
    }

    private static boolean isStored(List<JsonNode> history, String id) {
        return history.stream().anyMatch(element -> id.equals(id(element)));
    }

    private static List<JsonNode> elements(String stored) {
        List<JsonNode> elements = new ArrayList<>();
        if (stored != null) {
            JsonNode history = parse(stored);
            if (history.isArray()) {
                history.forEach(elements::add);
            }
        }
        return elements;
    }

    private static Set<String> ids(List<JsonNode> elements) {
        Set<String> ids = new HashSet<>();
        for (JsonNode element : elements) {
            String id = id(element);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String id(JsonNode element) {
        JsonNode id = element.get("id");
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException invalid) {
            throw new IllegalStateException("not valid JSON: a stored history or an encoded turn", invalid);
        }
    }
}
