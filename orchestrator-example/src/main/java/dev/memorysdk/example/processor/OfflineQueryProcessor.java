package dev.memorysdk.example.processor;

import dev.memorysdk.Interaction;
import dev.memorysdk.example.QueryProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A processor that needs no network and no model: its answers quote the preloaded context, so a
 * user sees memory at work. It knows nothing else; use it to try the app and in tests.
 *
 * <p>Deterministic: the same query and context give the same answer. Stateless and thread-safe.
 */
public final class OfflineQueryProcessor implements QueryProcessor {

    /** Quoted turns are cut to this many characters so answers stay one readable line. */
    static final int QUOTE_LENGTH = 80;

    private static final Map<String, Object> METADATA = Map.of("processor", "offline", "model", "offline");

    // Words too common to say that two questions are about the same thing.
    private static final Set<String> COMMON_WORDS = Set.of(
            "what", "which", "when", "where", "there", "their", "about", "should", "would", "could",
            "that", "this", "with", "have", "your", "from", "they", "them", "then", "than", "been",
            "does", "into", "some", "tell", "just", "like", "also", "very", "will", "here");

    @Override
    public String process(String query, List<Interaction> context) {
        if (context.isEmpty()) {
            return "This is the first turn of this session, so I have no earlier context yet "
                    + "(offline processor: ask a follow-up and I will answer with this turn in mind).";
        }
        StringBuilder answer = new StringBuilder("I remember ").append(context.size())
                .append(context.size() == 1 ? " earlier turn" : " earlier turns").append(" of this session. ");
        Optional<Interaction> related = mostRelatedTurn(query, context);
        if (related.isPresent()) {
            answer.append("This relates to what you said before: \"").append(quote(related.get().query())).append("\"");
        } else {
            answer.append("You asked earlier about \"").append(quote(context.get(0).query())).append('"');
            if (context.size() > 1) {
                answer.append(", and most recently about \"")
                        .append(quote(context.get(context.size() - 1).query())).append('"');
            }
        }
        return answer.append('.').toString();
    }

    /** The earlier turn sharing the most significant words with the query, the latest on a tie. */
    static Optional<Interaction> mostRelatedTurn(String query, List<Interaction> context) {
        Set<String> asked = significantWords(query);
        Comparator<Interaction> byOverlap = Comparator.comparingLong(turn -> overlap(asked, turn));
        return context.stream()
                .filter(turn -> overlap(asked, turn) > 0)
                .reduce((best, next) -> byOverlap.compare(next, best) >= 0 ? next : best);
    }

    private static long overlap(Set<String> asked, Interaction turn) {
        return significantWords(turn.query()).stream().filter(asked::contains).count();
    }

    static Set<String> significantWords(String text) {
        return Stream.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> word.length() >= 4 && !COMMON_WORDS.contains(word))
                .collect(Collectors.toSet());
    }

    private static String quote(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= QUOTE_LENGTH) {
            return oneLine;
        }
        int cut = QUOTE_LENGTH - 3;
        // Never split an emoji or other character outside the basic plane in half.
        if (Character.isHighSurrogate(oneLine.charAt(cut - 1))) {
            cut--;
        }
        return oneLine.substring(0, cut) + "...";
    }

    /** {@code processor} and {@code model} both {@code offline}: no model answers. */
    @Override
    public Map<String, Object> turnMetadata() {
        return METADATA;
    }

    @Override
    public String description() {
        return "offline (canned answers, no network)";
    }
}
