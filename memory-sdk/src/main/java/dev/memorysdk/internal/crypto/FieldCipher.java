package dev.memorysdk.internal.crypto;

import dev.memorysdk.MemoryDecryptionException;
import dev.memorysdk.crypto.KeyProvider;
import dev.memorysdk.crypto.UnsupportedKeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts one field of a stored turn with AES-256-GCM. An encrypted value is the
 * string {@code enc:v1:<keyId>:<base64(nonce | ciphertext | tag)>} with a random 96-bit nonce and a
 * 128-bit tag; the associated data binds it to its session, turn id, stored timestamp text, field
 * name and key id, so a value copied to another turn, session or field fails to decrypt.
 * {@link #disabled()} is the cipher of a manager without a key provider. Thread-safe.
 */
public final class FieldCipher {

    /** The prefix of every encrypted value of format version 1. */
    public static final String PREFIX = "enc:v1:";

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final byte[] AAD_LABEL = "memory-sdk turn field v1".getBytes(StandardCharsets.US_ASCII);
    private static final FieldCipher DISABLED = new FieldCipher(null);

    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this JVM", missing);
        }
    });
    /**
     * Each thread's own DRBG for nonces: the platform default (NativePRNG) serialises every caller on
     * one lock around its reads of /dev/urandom.
     */
    private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException missing) {
            return new SecureRandom();
        }
    });

    private final KeyProvider keys;
    /** The key last found to be a 256-bit AES key: a provider returns the same object call after call. */
    private volatile SecretKey lastSupported;
    /** The current key id last found valid: a provider returns the same string call after call. */
    private volatile String lastValidKeyId;

    private FieldCipher(KeyProvider keys) {
        this.keys = keys;
    }

    /** A cipher over {@code keys}. */
    public static FieldCipher using(KeyProvider keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        return new FieldCipher(keys);
    }

    /** The cipher of a manager without encryption: encrypts nothing, and fails to open any value. */
    public static FieldCipher disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return keys != null;
    }

    /** Where a field belongs: every component is bound as associated data. */
    public record FieldContext(String sessionId, String turnId, String timestampText) {
    }

    /** The id of the key new turns of {@code sessionId} are encrypted with, checked. */
    public String currentKeyId(String sessionId) {
        requireEnabled();
        String keyId = keys.currentKeyId(sessionId);
        if (keyId != null && keyId == lastValidKeyId) {
            return keyId;
        }
        if (keyId == null || !KeyProvider.KEY_ID.matcher(keyId).matches()) {
            throw new IllegalStateException("the key provider's current key id for session " + sessionId
                    + " is not a valid key id: " + keyId);
        }
        lastValidKeyId = keyId;
        return keyId;
    }

    /**
     * Encrypts {@code plaintext} as field {@code field} with key {@code keyId}.
     *
     * @throws UnsupportedKeyException if the provider's key {@code keyId} is not a 256-bit AES key
     * @throws IllegalStateException if the key provider has no key {@code keyId}
     */
    public String encrypt(FieldContext where, String field, String keyId, byte[] plaintext) {
        requireEnabled();
        SecretKey key = keys.key(keyId).orElseThrow(() -> new IllegalStateException(
                "the key provider has no key '" + keyId + "', its current key id for session " + where.sessionId()));
        String unsupported = supportedBefore(key) ? null : unsupported(key);
        if (unsupported != null) {
            throw new UnsupportedKeyException(keyId, unsupported);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.get().nextBytes(nonce);
        Cipher cipher = CIPHERS.get();
        byte[] sealed;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(where, field, keyId));
            sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("encrypting with key '" + keyId + "' failed: "
                    + failure.getClass().getSimpleName(), failure);
        }
        return PREFIX + keyId + ':' + Base64.getEncoder().encodeToString(sealed);
    }

    /**
     * Decrypts an encrypted value of field {@code field}.
     *
     * @throws MemoryDecryptionException if the value is malformed, its key is unknown, or it does not
     *     authenticate (wrong key, altered, or belonging to another turn, session or field)
     */
    public byte[] decrypt(FieldContext where, String field, String value) {
        String keyId = keyIdOf(value).orElse(null);
        if (keyId == null) {
            throw failure(where, null, "the stored " + field + " is not an encrypted value of a known format");
        }
        if (keys == null) {
            throw failure(where, keyId, "the turn is encrypted and this manager has no key provider");
        }
        SecretKey key = keys.key(keyId).orElseThrow(() -> failure(where, keyId, "the key provider has no such key"));
        String unsupported = supportedBefore(key) ? null : unsupported(key);
        if (unsupported != null) {
            throw failure(where, keyId, "the key provider's key is not a 256-bit AES key: " + unsupported);
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(value.substring(PREFIX.length() + keyId.length() + 1));
        } catch (IllegalArgumentException notBase64) {
            throw failure(where, keyId, "the stored " + field + " is not valid base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw failure(where, keyId, "the stored " + field + " is too short");
        }
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(where, field, keyId));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException notAuthentic) {
            throw failure(where, keyId, "the " + field + " does not authenticate (wrong key, altered, or copied "
                    + "from another turn or session)");
        } catch (GeneralSecurityException | IllegalArgumentException broken) {
            throw failure(where, keyId, "decrypting the " + field + " failed: " + broken.getClass().getSimpleName());
        }
    }

    /** The key id an encrypted value names; empty if it is not an encrypted value of format v1. */
    public static Optional<String> keyIdOf(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = value.indexOf(':', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String keyId = value.substring(PREFIX.length(), end);
        return KeyProvider.KEY_ID.matcher(keyId).matches() ? Optional.of(keyId) : Optional.empty();
    }

    /** Whether {@code key} is the very object last found supported (the check copies the key's bytes). */
    private boolean supportedBefore(SecretKey key) {
        return key == lastSupported;
    }

    /**
     * Why {@code key} is not a 256-bit AES key, or null when it is (and then remembered): GCM would run with a 128- or
     * 192-bit key too, so the size is checked here rather than left to the JDK.
     */
    private String unsupported(SecretKey key) {
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            return "its algorithm is " + key.getAlgorithm();
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return "its size cannot be read (the key is not extractable)";
        }
        int bytes = encoded.length;
        Arrays.fill(encoded, (byte) 0);
        if (bytes != KEY_BYTES) {
            return "it has " + bytes * 8 + " bits";
        }
        lastSupported = key;
        return null;
    }

    /** The label, then each component as a 4-byte length and its UTF-8 bytes. */
    private static byte[] associatedData(FieldContext where, String field, String keyId) {
        byte[][] parts = {bytes(where.sessionId()), bytes(where.turnId()), bytes(where.timestampText()),
                bytes(field), bytes(keyId)};
        int size = AAD_LABEL.length;
        for (byte[] part : parts) {
            size += Integer.BYTES + part.length;
        }
        ByteBuffer aad = ByteBuffer.allocate(size).put(AAD_LABEL);
        for (byte[] part : parts) {
            aad.putInt(part.length).put(part);
        }
        return aad.array();
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static MemoryDecryptionException failure(FieldContext where, String keyId, String reason) {
        return new MemoryDecryptionException(where.sessionId(), where.turnId(), keyId, reason);
    }

    private void requireEnabled() {
        if (keys == null) {
            throw new IllegalStateException("encryption is not enabled");
        }
    }

    @Override
    public String toString() {
        return keys == null ? "FieldCipher[disabled]" : "FieldCipher[" + keys.getClass().getSimpleName() + "]";
    }
}
