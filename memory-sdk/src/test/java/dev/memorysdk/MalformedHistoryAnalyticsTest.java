package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.MemoryAnalytics.ValueCount;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Analytics over rows whose history is not a JSON array (written by another service): such a row
 * counts as a session without turns, as reads treat it, instead of failing the whole query (22023).
 */
class MalformedHistoryAnalyticsTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    private static PostgresMemoryManager manager;
    private static MemoryAnalytics analytics;

    @BeforeAll
    static void storeSessions() {
        manager = PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource()).build();
        analytics = manager.analytics();
        manager.addAllToMemory("well-formed", List.of(
                new Interaction("w1", "q", "a", Instant.now(), Map.of("model", "small")),
                new Interaction("w2", "q", "a", Instant.now(), Map.of("model", "small"))));
        FIXTURE.database().update("INSERT INTO session_memory (session_id, history) VALUES "
                + "('an-object', '{\"turns\": [{\"id\": \"x\"}]}'), ('a-string', '\"text\"'), ('a-number', '42')");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void turnsPerSessionCountsThemAsEmpty() {
        assertThat(analytics.turnsPerSession()).containsExactly(Map.entry(0, 3L), Map.entry(2, 1L));
    }

    @Test
    void activityPerDayCountsOnlyTheTurnsOfArrays() {
        assertThat(analytics.activityPerDay(Duration.ofDays(2)).stream().mapToLong(MemoryAnalytics.DailyActivity::turns).sum())
                .isEqualTo(2);
    }

    @Test
    void topMetadataValuesCountsOnlyTheTurnsOfArrays() {
        assertThat(analytics.topMetadataValues("model", 10, Duration.ofDays(1))).containsExactly(new ValueCount("small", 2));
    }
}
