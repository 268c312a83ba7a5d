package dev.memorysdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryScanTest {

    /** Written form, a repeat, Python's form with an offset, a text that only looks like one, and no text. */
    private static final Jsonb TIMESTAMPS = new Jsonb("[\"2024-05-01T12:00:00.500Z\", \"2024-05-01T11:00:00Z\","
            + " \"2024-05-01T11:00:00Z\", \"2024-05-01T13:30:00+02:00\", \"2024-13-01T00:00:00Z\","
            + " \"2024-05-01T12:00:01Z\", null, {\"not\": \"a timestamp\"}]");
    private static final Instant CUTOFF = Instant.parse("2024-05-01T12:00:00.500Z");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theExpiredTextsAreThoseBeforeTheCutoffEachOnceWhetherOrNotTheOldestIsAskedFor(boolean findOldest) {
        ExpiryScan scan = ExpiryScan.of(TIMESTAMPS, CUTOFF, findOldest);

        assertThat(scan.expired()).containsExactly("2024-05-01T11:00:00Z", "2024-05-01T13:30:00+02:00");
    }

    @Test
    void theOldestIsFoundOnlyWhenAskedFor() {
        assertThat(ExpiryScan.of(TIMESTAMPS, CUTOFF, true).oldest()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        assertThat(ExpiryScan.of(TIMESTAMPS, CUTOFF, false).oldest()).isNull();
    }

    @Test
    void noTimestampsIsNothingExpired() {
        assertThat(ExpiryScan.of(null, CUTOFF, true).expired()).isEmpty();
        assertThat(ExpiryScan.of(new Jsonb("[]"), CUTOFF, true).oldest()).isNull();
    }

    @Test
    void timestampsThatAreNotAnArrayAreRefused() {
        assertThatThrownBy(() -> ExpiryScan.of(new Jsonb("{}"), CUTOFF, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a JSON array");
    }
}
