package dev.memorysdk.example.processor;

import dev.memorysdk.example.RedactedUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how {@link OpenAiChatProcessor} calls an OpenAI-compatible chat-completions endpoint.
 * Immutable and thread-safe.
 *
 * @param baseUrl        the API root, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions}
 *                       is appended
 * @param apiKey         sent as a bearer token; null for local servers that need none
 * @param model          the model name, not blank
 * @param systemPrompt   sent first in every request; null for none
 * @param connectTimeout longest wait for the TCP connection
 * @param requestTimeout longest wait for the whole answer
 */
public record OpenAiSettings(URI baseUrl, String apiKey, String model, String systemPrompt,
                             Duration connectTimeout, Duration requestTimeout) {

    /** Used when {@code OPENAI_BASE_URL} is not set. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** Used when {@code OPENAI_MODEL} is not set. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    /** Used when {@code OPENAI_CONNECT_TIMEOUT_SECONDS} is not set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Used when {@code OPENAI_TIMEOUT_SECONDS} is not set. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Used when {@code OPENAI_SYSTEM_PROMPT} is not set. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are a helpful assistant. Earlier turns of this conversation are given as prior messages.";

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the bad component and its value
     */
    public OpenAiSettings {
        if (baseUrl == null || baseUrl.getHost() == null
                || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("OPENAI_BASE_URL must be an http(s) URL with a host, was "
                    + (baseUrl == null ? null : RedactedUrl.of(baseUrl)));
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("OPENAI_MODEL must not be blank");
        }
        requirePositive("OPENAI_CONNECT_TIMEOUT_SECONDS", connectTimeout);
        requirePositive("OPENAI_TIMEOUT_SECONDS", requestTimeout);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? null : systemPrompt;
    }

    /**
     * Reads {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}, {@code OPENAI_MODEL},
     * {@code OPENAI_SYSTEM_PROMPT}, {@code OPENAI_CONNECT_TIMEOUT_SECONDS} and
     * {@code OPENAI_TIMEOUT_SECONDS}, each optional, from {@code env}.
     *
     * @throws IllegalArgumentException naming a malformed variable and its value
     */
    public static OpenAiSettings fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("OPENAI_BASE_URL", DEFAULT_BASE_URL).strip();
        URI baseUrl;
        try {
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("OPENAI_BASE_URL is not a valid URL: " + malformed.getMessage()
                    .replace(base, RedactedUrl.of(base)));
        }
        return new OpenAiSettings(baseUrl, env.get("OPENAI_API_KEY"),
                env.getOrDefault("OPENAI_MODEL", DEFAULT_MODEL),
                env.getOrDefault("OPENAI_SYSTEM_PROMPT", DEFAULT_SYSTEM_PROMPT),
                seconds(env, "OPENAI_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT),
                seconds(env, "OPENAI_TIMEOUT_SECONDS", DEFAULT_REQUEST_TIMEOUT));
    }

    /** {@link #baseUrl()} as it may be shown: without credentials. */
    public String shownBaseUrl() {
        return RedactedUrl.of(baseUrl);
    }

    /** {@link #chatCompletionsUri()} as it may be shown: without credentials. */
    public String shownChatCompletionsUri() {
        return RedactedUrl.of(chatCompletionsUri());
    }

    /** The chat-completions endpoint under {@link #baseUrl()}. */
    public URI chatCompletionsUri() {
        return URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public String toString() {
        // The key is a secret: never print it.
        return "OpenAiSettings[baseUrl=" + shownBaseUrl() + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", model=" + model + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, was '" + value + "'", notANumber);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
