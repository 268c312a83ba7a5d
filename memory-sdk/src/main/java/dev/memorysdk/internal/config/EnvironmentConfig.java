package dev.memorysdk.internal.config;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.PostgresMemoryManager;
import dev.memorysdk.crypto.EnvironmentKeyProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a manager's configuration from environment variables: {@value #DATABASE_URL} (required),
 * {@value #TTL_HOURS}, {@value #MAX_CONTEXT_LENGTH}, {@value #FALLBACK_POLICY} and
 * {@value #INITIALIZE_SCHEMA}; with {@code MEMORY_ENCRYPTION_CURRENT_KEY} set, encryption with the
 * keys of {@link EnvironmentKeyProvider}. Unset variables keep the builder's defaults.
 */
public final class EnvironmentConfig {

    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String TTL_HOURS = "MEMORY_TTL_HOURS";
    public static final String MAX_CONTEXT_LENGTH = "MEMORY_MAX_CONTEXT_LENGTH";
    public static final String FALLBACK_POLICY = "MEMORY_FALLBACK_POLICY";
    public static final String INITIALIZE_SCHEMA = "MEMORY_INITIALIZE_SCHEMA";

    private EnvironmentConfig() {
    }

    /**
     * A builder configured from {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static PostgresMemoryManager.Builder builderFrom(Map<String, String> environment) {
        DatabaseUrl url = DatabaseUrl.parse(DATABASE_URL, environment.get(DATABASE_URL));
        PostgresMemoryManager.Builder builder = PostgresMemoryManager.builder().jdbcUrl(url.jdbcUrl());
        if (url.username() != null) {
            builder.username(url.username());
        }
        if (url.password() != null) {
            builder.password(url.password());
        }
        String ttlHours = value(environment, TTL_HOURS);
        if (ttlHours != null) {
            builder.ttl(hours(ttlHours));
        }
        String maxContextLength = value(environment, MAX_CONTEXT_LENGTH);
        if (maxContextLength != null) {
            builder.maxContextLength(integer(MAX_CONTEXT_LENGTH, maxContextLength));
        }
        String policy = value(environment, FALLBACK_POLICY);
        if (policy != null) {
            builder.fallbackPolicy(policy(policy));
        }
        String initialize = value(environment, INITIALIZE_SCHEMA);
        if (initialize != null) {
            builder.initializeSchema(bool(INITIALIZE_SCHEMA, initialize));
        }
        if (value(environment, EnvironmentKeyProvider.CURRENT_KEY) != null) {
            builder.encryption(EnvironmentKeyProvider.from(environment));
        }
        return builder;
    }

    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Duration hours(String text) {
        double hours;
        try {
            hours = Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(TTL_HOURS + " must be a number of hours, was '" + text + "'");
        }
        if (!(hours > 0) || Double.isInfinite(hours)) {
            throw new IllegalArgumentException(TTL_HOURS + " must be a positive number of hours, was '" + text + "'");
        }
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    private static FallbackPolicy policy(String text) {
        try {
            return FallbackPolicy.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException(FALLBACK_POLICY + " must be one of FAIL, SKIP, BUFFER, was '" + text + "'");
        }
    }

    private static boolean bool(String name, String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, was '" + text + "'");
    }
}
