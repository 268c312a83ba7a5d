package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.MemoryAnalytics.DailyActivity;
import dev.memorysdk.MemoryAnalytics.SessionPage;
import dev.memorysdk.MemoryAnalytics.ValueCount;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.testsupport.MemoryExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    /**
     * The analytics' clock: half an hour into the current UTC day, so that a turn of {@code NOW} and
     * one of {@code YESTERDAY} fall on two days whenever the test runs, and the rows the database
     * stamps with its own time are written within the last hour of it.
     */
    private static final Instant NOW = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).plusMinutes(30)
            .toInstant();
    private static final Instant YESTERDAY = NOW.minus(Duration.ofHours(24)).plusSeconds(60);

    @BeforeAll
    static void storeSessions() {
        manager = PostgresMemoryManager.builder().dataSource(FIXTURE.database().dataSource())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
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

        assertThat(analytics.activityPerDay(Duration.ofDays(2)))
                .containsExactly(new DailyActivity(today.minusDays(1), 1, 1), new DailyActivity(today, 3, 5));
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
    void findsSessionsWhoseIdContainsTheTextIgnoringCaseMostRecentlyUpdatedFirst() {
        assertThat(ids(analytics.findSessions("T", 0, 10))).containsExactly("three", "two");
        assertThat(analytics.findSessions("hre", 0, 10).sessions().get(0).historyLength()).isEqualTo(3);
    }

    @Test
    void matchesLikeWildcardsAsPlainCharacters() {
        assertThat(analytics.findSessions("%", 0, 10).sessions()).isEmpty();
        assertThat(analytics.findSessions("_", 0, 10).sessions()).isEmpty();
    }

    @Test
    void pagesThroughEverySessionWhenTheTextIsEmpty() {
        SessionPage first = analytics.findSessions("", 0, 2);
        SessionPage last = analytics.findSessions("", 2, 2);

        assertThat(ids(first)).containsExactly("three", "two");
        assertThat(first.hasMore()).isTrue();
        assertThat(ids(last)).containsExactly("one");
        assertThat(last.hasMore()).isFalse();
    }

    private static java.util.List<String> ids(SessionPage page) {
        return page.sessions().stream().map(SessionStats::sessionId).toList();
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> analytics.findSessions(null, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.findSessions("a\0b", 0, 1)).hasMessageContaining("NUL");
        assertThatThrownBy(() -> analytics.findSessions("", -1, 1)).hasMessage("offset must not be negative, was -1");
        assertThatThrownBy(() -> analytics.findSessions("", 0, 1001))
                .hasMessage("pageSize must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> analytics.activeSessions(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> analytics.topMetadataValues(" ", 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.topMetadataValues("model", 0, Duration.ofDays(1)))
                .hasMessage("limit must be between 1 and 1000, was 0");
    }
}
