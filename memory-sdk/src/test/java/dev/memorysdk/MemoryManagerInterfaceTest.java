package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Code written against {@link MemoryManager} reaches every operation without naming the implementation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryManagerInterfaceTest {

    private MemoryManager memory;

    @BeforeAll
    void start() {
        TestDatabase database = TestPostgres.createDatabase().withSchema();
        memory = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER).build()).build();
    }

    @AfterAll
    void stop() {
        memory.close();
    }

    @Test
    void analyticsAnswerThroughTheInterface() {
        memory.addToMemory("interface-analytics", "q", "a");
        assertThat(memory.analytics().findSessions("interface-analytics", 0, 10).sessions())
                .extracting(SessionStats::sessionId).containsExactly("interface-analytics");
    }

    @Test
    void updateMemoryIsAnOperationOfEveryManager() {
        Interaction turn = Interaction.of("q", "a");
        assertThat(memory.updateMemory("interface-update", List.of(), List.of(turn))).isEqualTo(1);
        assertThat(memory.getContext("interface-update")).containsExactly(turn);
    }

    @Test
    void keyRotationWithoutEncryptionAndTenantErasureWithoutTenantAreRefused() {
        assertThatThrownBy(memory::keyRotation).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encryption");
        assertThatThrownBy(memory::eraseTenant).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tenant");
    }
}
