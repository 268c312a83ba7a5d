package dev.memorysdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestKeys;
import dev.memorysdk.testsupport.TestPostgres;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The bundled key providers: what they read, what they refuse, and what they never print. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyProvidersTest {

    private static final char[] PASSWORD = "store-secret".toCharArray();

    private TestDatabase database;

    @BeforeAll
    void createDatabase() {
        database = TestPostgres.createDatabase().withSchema();
    }

    private static String base64(SecretKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Round-trips a turn through a manager encrypting with {@code keys}; returns the stored query. */
    private String roundTrip(KeyProvider keys, String sessionId) {
        try (PostgresMemoryManager memory = PostgresMemoryManager.builder().dataSource(database.dataSource())
                .encryption(keys).build()) {
            Interaction turn = new Interaction("t-" + sessionId, "keystore query", "answer", Instant.now());
            memory.addToMemory(sessionId, turn);
            assertThat(memory.getContext(sessionId)).containsExactly(turn);
        }
        return database.queryString("SELECT history -> 0 ->> 'query' FROM session_memory WHERE session_id = ?",
                sessionId);
    }

    @Nested
    class Keystore {

        @TempDir
        Path directory;

        private Path keystore(Map<String, SecretKey> entries) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (Map.Entry<String, SecretKey> entry : entries.entrySet()) {
                store.setEntry(entry.getKey(), new KeyStore.SecretKeyEntry(entry.getValue()),
                        new KeyStore.PasswordProtection(PASSWORD));
            }
            Path file = directory.resolve("memory-keys.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD);
            }
            return file;
        }

        private SecretKey generatedAes256() throws Exception {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        }

        @Test
        void encryptsWithTheCurrentEntryAndReadsEveryEntry() throws Exception {
            SecretKey old = generatedAes256();
            SecretKey current = generatedAes256();
            Path file = keystore(Map.of("k2024", old, "K2025", current));

            KeystoreKeyProvider keys = KeystoreKeyProvider.load(file, PASSWORD, "K2025");

            assertThat(keys.currentKeyId("any")).isEqualTo("k2025");
            assertThat(keys.key("k2024")).map(SecretKey::getEncoded).contains(old.getEncoded());
            assertThat(keys.key("K2025")).map(SecretKey::getEncoded).contains(current.getEncoded());
            assertThat(keys.key("k2023")).isEmpty();
            assertThat(roundTrip(keys, "keystore")).startsWith("enc:v1:k2025:");
            assertThat(keys.toString()).contains("k2024", "k2025")
                    .doesNotContain(base64(old), base64(current), "store-secret");
        }

        @Test
        void refusesAWrongPasswordAMissingCurrentEntryAndShortKeys() throws Exception {
            Path file = keystore(Map.of("k1", generatedAes256()));
            assertThatThrownBy(() -> KeystoreKeyProvider.load(file, "wrong".toCharArray(), "k1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
            assertThatThrownBy(() -> KeystoreKeyProvider.load(file, PASSWORD, "k9"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no secret key entry 'k9'")
                    .hasMessageContaining("[k1]");
            assertThatThrownBy(() -> KeystoreKeyProvider.load(file, PASSWORD, "bad:id"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currentKeyId");

            KeyGenerator aes128 = KeyGenerator.getInstance("AES");
            aes128.init(128);
            Path shortKeys = keystore(Map.of("k1", aes128.generateKey()));
            assertThatThrownBy(() -> KeystoreKeyProvider.load(shortKeys, PASSWORD, "k1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256-bit AES key, was 128 bits");
        }
    }

    @Nested
    class Environment {

        private final SecretKey first = TestKeys.randomKey();
        private final SecretKey second = TestKeys.randomKey();

        private Map<String, String> environment() {
            Map<String, String> environment = new HashMap<>();
            environment.put("MEMORY_ENCRYPTION_KEY_K1", base64(first));
            environment.put("MEMORY_ENCRYPTION_KEY_K2", base64(second));
            environment.put("MEMORY_ENCRYPTION_CURRENT_KEY", "K2");
            environment.put("UNRELATED", "x");
            return environment;
        }

        @Test
        void readsEveryKeyVariableAndTheCurrentKey() {
            EnvironmentKeyProvider keys = EnvironmentKeyProvider.from(environment());

            assertThat(keys.currentKeyId("any")).isEqualTo("K2");
            assertThat(keys.key("K1")).map(SecretKey::getEncoded).contains(first.getEncoded());
            assertThat(keys.key("K3")).isEmpty();
            assertThat(roundTrip(keys, "environment")).startsWith("enc:v1:K2:");
            assertThat(keys.toString()).contains("K1", "K2").doesNotContain(base64(first), base64(second));
        }

        @Test
        void refusesMissingOrMalformedVariablesWithoutPrintingValues() {
            Map<String, String> noCurrent = environment();
            noCurrent.remove("MEMORY_ENCRYPTION_CURRENT_KEY");
            assertThatThrownBy(() -> EnvironmentKeyProvider.from(noCurrent))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMORY_ENCRYPTION_CURRENT_KEY");

            Map<String, String> unknownCurrent = environment();
            unknownCurrent.put("MEMORY_ENCRYPTION_CURRENT_KEY", "K3");
            assertThatThrownBy(() -> EnvironmentKeyProvider.from(unknownCurrent))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMORY_ENCRYPTION_KEY_K3");

            Map<String, String> notBase64 = environment();
            notBase64.put("MEMORY_ENCRYPTION_KEY_K1", "not*base64*secret");
            assertThatThrownBy(() -> EnvironmentKeyProvider.from(notBase64))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEMORY_ENCRYPTION_KEY_K1")
                    .hasMessageNotContaining("secret");

            Map<String, String> shortKey = environment();
            shortKey.put("MEMORY_ENCRYPTION_KEY_K1", Base64.getEncoder().encodeToString(new byte[16]));
            assertThatThrownBy(() -> EnvironmentKeyProvider.from(shortKey))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held 16 bytes");
        }

        @Test
        void fromEnvironmentTurnsEncryptionOnWhenACurrentKeyIsSet() {
            Map<String, String> environment = environment();
            environment.put(dev.memorysdk.MemoryEnvironment.ENV_DATABASE_URL, database.jdbcUrlAs(TestDatabase.USER));
            try (PostgresMemoryManager memory = PostgresMemoryManager.builderFromEnvironment(environment).build()) {
                assertThat(memory.toString()).contains("encryption=EnvironmentKeyProvider")
                        .doesNotContain(base64(first), base64(second));
            }
        }
    }

    @Test
    void keyChecksNameTheProblemWithoutKeyMaterial() {
        SecretKey des = new SecretKeySpec(new byte[8], "DES");
        assertThatThrownBy(() -> KeyProvider.requireAes256("key x", des))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key x must be an AES key, was DES");
        assertThatThrownBy(() -> KeyProvider.requireKeyId("key id", "has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'has space'");
    }
}
