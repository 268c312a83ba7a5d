package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.MemoryAnalytics.DailyActivity;
import dev.memorysdk.MemoryAnalytics.ValueCount;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analytics over a real database holding a known set of sessions. */
class MemoryAnalyticsTest {

    @RegisterExtension
    static final MemoryExtension FIXTURE = MemoryExtension.withDefaults();

    private static PostgresMemoryManager manager;
    private static MemoryAnalytics analytics;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant YESTERDAY = NOW.minus(Duration.ofHours(24)).plusSeconds(60);

    @BeforeAll
    static void storeSessions() {
        manager = PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource()).build();
        analytics = manager.analytics();
        manager.addAllToMemory("one", java.util.List.of(
                new Interaction("1a", "q", "a", YESTERDAY, Map.of("model", "small", "tokens", 12)),
                new Interaction("1b", "q", "a", NOW, Map.of("model", "large"))));
        manager.addAllToMemory("two", java.util.List.of(
                new Interaction("2a", "q", "a", NOW, Map.of("model", "small"))));
        manager.addAllToMemory("three", java.util.List.of(
                new Interaction("3a", "q", "a", NOW), new Interaction("3b", "q", "a", NOW),
                new Interaction("3c", "q", "a", NOW)));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void countsSessionsWrittenInTheWindow() {
        assertThat(analytics.activeSessions(Duration.ofHours(1))).isEqualTo(3);
    }

    @Test
    void givesTheDistributionOfTurnsPerSession() {
        assertThat(analytics.turnsPerSession()).containsExactly(Map.entry(1, 1L), Map.entry(2, 1L), Map.entry(3, 1L));
    }

    @Test
    void groupsTurnsByTheirUtcDay() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        LocalDate earlier = LocalDate.ofInstant(YESTERDAY, ZoneOffset.UTC);
        var days = analytics.activityPerDay(Duration.ofDays(2));
        if (today.equals(earlier)) {
            assertThat(days).containsExactly(new DailyActivity(today, 3, 6));
        } else {
            assertThat(days).containsExactly(new DailyActivity(earlier, 1, 1), new DailyActivity(today, 3, 5));
        }
    }

    @Test
    void ranksMetadataValues() {
        assertThat(analytics.topMetadataValues("model", 10, Duration.ofDays(1)))
                .containsExactly(new ValueCount("small", 2), new ValueCount("large", 1));
        assertThat(analytics.topMetadataValues("tokens", 10, Duration.ofDays(1))).containsExactly(new ValueCount("12", 1));
    }

    @Test
    void measuresWhatIsStored() {
        MemoryAnalytics.StoredBytes stored = analytics.storedBytes();
        assertThat(stored.sessions()).isEqualTo(3);
        assertThat(stored.historyBytes()).isPositive();
        assertThat(stored.tableBytes()).isGreaterThanOrEqualTo(stored.historyBytes());
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> analytics.activeSessions(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> analytics.topMetadataValues(" ", 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.topMetadataValues("model", 0, Duration.ofDays(1)))
                .hasMessage("limit must be between 1 and 1000, was 0");
    }
}
