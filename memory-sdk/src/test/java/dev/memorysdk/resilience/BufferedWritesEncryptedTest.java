package dev.memorysdk.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.ProxiedDatabase;
import dev.memorysdk.testsupport.TcpProxy.Mode;
import dev.memorysdk.testsupport.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Turns written while the database is away are buffered as they would have been stored: encrypted.
 * Replayed later, every write form (single, batch, update) leaves no plaintext in the table.
 */
class BufferedWritesEncryptedTest {

    @RegisterExtension
    static final ProxiedDatabase PROXIED = new ProxiedDatabase();

    private static Interaction secretTurn() {
        return new Interaction(UUID.randomUUID().toString(), "Nightjar launch code", "Kestrel vault", Instant.now());
    }

    @Test
    void everyWriteBufferedDuringAnOutageIsReplayedEncrypted() {
        PROXIED.proxy().setMode(Mode.FORWARD);
        try (PostgresMemoryManager memory = FaultTestSettings.unpooledBuilder(PROXIED.proxy().jdbcUrl(PROXIED.database().name()), config -> config
                .fallbackPolicy(FallbackPolicy.BUFFER)).encryption(TestKeys.withCurrent("k1")).build()) {
            PROXIED.proxy().setMode(Mode.DROP);
            memory.addToMemory("buffered-single", secretTurn());
            memory.addAllToMemory("buffered-batch", List.of(secretTurn(), secretTurn()));
            memory.updateMemory("buffered-update", List.of(), List.of(secretTurn()));
            assertThat(FaultTestSettings.bufferedInteractions(memory)).isEqualTo(4);

            PROXIED.proxy().setMode(Mode.FORWARD);
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultTestSettings.bufferedInteractions(memory) == 0);

            for (String session : List.of("buffered-single", "buffered-batch", "buffered-update")) {
                assertThat(PROXIED.database().queryString("SELECT history::text FROM session_memory WHERE session_id = ?",
                        session)).as(session).contains("enc:v1:k1:").doesNotContain("Nightjar", "Kestrel");
                assertThat(memory.getContext(session)).as(session).isNotEmpty()
                        .allSatisfy(turn -> assertThat(turn.query()).isEqualTo("Nightjar launch code"));
            }
        } finally {
            PROXIED.proxy().setMode(Mode.FORWARD);
        }
    }
}
