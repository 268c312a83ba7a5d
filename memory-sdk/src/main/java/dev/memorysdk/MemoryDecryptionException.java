package dev.memorysdk;

/**
 * A stored turn could not be decrypted: its key is unknown to the configured key provider (never
 * known, or destroyed), the key is wrong or not a 256-bit AES key, the stored value was altered or
 * copied from another turn or session, or, in strict mode ({@code requireEncryption}), the turn is
 * stored without encryption. Nothing of the session is returned when this is thrown. The message
 * names the session, the turn id and the key id (when the value names one), never the stored text.
 */
public class MemoryDecryptionException extends MemoryException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final String keyId;

    /**
     * Creates the exception.
     *
     * @param sessionId the session whose turn could not be read
     * @param turnId    the turn's id as stored (may be null when the stored turn has none)
     * @param keyId     the key id the stored value names (may be null when it names none)
     * @param reason    why, without any stored text
     */
    public MemoryDecryptionException(String sessionId, String turnId, String keyId, String reason) {
        super("session " + sessionId + ": turn " + turnId + " cannot be decrypted"
                + (keyId == null ? "" : " with key " + keyId) + ": " + reason);
        this.sessionId = sessionId;
        this.keyId = keyId;
    }

    /** The session whose turn could not be read. */
    public String sessionId() {
        return sessionId;
    }

    /** The key id the stored value names, or null when it names none. */
    public String keyId() {
        return keyId;
    }
}
