package dev.memorysdk.crypto;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys read once from environment variables: {@value #KEY_PREFIX}{@code <ID>} holds the base64 of
 * a 32-byte key whose id is {@code <ID>}, and {@value #CURRENT_KEY} names the id that encrypts new
 * turns of every session. Immutable and thread-safe.
 *
 * <pre>
 * MEMORY_ENCRYPTION_KEY_K2025A=$(head -c 32 /dev/urandom | base64)
 * MEMORY_ENCRYPTION_CURRENT_KEY=K2025A
 * </pre>
 */
public final class EnvironmentKeyProvider implements KeyProvider {

    /** Prefix of the variables holding keys; the rest of the name is the key id. */
    public static final String KEY_PREFIX = "MEMORY_ENCRYPTION_KEY_";
    /** The variable naming the current key id. */
    public static final String CURRENT_KEY = "MEMORY_ENCRYPTION_CURRENT_KEY";

    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    private EnvironmentKeyProvider(Map<String, SecretKey> keys, String currentKeyId) {
        this.keys = keys;
        this.currentKeyId = currentKeyId;
    }

    /** Reads the keys from the process environment; see {@link #from(Map)}. */
    public static EnvironmentKeyProvider fromSystemEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads the keys from {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable (never its value) when {@value #CURRENT_KEY}
     *     is missing or names no key, or a key variable is not the base64 of 32 bytes
     */
    public static EnvironmentKeyProvider from(Map<String, String> environment) {
        if (environment == null) {
            throw new IllegalArgumentException("environment must not be null");
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (name == null || !name.startsWith(KEY_PREFIX)) {
                continue;
            }
            String keyId = KeyProvider.requireKeyId("the key id of " + name, name.substring(KEY_PREFIX.length()));
            keys.put(keyId, decode(name, variable.getValue()));
        }
        String current = environment.get(CURRENT_KEY);
        if (current == null || current.isBlank()) {
            throw new IllegalArgumentException(CURRENT_KEY + " must name the key id that encrypts new turns");
        }
        current = current.trim();
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException(CURRENT_KEY + " names key '" + current + "', but " + KEY_PREFIX
                    + current + " is not set; keys set: " + keys.keySet());
        }
        return new EnvironmentKeyProvider(Map.copyOf(keys), current);
    }

    private static SecretKey decode(String name, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(name + " must hold a key in base64; it is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(name + " must hold 32 bytes (a 256-bit AES key) in base64, held "
                    + key.length + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

    @Override
    public String currentKeyId(String sessionId) {
        return currentKeyId;
    }

    @Override
    public Optional<SecretKey> key(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        // Key ids only, never key material.
        return "EnvironmentKeyProvider[keyIds=" + keys.keySet() + ", current=" + currentKeyId + "]";
    }
}
