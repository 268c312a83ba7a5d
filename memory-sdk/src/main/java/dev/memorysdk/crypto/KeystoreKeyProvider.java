package dev.memorysdk.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys read once from a PKCS12 keystore file: each secret-key entry is a key, its alias the key id
 * (PKCS12 stores aliases in lower case, so ids are compared in lower case). One key is current for
 * every session. Immutable and thread-safe; to add or retire a key, write the keystore and create a
 * new provider (and manager).
 *
 * <pre>{@code
 * keytool -genseckey -keyalg AES -keysize 256 -alias k2025a -storetype PKCS12 -keystore memory-keys.p12
 * }</pre>
 */
public final class KeystoreKeyProvider implements KeyProvider {

    private final Path file;
    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    private KeystoreKeyProvider(Path file, Map<String, SecretKey> keys, String currentKeyId) {
        this.file = file;
        this.keys = keys;
        this.currentKeyId = currentKeyId;
    }

    /**
     * Reads every secret-key entry of the PKCS12 file; entries are protected by the store's password.
     *
     * @param file         the PKCS12 keystore
     * @param password     the keystore's (and its entries') password; not kept
     * @param currentKeyId the alias of the key that encrypts new turns
     * @throws IllegalArgumentException if the file cannot be read with this password, holds an entry
     *     that is not a 256-bit AES key, has an alias that is not a valid key id, or has no entry
     *     {@code currentKeyId}
     */
    public static KeystoreKeyProvider load(Path file, char[] password, String currentKeyId) {
        if (file == null) {
            throw new IllegalArgumentException("keystore file must not be null");
        }
        String current = KeyProvider.requireKeyId("currentKeyId", currentKeyId).toLowerCase(Locale.ROOT);
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalArgumentException("keystore " + file + " cannot be read as PKCS12 with the given password: "
                    + unreadable.getClass().getSimpleName(), unreadable);
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                String source = "keystore " + file + " entry '" + alias + "'";
                KeyProvider.requireKeyId(source + " alias", alias);
                Key key = store.getKey(alias, password);
                if (!(key instanceof SecretKey secret)) {
                    throw new IllegalArgumentException(source + " is not a secret key");
                }
                KeyProvider.requireAes256(source, secret);
                keys.put(alias.toLowerCase(Locale.ROOT), new SecretKeySpec(secret.getEncoded(), "AES"));
            }
        } catch (GeneralSecurityException unreadable) {
            throw new IllegalArgumentException("keystore " + file + ": an entry cannot be read with the given password: "
                    + unreadable.getClass().getSimpleName(), unreadable);
        }
        if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("keystore " + file + " has no secret key entry '" + currentKeyId
                    + "' (currentKeyId); it holds " + keys.keySet());
        }
        return new KeystoreKeyProvider(file, Map.copyOf(keys), current);
    }

    @Override
    public String currentKeyId(String sessionId) {
        return currentKeyId;
    }

    @Override
    public Optional<SecretKey> key(String keyId) {
        return keyId == null ? Optional.empty() : Optional.ofNullable(keys.get(keyId.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        // Key ids only, never key material.
        return "KeystoreKeyProvider[file=" + file + ", keyIds=" + keys.keySet().stream().sorted().toList()
                + ", current=" + currentKeyId + "]";
    }
}
