package dev.memorysdk.crypto;

import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * Supplies the AES-256 keys that encrypt the query, answer and metadata of stored turns (see
 * {@code PostgresMemoryManager.Builder#encryption}). Every encrypted value names the key that
 * encrypted it, so keys can rotate: new writes use {@link #currentKeyId(String)}, and older values
 * stay readable as long as {@link #key(String)} still returns their key.
 *
 * <p>The current key may depend on the session, for example one key per tenant: destroying a
 * tenant's key then makes every copy of its turns unreadable (in the table, in dead row versions,
 * in the WAL, on replicas and in backups).
 *
 * <p>Implementations must be thread-safe and fast (both methods are called on every write and
 * read; cache keys in memory), and must never print a key, for instance in {@code toString()}.
 */
public interface KeyProvider {

    /** What a key id may hold: 1 to 64 letters, digits, {@code _}, {@code -} or {@code .}. */
    Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * The id of the key that encrypts new turns of {@code sessionId}. It must match
     * {@link #KEY_ID} and {@link #key(String)} must return its key.
     *
     * @param sessionId the session being written, already validated
     */
    String currentKeyId(String sessionId);

    /**
     * The 256-bit AES key with this id, or empty if this provider does not know it (never had it,
     * or it was destroyed). Reads of values encrypted with an unknown key fail with
     * {@code MemoryDecryptionException}. Any other key (AES-128, AES-192, another algorithm) is
     * refused: writes fail with {@link UnsupportedKeyException} before anything is stored, reads
     * with {@code MemoryDecryptionException}.
     */
    Optional<SecretKey> key(String keyId);

    /**
     * Throws {@link IllegalArgumentException} naming {@code source} unless {@code keyId} matches
     * {@link #KEY_ID}.
     */
    static String requireKeyId(String source, String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException(source + " must be 1 to 64 letters, digits, '_', '-' or '.', was "
                    + (keyId == null ? "null" : "'" + keyId + "'"));
        }
        return keyId;
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code source} unless {@code key} is a 256-bit
     * AES key; the message never holds key material.
     */
    static SecretKey requireAes256(String source, SecretKey key) {
        if (key == null) {
            throw new IllegalArgumentException(source + " must not be null");
        }
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException(source + " must be an AES key, was " + key.getAlgorithm());
        }
        byte[] encoded = key.getEncoded();
        int bits = encoded == null ? 0 : encoded.length * 8;
        if (bits != 256) {
            throw new IllegalArgumentException(source + " must be a 256-bit AES key, was " + bits + " bits");
        }
        return key;
    }
}
