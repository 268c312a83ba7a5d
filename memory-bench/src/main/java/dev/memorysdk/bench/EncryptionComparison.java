package dev.memorysdk.bench;

import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.RotationProgress;
import dev.memorysdk.crypto.KeyProvider;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SDK with field encryption on against the same SDK with it off, side by side in one run: the
 * same prefilled sessions and the same turns in two schemas of the same shape, one holding plain
 * turns, the other the same turns encrypted by the re-encrypt pass (whose rate is reported too).
 * Context reads of the encrypted schema also run in strict mode ({@code requireEncryption}), and
 * encrypted appends also run on a third schema with the history stored uncompressed
 * ({@code sql/optional/store_history_uncompressed.sql}): ciphertext does not compress, and a server
 * without lz4 tries pglz on the history at every append.
 */
public final class EncryptionComparison {

    /** Schema of the plain store. */
    static final String PLAIN = "bench_encryption_off";
    /** Schema of the encrypted store. */
    static final String ENCRYPTED = "bench_encryption_on";
    /** Schema of the encrypted store whose history is stored uncompressed. */
    static final String ENCRYPTED_UNCOMPRESSED = "bench_encryption_on_uncompressed";

    private final BenchContext bench;
    private final BenchSettings settings;

    public EncryptionComparison(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    /** Prefills both schemas, encrypts one, then runs context reads and appends on both, taking turns. */
    public void run() {
        for (String schema : List.of(PLAIN, ENCRYPTED)) {
            bench.database().recreateSchema(schema, SchemaVariant.tuned().scripts());
            bench.prefill().sessionMemory(schema, "read-", settings.sessions(), settings.historyTurns());
            bench.prefill().sessionMemory(schema, "append-", settings.sessions(), settings.historyTurns());
        }
        bench.database().recreateSchema(ENCRYPTED_UNCOMPRESSED, SchemaVariant.uncompressed().scripts());
        bench.prefill().sessionMemory(ENCRYPTED_UNCOMPRESSED, "append-", settings.sessions(), settings.historyTurns());
        int cap = settings.maxContextLength();
        KeyProvider key = new OneRandomKey();
        try (PostgresMemoryManager plain = bench.sdk(PLAIN, cap, Durability.STRICT);
             PostgresMemoryManager encrypted = PostgresMemoryManager.builder()
                     .encryption(key).config(bench.sdkConfig(ENCRYPTED, cap, Durability.STRICT).build()).build();
             PostgresMemoryManager strict = PostgresMemoryManager.builder()
                     .encryption(key).config(bench.sdkConfig(ENCRYPTED, cap, Durability.STRICT).requireEncryption(true).build()).build();
             PostgresMemoryManager encryptedUncompressed = PostgresMemoryManager.builder()
                     .encryption(key).config(bench.sdkConfig(ENCRYPTED_UNCOMPRESSED, cap, Durability.STRICT).build()).build()) {
            encryptPrefill(encrypted, ENCRYPTED, 2);
            encryptPrefill(encryptedUncompressed, ENCRYPTED_UNCOMPRESSED, 1);
            LoadRunner.sleep(BenchContext.SETTLE);
            Map<String, Operation> scenarios = new LinkedHashMap<>();
            scenarios.put("encryption-off-context", bench.contextReads(plain, "read-"));
            scenarios.put("encryption-on-context", bench.contextReads(encrypted, "read-"));
            scenarios.put("encryption-strict-context", bench.contextReads(strict, "read-"));
            scenarios.put("encryption-off-append", bench.appends(plain, "append-"));
            scenarios.put("encryption-on-append", bench.appends(encrypted, "append-"));
            scenarios.put("encryption-on-uncompressed-append", bench.appends(encryptedUncompressed, "append-"));
            bench.report().addRatio(Ratio.target("getContext, encryption on / off", "encryption-on-context",
                    "encryption-off-context", 0.85));
            bench.report().addRatio(Ratio.info("getContext, strict / encryption on", "encryption-strict-context",
                    "encryption-on-context"));
            bench.report().addRatio(Ratio.target("append, encryption on / off", "encryption-on-append",
                    "encryption-off-append", 0.85));
            bench.report().addRatio(Ratio.info("append, encryption on with the history stored uncompressed / off",
                    "encryption-on-uncompressed-append", "encryption-off-append"));
            bench.runner().runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
            reportStoredHistory();
        } finally {
            if (!bench.database().isEmbedded()) {
                bench.database().dropSchema(PLAIN);
                bench.database().dropSchema(ENCRYPTED);
                bench.database().dropSchema(ENCRYPTED_UNCOMPRESSED);
            }
        }
    }

    /** Encrypts the prefilled turns of {@code prefixes} sets of sessions with the re-encrypt pass; reports its rate. */
    private void encryptPrefill(PostgresMemoryManager encrypted, String schema, int prefixes) {
        long start = System.nanoTime();
        RotationProgress pass = encrypted.keyRotation().rewriteAll(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long expected = (long) prefixes * settings.sessions() * settings.historyTurns();
        if (pass.turnsRewritten() != expected) {
            throw new IllegalStateException("the re-encrypt pass encrypted " + pass.turnsRewritten()
                    + " prefilled turns, expected " + expected);
        }
        bench.report().addFinding(String.format(Locale.ROOT, "encryption: the re-encrypt pass (one thread, batches "
                + "of 100 sessions) on %s encrypted %d sessions, %d turns, in %.1f s: %.0f sessions/s, %.0f turns/s",
                schema, pass.sessionsScanned(), pass.turnsRewritten(), seconds, pass.sessionsScanned() / seconds,
                pass.turnsRewritten() / seconds));
    }

    /**
     * The appended sessions' history as the table stores it ({@code pg_column_size}: after compression)
     * and as JSON text, in each schema after the run: what an append makes the database write again.
     */
    private void reportStoredHistory() {
        List<String> sizes = new ArrayList<>();
        for (String schema : List.of(PLAIN, ENCRYPTED, ENCRYPTED_UNCOMPRESSED)) {
            try (Connection connection = bench.database().connect(schema);
                 PreparedStatement average = connection.prepareStatement("SELECT avg(pg_column_size(history)), "
                         + "avg(octet_length(history::text)) FROM session_memory WHERE session_id LIKE 'append-%'");
                 ResultSet row = average.executeQuery()) {
                row.next();
                sizes.add(String.format(Locale.ROOT, "%s %,.0f stored of %,.0f as text", schema, row.getDouble(1),
                        row.getDouble(2)));
            } catch (SQLException failure) {
                throw new IllegalStateException("measuring the stored history of " + schema + " failed", failure);
            }
        }
        bench.report().addFinding("encryption: bytes of an appended session's history after the run, "
                + String.join("; ", sizes));
    }

    /** One random key, current for every session, made for this run and never printed. */
    private static final class OneRandomKey implements KeyProvider {

        private final SecretKey key;

        OneRandomKey() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            this.key = new SecretKeySpec(bytes, "AES");
        }

        @Override
        public String currentKeyId(String sessionId) {
            return "bench";
        }

        @Override
        public Optional<SecretKey> key(String keyId) {
            return "bench".equals(keyId) ? Optional.of(key) : Optional.empty();
        }

        @Override
        public String toString() {
            return "OneRandomKey[bench]";
        }
    }
}
