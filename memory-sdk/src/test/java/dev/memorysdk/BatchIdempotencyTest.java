package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A batch ({@code addAllToMemory}, the outage buffer's replay) is idempotent per turn id: a turn whose
 * id is not stored is written, in the batch's order; a stored one is not written again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchIdempotencyTest {

    private static final int CAP = 4;

    private TestDatabase database;
    private PostgresMemoryManager memory;

    @BeforeAll
    void startMemory() {
        database = TestPostgres.createDatabase();
        memory = PostgresMemoryManager.builder()
                .config(MemoryConfig.custom().jdbcUrl(database.jdbcUrl()).username(TestDatabase.USER)
                .fallbackPolicy(FallbackPolicy.FAIL).maxContextLength(CAP).initializeSchema(true).build()).build();
    }

    @AfterAll
    void closeMemory() {
        memory.close();
    }

    private static Interaction turn(String id) {
        return new Interaction(id, "q-" + id, "a-" + id, Instant.now());
    }

    private List<String> storedIds(String session) {
        return database.storedTurnIds(session);
    }

    private static String session() {
        return "batch-" + UUID.randomUUID();
    }

    @Test
    void aTurnBeforeAStoredOneIsWrittenInItsPlace() {
        String session = session();
        memory.addToMemory(session, turn("B"));

        assertThat(memory.addAllToMemory(session, List.of(turn("A"), turn("B")))).isEqualTo(1);

        assertThat(storedIds(session)).containsExactly("A", "B");
    }

    @Test
    void aTurnBeforeAStoredOneIsWrittenInAFullWindowWhenItsPlaceIsInsideIt() {
        String session = session();
        memory.addAllToMemory(session, List.of(turn("1"), turn("2"), turn("3"), turn("B")));

        assertThat(memory.addAllToMemory(session, List.of(turn("A"), turn("B")))).isEqualTo(1);

        assertThat(storedIds(session)).as("the oldest makes room").containsExactly("2", "3", "A", "B");
    }

    @Test
    void turnsAroundStoredOnesAreWrittenInOrderAndStoredOnesOnce() {
        String session = session();
        memory.addAllToMemory(session, List.of(turn("B"), turn("D")));

        assertThat(memory.addAllToMemory(session, List.of(turn("B"), turn("C"), turn("D"), turn("E")))).isEqualTo(2);

        assertThat(storedIds(session)).containsExactly("B", "C", "D", "E");
    }

    @Test
    void aTurnWhosePlaceIsOlderThanTheKeptWindowIsNotBroughtBack() {
        String session = session();
        memory.addAllToMemory(session, List.of(turn("B"), turn("C"), turn("D"), turn("E")));

        assertThat(memory.addAllToMemory(session, List.of(turn("A"), turn("B")))).isZero();

        assertThat(storedIds(session)).containsExactly("B", "C", "D", "E");
    }

    @Test
    void aTurnRepeatedInsideTheBatchIsWrittenOnce() {
        String session = session();

        assertThat(memory.addAllToMemory(session, List.of(turn("A"), turn("A"), turn("B")))).isEqualTo(2);

        assertThat(storedIds(session)).containsExactly("A", "B");
    }
}
