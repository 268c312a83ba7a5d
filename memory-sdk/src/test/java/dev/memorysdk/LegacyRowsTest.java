package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import dev.memorysdk.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows as the existing Python service writes them: no ids, isoformat() timestamps. */
class LegacyRowsTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    private final TestDatabase database = FIXTURE.database();
    private final PostgresMemoryManager memory = FIXTURE.memory();

    @BeforeEach
    void emptyTable() {
        database.execute("TRUNCATE session_memory");
    }

    /** Python's datetime.utcnow().isoformat(): microseconds, no offset. */
    private static String naiveIso(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC).toString();
    }

    /** Python's datetime.now(timezone.utc).isoformat(): with +00:00. */
    private static String offsetIso(Instant instant) {
        return naiveIso(instant) + "+00:00";
    }

    private void insertRow(String sessionId, String historyJson) {
        database.update("INSERT INTO session_memory (session_id, history) VALUES (?, ?::jsonb)", sessionId, historyJson);
    }

    @Test
    void readsTurnsWithoutIdsAndWithNaiveOrOffsetTimestamps() {
        Instant now = Instant.now();
        Instant naive = now.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MICROS);
        Instant withOffset = now.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MICROS);
        insertRow("py", "[{\"query\": \"q1\", \"answer\": \"a1\", \"timestamp\": \"" + naiveIso(naive) + "\"},"
                + "{\"query\": \"q2\", \"answer\": \"a2\", \"timestamp\": \"" + offsetIso(withOffset) + "\"}]");

        List<Interaction> context = memory.getContext("py");

        assertThat(context).extracting(Interaction::query).containsExactly("q1", "q2");
        assertThat(context).extracting(Interaction::timestamp).containsExactly(naive, withOffset);
        assertThat(context).allSatisfy(turn -> assertThat(turn.id()).isNotBlank());
    }

    @Test
    void givesATurnWithoutIdTheSameIdOnEveryRead() {
        insertRow("py", "[{\"query\": \"q\", \"answer\": \"a\", \"timestamp\": \"" + naiveIso(Instant.now()) + "\"}]");
        assertThat(memory.getContext("py").get(0).id()).isEqualTo(memory.getContext("py").get(0).id());
    }

    @Test
    void naiveTimestampsMeanUtcWhenPruning() {
        Instant now = Instant.now();
        insertRow("py", "[{\"query\": \"expired\", \"answer\": \"a\", \"timestamp\": \""
                + naiveIso(now.minus(Duration.ofHours(25))) + "\"},"
                + "{\"query\": \"kept\", \"answer\": \"a\", \"timestamp\": \""
                + naiveIso(now.minus(Duration.ofHours(23))) + "\"}]");

        assertThat(memory.getContext("py")).extracting(Interaction::query).containsExactly("kept");
        assertThat(memory.getSessionStats("py")).map(SessionStats::historyLength).contains(1);
    }

    @Test
    void skipsMalformedElementsWithoutFailing() {
        String good = naiveIso(Instant.now());
        insertRow("py", "[42, \"text\", null, {\"query\": \"no answer\", \"timestamp\": \"" + good + "\"},"
                + "{\"query\": \"bad time\", \"answer\": \"a\", \"timestamp\": \"yesterday-ish\"},"
                + "{\"query\": \"month 13\", \"answer\": \"a\", \"timestamp\": \"2026-13-01T00:00:00\"},"
                + "{\"query\": \"numeric answer\", \"answer\": 7, \"timestamp\": \"" + good + "\"},"
                + "{\"query\": \"good\", \"answer\": \"a\", \"timestamp\": \"" + good + "\"}]");

        assertThat(memory.getContext("py", 50)).extracting(Interaction::query).containsExactly("good");
        assertThat(memory.getSessionStats("py")).map(SessionStats::historyLength).contains(8);
    }

    @Test
    void aHistoryThatIsNotAnArrayReadsAsEmpty() {
        insertRow("py", "{\"query\": \"q\", \"answer\": \"a\"}");
        assertThat(memory.getContext("py")).isEmpty();
        assertThat(memory.getSessionStats("py")).map(SessionStats::historyLength).contains(0);
    }

    @Test
    void appendsAfterLegacyTurnsAndKeepsThem() {
        insertRow("py", "[{\"query\": \"old\", \"answer\": \"a\", \"timestamp\": \"" + naiveIso(Instant.now()) + "\"}]");
        memory.addToMemory("py", "new", "b");
        assertThat(memory.getContext("py")).extracting(Interaction::query).containsExactly("old", "new");
    }

    @Test
    void aHistoryThatIsNotAnArrayReadsAsEmptyAndEveryAppendStartsItAfresh() {
        insertRow("object", "{\"turns\": \"not ours\"}");
        insertRow("scalar", "\"text\"");
        insertRow("batch", "{\"turns\": 1}");

        assertThat(memory.getContext("object")).isEmpty();
        assertThat(memory.addToMemory("object", "q1", "a1")).isTrue();
        assertThat(memory.addToMemory("scalar", "q1", "a1")).isTrue();
        assertThat(memory.addAllToMemory("batch", List.of(Interaction.of("q1", "a1")))).isEqualTo(1);

        for (String session : List.of("object", "scalar", "batch")) {
            assertThat(memory.getContext(session)).as(session).extracting(Interaction::query).containsExactly("q1");
            assertThat(database.queryString("SELECT jsonb_typeof(history) FROM session_memory WHERE session_id = ?",
                    session)).as(session).isEqualTo("array");
        }
    }
}
