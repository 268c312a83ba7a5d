package dev.memorysdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:34:56Z", "2024-05-01T12:34:56.1Z", "2024-05-01T12:34:56.123Z",
            "2024-05-01T12:34:56.123456Z", "2024-05-01T12:34:56.123456789Z", "1999-12-31T23:59:59.000000001Z"})
    void readsEveryFormTheSdkWritesExactly(String text) {
        assertThat(StoredTimestamps.parse(text)).contains(Instant.parse(text));
    }

    @Test
    void readsWhatItFormats() {
        Instant now = Instant.now();
        assertThat(StoredTimestamps.format(now)).endsWith("Z");
        assertThat(StoredTimestamps.parse(StoredTimestamps.format(now))).contains(now);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00.100Z", "2024-05-01T12:34:56.000001Z",
            "2024-05-01T12:34:56.120Z", "2024-05-01T12:34:56.000000010Z", "-0001-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"})
    void formatsEveryInstantAsTheIsoInstantFormatterDoes(String text) {
        Instant instant = Instant.parse(text);

        assertThat(StoredTimestamps.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant))
                .isEqualTo(text);
    }

    @Test
    void formatsRandomInstantsOfEveryYearAndPrecisionAsTheIsoInstantFormatterDoes() {
        Random random = new Random(42);
        long first = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        int[] precisions = {1, 1_000, 1_000_000, 1_000_000_000};
        for (int i = 0; i < 100_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first));
            int unit = precisions[random.nextInt(precisions.length)];
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000 / unit) * unit);

            assertThat(StoredTimestamps.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-24T21:43:39.123456,         2026-11-24T21:43:39.123456Z",
            "2026-11-24T21:43:39.123456+00:00,   2026-11-24T21:43:39.123456Z",
            "2026-11-24T23:43:39+02:00,          2026-11-24T21:43:39Z",
            "2026-11-24 21:43:39.5,              2026-11-24T21:43:39.500Z",
            "2026-11-24T21:43,                   2026-11-24T21:43:00Z",
            "2026-11-24T21:43:39-0530,           2026-11-25T03:13:39Z"})
    void readsPythonIsoformatAndOtherWritersForms(String stored, String expected) {
        assertThat(StoredTimestamps.parse(stored)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "not a timestamp", "2026-13-01T00:00:00", "2024-13-01T12:34:56Z",
            "2024-05-01T1x:34:56Z", "1732484619", "2026-11-24T25:00:00"})
    void rejectsWhatIsNotATimestamp(String stored) {
        assertThat(StoredTimestamps.parse(stored)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T12:34:55.999999999Z, 2024-05-01T12:34:56Z,       true",
            "2024-05-01T12:34:56Z,           2024-05-01T12:34:56Z,       false",
            "2024-05-01T12:34:56.1Z,         2024-05-01T12:34:56.2Z,     true",
            "2024-05-01T12:34:56.2Z,         2024-05-01T12:34:56.1Z,     false",
            "2024-05-01T12:34:56.5Z,         2024-05-01T12:34:56Z,       false",
            "2024-05-01T12:34:56Z,           2024-05-01T12:34:56.5Z,     true",
            "2023-12-31T23:59:59Z,           2024-01-01T00:00:00Z,       true",
            "2024-01-01T00:00:01Z,           2024-01-01T00:00:00.9Z,     false",
            "2024-05-01T14:34:56+02:00,      2024-05-01T12:34:57Z,       true",
            "2024-05-01 12:34:58,            2024-05-01T12:34:57Z,       false",
            "2024-13-01T12:34:56Z,           2025-01-01T00:00:00Z,       false",
            "2024-13-01T12:34:56Z,           2024-01-01T00:00:00Z,       false",
            "not a timestamp,                2024-01-01T00:00:00Z,       false",
            "2024-05-01T12:34:56Z,           +10000-01-01T00:00:00Z,     true",
            "2024-05-01T12:34:56Z,           -0001-01-01T00:00:00Z,      false"})
    void tellsWhetherAStoredTimestampIsBeforeAnInstantAsParsingItWould(String stored, String bound, boolean before) {
        Instant instant = Instant.parse(bound);
        assertThat(StoredTimestamps.isBefore(stored, StoredTimestamps.bound(instant))).isEqualTo(before);
        assertThat(StoredTimestamps.parse(stored).map(parsed -> parsed.isBefore(instant)).orElse(false))
                .isEqualTo(before);
    }
}
