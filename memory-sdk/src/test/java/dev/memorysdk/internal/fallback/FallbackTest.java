package dev.memorysdk.internal.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorysdk.FallbackPolicy;
import dev.memorysdk.Interaction;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.internal.resilience.DatabaseGuard;
import dev.memorysdk.internal.resilience.ResilienceSettings;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three fallback policies as objects, against a fake store and a fixed clock. */
class FallbackTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final RuntimeException DOWN = new RuntimeException(
            new SQLTransientConnectionException("Connection is not available"));

    private final Map<String, List<String>> stored = new HashMap<>();
    private final DatabaseGuard guard = new DatabaseGuard("fallback-test",
            new ResilienceSettings(50, 100, 100, Duration.ofSeconds(1), 1, 1, Duration.ofMillis(1)), CLOCK);

    private Fallback of(FallbackPolicy policy) {
        return Fallback.of(policy, 2, Long.MAX_VALUE, (session, ids, turns) -> {
            stored.computeIfAbsent(session, id -> new ArrayList<>()).addAll(turns);
            return turns.size();
        }, guard);
    }

    private static Interaction turn(String id) {
        return new Interaction(id, "q", "a", CLOCK.instant());
    }

    @Test
    void failThrowsNamingTheCallAndKeepsNothing() {
        Fallback fail = of(FallbackPolicy.FAIL);
        assertThatThrownBy(() -> fail.answer("append for session s", DOWN, () -> true))
                .isInstanceOf(MemoryUnavailableException.class)
                .hasMessageStartingWith("append for session s failed: the database is unavailable (")
                .hasMessageContaining("Connection is not available");
        assertThat(fail.keep("s", List.of(turn("t1")), List.of("t1"))).isFalse();
        assertThat(fail.keepsTurns()).isFalse();
    }

    @Test
    void skipAnswersTheDegradedResultAndKeepsNothing() {
        Fallback skip = of(FallbackPolicy.SKIP);
        assertThat(skip.answer("getContext for session s", DOWN, () -> "degraded")).isEqualTo("degraded");
        assertThat(skip.keep("s", List.of(turn("t1")), List.of("t1"))).isFalse();
        assertThat(skip.hasKept("s")).isFalse();
        assertThat(skip.keptCount()).isZero();
    }

    @Test
    void bufferKeepsWhatFitsReplaysItInOrderAndRefusesTheRestAfterSealing() {
        Fallback buffer = of(FallbackPolicy.BUFFER);
        assertThat(buffer.keep("s", List.of(turn("t1")), List.of("t1"))).isTrue();
        assertThat(buffer.keep("s", List.of(turn("t2")), List.of("t2"))).isTrue();
        assertThat(buffer.keep("s", List.of(turn("t3")), List.of("t3"))).as("full").isFalse();
        assertThat(buffer.keptFor("s")).extracting(Interaction::id).containsExactly("t1", "t2");
        assertThat(buffer.refusedWhenFull()).isEqualTo(1);

        buffer.replay();
        assertThat(stored.get("s")).containsExactly("t1", "t2");
        assertThat(buffer.hasKept("s")).isFalse();

        buffer.seal();
        assertThat(buffer.keep("s", List.of(turn("t4")), List.of("t4"))).as("sealed on close").isFalse();
        assertThat(buffer.keptCount()).isZero();
    }
}
