package dev.memorysdk.crypto;

/**
 * A {@link KeyProvider} handed out a key the SDK does not encrypt with: anything but a 256-bit
 * (32-byte) AES key. Thrown before anything is stored. The message names the key id and what is
 * wrong (algorithm, size in bits), never the key.
 */
public class UnsupportedKeyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String keyId;

    /**
     * Creates the exception.
     *
     * @param keyId  the id the provider returned the key under
     * @param reason what is wrong with the key, without any key material
     */
    public UnsupportedKeyException(String keyId, String reason) {
        super("the key provider's key '" + keyId + "' is not a 256-bit AES key: " + reason);
        this.keyId = keyId;
    }

    /** The id the provider returned the key under. */
    public String keyId() {
        return keyId;
    }
}
