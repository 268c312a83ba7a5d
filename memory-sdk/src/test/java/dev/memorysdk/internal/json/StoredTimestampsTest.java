package dev.memorysdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTimestampsTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-24T21:43:39.123456Z,        2026-11-24T21:43:39.123456Z",
            "2026-11-24T21:43:39.123456,         2026-11-24T21:43:39.123456Z",
            "2026-11-24T21:43:39.123456+00:00,   2026-11-24T21:43:39.123456Z",
            "2026-11-24T23:43:39+02:00,          2026-11-24T21:43:39Z",
            "2026-11-24 21:43:39.5,              2026-11-24T21:43:39.500Z",
            "2026-11-24T21:43,                   2026-11-24T21:43:00Z",
            "2026-11-24T21:43:39-0530,           2026-11-25T03:13:39Z"})
    void readsIsoAndPythonIsoformatTimestamps(String stored, String expected) {
        assertThat(StoredTimestamps.parse(stored)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00", "1732484619", "2026-11-24T25:00:00"})
    void rejectsWhatIsNotATimestamp(String stored) {
        assertThat(StoredTimestamps.parse(stored)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T21:43:39Z", "2026-11-24T21:43:39.123456789Z"})
    void formatsAsIsoUtcAndReadsBackTheSameInstant(String text) {
        Instant instant = Instant.parse(text);
        assertThat(StoredTimestamps.format(instant)).endsWith("Z");
        assertThat(StoredTimestamps.parse(StoredTimestamps.format(instant))).contains(instant);
    }
}
