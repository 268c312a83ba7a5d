package dev.memorysdk.testsupport;

import dev.memorysdk.crypto.KeyProvider;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key provider for tests: keys held in memory, added and destroyed while managers use them, and
 * the current key chosen per session by a function (one key per tenant, for instance). Thread-safe.
 */
public final class TestKeys implements KeyProvider {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private volatile Function<String, String> current;

    private TestKeys(Function<String, String> current) {
        this.current = current;
    }

    /** Provider whose current key is {@code keyId} for every session; the key is generated. */
    public static TestKeys withCurrent(String keyId) {
        return new TestKeys(session -> keyId).add(keyId);
    }

    /** Provider whose current key id is {@code current.apply(sessionId)}; add the keys with {@link #add}. */
    public static TestKeys perSession(Function<String, String> current) {
        return new TestKeys(current);
    }

    /** A new random 256-bit AES key. */
    public static SecretKey randomKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    /** Adds a new random key {@code keyId}. */
    public TestKeys add(String keyId) {
        keys.put(keyId, randomKey());
        return this;
    }

    /** Adds {@code key} as {@code keyId} (to share a key between providers). */
    public TestKeys add(String keyId, SecretKey key) {
        keys.put(keyId, key);
        return this;
    }

    /** Forgets key {@code keyId}, as destroying it would. */
    public TestKeys destroy(String keyId) {
        keys.remove(keyId);
        return this;
    }

    /** Makes {@code keyId} (which must be added) the current key of every session. */
    public TestKeys makeCurrent(String keyId) {
        this.current = session -> keyId;
        return this;
    }

    /** The key {@code keyId}; fails if it is not held. */
    public SecretKey get(String keyId) {
        return key(keyId).orElseThrow();
    }

    @Override
    public String currentKeyId(String sessionId) {
        return current.apply(sessionId);
    }

    @Override
    public Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return "TestKeys" + keys.keySet();
    }
}
