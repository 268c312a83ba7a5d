package dev.memorysdk.example.processor;

import dev.memorysdk.example.QueryProcessor;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the {@link QueryProcessor} the app runs with, by name: {@value #OFFLINE} (the default,
 * needs no network) or {@value #OPENAI} (configured from {@code OPENAI_*} variables). Stateless and
 * thread-safe.
 */
public final class QueryProcessors {

    /** Name of {@link OfflineQueryProcessor}. */
    public static final String OFFLINE = "offline";
    /** Name of {@link OpenAiChatProcessor}. */
    public static final String OPENAI = "openai";
    /** Environment variable naming the processor when no flag does. */
    public static final String ENV_VARIABLE = "QUERY_PROCESSOR";

    private QueryProcessors() {
    }

    /**
     * Creates the processor named by {@code name}, or by {@value #ENV_VARIABLE} in {@code env} when
     * {@code name} is null, or the offline one when neither is set.
     *
     * @throws IllegalArgumentException if the name is unknown or the processor's settings are malformed
     */
    public static QueryProcessor create(String name, Map<String, String> env) {
        String chosen = name != null ? name : env.getOrDefault(ENV_VARIABLE, OFFLINE);
        switch (chosen.strip().toLowerCase(Locale.ROOT)) {
            case OFFLINE:
                return new OfflineQueryProcessor();
            case OPENAI:
                return new OpenAiChatProcessor(OpenAiSettings.fromEnvironment(env));
            default:
                throw new IllegalArgumentException("unknown query processor '" + chosen + "' ("
                        + (name != null ? "--processor" : ENV_VARIABLE) + "): expected " + OFFLINE + " or " + OPENAI);
        }
    }
}
