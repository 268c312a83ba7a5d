package dev.memorysdk;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The SDK's settings as environment variables, read and checked: {@value #ENV_DATABASE_URL}
 * (required; {@code postgresql://user:pass@host:port/db} or {@code jdbc:postgresql://...}),
 * {@value #ENV_TTL_HOURS}, {@value #ENV_MAX_CONTEXT_LENGTH}, {@value #ENV_FALLBACK_POLICY},
 * {@value #ENV_DURABILITY}, {@value #ENV_INITIALIZE_SCHEMA}, {@value #ENV_TENANT},
 * {@value #ENV_CLEANUP_INTERVAL_SECONDS}, {@value #ENV_NEAR_CACHE_MAX_BYTES} and
 * {@value #ENV_REQUIRE_ENCRYPTION}. Unset or blank variables keep their defaults. It is to
 * {@link MemoryConfig} what a spec string is to a builder: {@link MemoryConfig#from(MemoryEnvironment)}
 * takes it, to adjust further.
 *
 * <pre>{@code
 * MemoryConfig config = MemoryConfig.from(MemoryEnvironment.parse(System.getenv()))
 *         .statementTimeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} names the variables that were set, never their values.
 */
public final class MemoryEnvironment {

    /** Environment variable of the database URL, required. */
    public static final String ENV_DATABASE_URL = "DATABASE_URL";
    /** Environment variable of the default TTL, in hours (fractions allowed). */
    public static final String ENV_TTL_HOURS = "MEMORY_TTL_HOURS";
    /** Environment variable of the turns kept per session. */
    public static final String ENV_MAX_CONTEXT_LENGTH = "MEMORY_MAX_CONTEXT_LENGTH";
    /** Environment variable of the fallback policy: FAIL, SKIP or BUFFER. */
    public static final String ENV_FALLBACK_POLICY = "MEMORY_FALLBACK_POLICY";
    /** Environment variable of the commit durability: STRICT or RELAXED. */
    public static final String ENV_DURABILITY = "MEMORY_DURABILITY";
    /** Environment variable saying whether to apply the bundled migrations at start: true or false. */
    public static final String ENV_INITIALIZE_SCHEMA = "MEMORY_INITIALIZE_SCHEMA";
    /** Environment variable of the tenant every statement runs as (see {@link MemoryConfig.Builder#tenant}). */
    public static final String ENV_TENANT = "MEMORY_TENANT";
    /** Environment variable of the automatic cleanup interval, in seconds; unset or 0 leaves it off. */
    public static final String ENV_CLEANUP_INTERVAL_SECONDS = "MEMORY_CLEANUP_INTERVAL_SECONDS";
    /** Environment variable of the near cache's size in bytes; unset or 0 leaves it off. */
    public static final String ENV_NEAR_CACHE_MAX_BYTES = "MEMORY_NEAR_CACHE_MAX_BYTES";
    /** Environment variable saying whether plain turns are refused on read: true or false. */
    public static final String ENV_REQUIRE_ENCRYPTION = "MEMORY_REQUIRE_ENCRYPTION";

    private final Map<String, String> variables;

    private MemoryEnvironment(Map<String, String> variables) {
        this.variables = variables;
    }

    /**
     * Reads the SDK's variables out of {@code environment} and checks each one: its form, then the
     * range of the setting it feeds.
     *
     * @param environment the variables, usually {@link System#getenv()}; others in it are ignored
     * @throws IllegalArgumentException naming the variable that is missing or malformed, the value
     *     (never a URL's password) and, for a value out of range, the setting's range
     */
    public static MemoryEnvironment parse(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        Map<String, String> read = new TreeMap<>();
        for (String name : new String[] {ENV_DATABASE_URL, ENV_TTL_HOURS, ENV_MAX_CONTEXT_LENGTH, ENV_FALLBACK_POLICY,
                ENV_DURABILITY, ENV_INITIALIZE_SCHEMA, ENV_TENANT, ENV_CLEANUP_INTERVAL_SECONDS,
                ENV_NEAR_CACHE_MAX_BYTES, ENV_REQUIRE_ENCRYPTION}) {
            String value = value(environment, name);
            if (value != null) {
                read.put(name, value);
            }
        }
        MemoryEnvironment parsed = new MemoryEnvironment(read);
        // Checked once here, so that a bad variable fails where the environment is read.
        parsed.applyTo(MemoryConfig.custom()).build();
        return parsed;
    }

    /** Sets on {@code builder} every setting whose variable was set; see {@link MemoryConfig#from(MemoryEnvironment)}. */
    MemoryConfig.Builder applyTo(MemoryConfig.Builder builder) {
        builder.jdbcUrl(required(ENV_DATABASE_URL));
        String ttlHours = variables.get(ENV_TTL_HOURS);
        if (ttlHours != null) {
            Duration ttl = hours(ttlHours);
            named(ENV_TTL_HOURS, () -> builder.ttl(ttl));
        }
        String maxContextLength = variables.get(ENV_MAX_CONTEXT_LENGTH);
        if (maxContextLength != null) {
            int turns = integer(ENV_MAX_CONTEXT_LENGTH, maxContextLength);
            named(ENV_MAX_CONTEXT_LENGTH, () -> builder.maxContextLength(turns));
        }
        String policy = variables.get(ENV_FALLBACK_POLICY);
        if (policy != null) {
            builder.fallbackPolicy(constant(ENV_FALLBACK_POLICY, FallbackPolicy.class, policy));
        }
        String durability = variables.get(ENV_DURABILITY);
        if (durability != null) {
            builder.durability(constant(ENV_DURABILITY, Durability.class, durability));
        }
        String initialize = variables.get(ENV_INITIALIZE_SCHEMA);
        if (initialize != null) {
            builder.initializeSchema(bool(ENV_INITIALIZE_SCHEMA, initialize));
        }
        String tenant = variables.get(ENV_TENANT);
        if (tenant != null) {
            named(ENV_TENANT, () -> builder.tenant(tenant));
        }
        String cleanup = variables.get(ENV_CLEANUP_INTERVAL_SECONDS);
        if (cleanup != null) {
            int seconds = integer(ENV_CLEANUP_INTERVAL_SECONDS, cleanup);
            named(ENV_CLEANUP_INTERVAL_SECONDS,
                    () -> builder.cleanupInterval(seconds == 0 ? null : Duration.ofSeconds(seconds)));
        }
        String nearCache = variables.get(ENV_NEAR_CACHE_MAX_BYTES);
        if (nearCache != null) {
            long bytes = longInteger(ENV_NEAR_CACHE_MAX_BYTES, nearCache);
            named(ENV_NEAR_CACHE_MAX_BYTES, () -> builder.nearCacheMaxBytes(bytes));
        }
        String requireEncryption = variables.get(ENV_REQUIRE_ENCRYPTION);
        if (requireEncryption != null) {
            builder.requireEncryption(bool(ENV_REQUIRE_ENCRYPTION, requireEncryption));
        }
        return builder;
    }

    @Override
    public String toString() {
        // Names only: the URL may hold a password and the tenant is the application's data.
        return "MemoryEnvironment" + variables.keySet();
    }

    private String required(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set to a PostgreSQL URL");
        }
        try {
            DatabaseUrl.parse(name, value);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException(malformed.getMessage(), malformed.getCause());
        }
        return value;
    }

    /** Applies a setting read from {@code variable}; a value out of range names the variable too. */
    private static void named(String variable, Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException outOfRange) {
            throw new IllegalArgumentException(variable + ": " + outOfRange.getMessage(), outOfRange);
        }
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
            throw new IllegalArgumentException(ENV_TTL_HOURS + " must be a number of hours, was '" + text + "'");
        }
        if (!(hours > 0) || Double.isInfinite(hours)) {
            throw new IllegalArgumentException(ENV_TTL_HOURS + " must be a positive number of hours, was '" + text + "'");
        }
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    private static int integer(String name, String text) {
        long value = longInteger(name, text);
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " must be a whole number of at most " + Integer.MAX_VALUE
                    + ", was '" + text + "'");
        }
        return (int) value;
    }

    private static long longInteger(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    private static <E extends Enum<E>> E constant(String name, Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            StringBuilder names = new StringBuilder();
            for (E value : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(value.name());
            }
            throw new IllegalArgumentException(name + " must be one of " + names + ", was '" + text + "'");
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
